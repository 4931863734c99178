/**
 * Tensor printing against PyTorch: every case in test/fixtures/repr.json
 * (written by scripts/golden_repr.py with real PyTorch 1.13) is rebuilt here
 * from its recipe, and String(t) and util.inspect(t) must equal Python's
 * repr(t) exactly.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import * as torch from "../lib";
import { formatExp, formatFixed, set_printoptions, type PrintOptionsArg } from "../lib/tensor_str";
import { fixturePath } from "./helpers/fixtures";

type Encoded = number | string | boolean;
interface Case {
  name: string;
  dtype: string;
  shape: number[];
  values?: Encoded[];
  randn?: { seed: number; scale: number };
  requires_grad?: boolean;
  op?: "mul_tensor" | "mul_scalar" | "add_scalar" | "sum" | "complex64_sqrt" | "complex128_sqrt" | null;
  printoptions?: PrintOptionsArg;
  repr: string;
}
interface NumberCase {
  x: Encoded;
  digits: number;
  f: string;
  e: string;
}

const fixture = JSON.parse(readFileSync(fixturePath("repr.json"), "utf8")) as {
  cases: Case[];
  numbers: NumberCase[];
};

const dtypes: Record<string, torch.dtype> = {
  float32: torch.float32, float64: torch.float64, float16: torch.float16, bfloat16: torch.bfloat16,
  int8: torch.int8, int16: torch.int16, int32: torch.int32, int64: torch.int64, uint8: torch.uint8, bool: torch.bool,
};

/** A float the fixture wrote as a string ("NaN", "Infinity", "-Infinity", "-0") or as a number. */
function toNumber(v: Encoded): number {
  return Number(v);
}

/** The tensor a recipe describes, by the same steps as build() in scripts/golden_repr.py. */
function build(c: Case): torch.Tensor {
  const dtype = dtypes[c.dtype];
  let x: torch.Tensor;
  if (c.randn) {
    torch.manual_seed(c.randn.seed);
    x = torch.randn(c.shape).mul(c.randn.scale).to(dtype);
  } else {
    const values = c.values ?? [];
    let flat: torch.Tensor;
    if (dtype === torch.bool) flat = torch.tensor(values as boolean[], { dtype });
    else if (dtype === torch.int64) flat = torch.tensor(BigInt64Array.from(values, (v) => BigInt(v as number | string)));
    else flat = torch.tensor(Float64Array.from(values, toNumber), { dtype });
    x = flat.reshape(c.shape);
  }
  if (c.requires_grad) x.requires_grad_(true);
  switch (c.op) {
    case "mul_tensor": return x.mul(x);
    case "mul_scalar": return x.mul(2);
    case "add_scalar": return x.add(1);
    case "sum": return x.sum();
    case "complex64_sqrt": return x.to(torch.complex64).sqrt();
    case "complex128_sqrt": return x.to(torch.complex128).sqrt();
    default: return x;
  }
}

for (const c of fixture.cases) {
  // Print options are global, so these cases run one at a time and restore the defaults.
  test.serial(`repr: ${c.name}`, (t) => {
    const x = build(c);
    if (c.printoptions) set_printoptions(c.printoptions);
    try {
      t.is(String(x), c.repr);
      t.is(inspect(x), c.repr);
      t.is(`${x}`, c.repr);
    } finally {
      set_printoptions({ profile: "default" });
    }
  });
}

test("Python's '{:.Nf}' and '{:.Ne}' for awkward doubles", (t) => {
  for (const n of fixture.numbers) {
    const x = toNumber(n.x);
    t.is(formatFixed(x, n.digits), n.f, `'{:.${n.digits}f}'.format(${String(n.x)})`);
    t.is(formatExp(x, n.digits), n.e, `'{:.${n.digits}e}'.format(${String(n.x)})`);
  }
});

test.serial("set_printoptions resets sci_mode when it is not given, as PyTorch does", (t) => {
  const x = torch.tensor([1.5, 2]);
  try {
    set_printoptions({ sci_mode: true });
    t.is(String(x), "tensor([1.5000e+00, 2.0000e+00])");
    set_printoptions({ precision: 2 });
    t.is(String(x), "tensor([1.50, 2.00])");
  } finally {
    set_printoptions({ profile: "default" });
  }
  t.is(String(x), "tensor([1.5000, 2.0000])");
});

test.serial("float64 default dtype: float64 loses its suffix and float32 gains one", (t) => {
  try {
    torch.set_default_dtype(torch.float64);
    t.is(String(torch.tensor(new Float64Array([0.5, 2]))), "tensor([0.5000, 2.0000])");
    t.is(String(torch.tensor([0.5, 2], { dtype: torch.float32 })), "tensor([0.5000, 2.0000], dtype=torch.float32)");
    t.is(String(torch.tensor([], { dtype: torch.float32 })), "tensor([], dtype=torch.float32)");
  } finally {
    torch.set_default_dtype(torch.float32);
  }
});

test("views print their own elements", (t) => {
  const x = torch.arange(6).reshape(2, 3);
  t.is(String(x.t()), "tensor([[0, 3],\n        [1, 4],\n        [2, 5]])");
  t.is(String(x.index(":", 1)), "tensor([1, 4])");
});

test("a disposed tensor inspects without throwing", (t) => {
  const x = torch.ones(2);
  x.dispose();
  t.is(inspect(x), "tensor(<disposed>)");
});

const cuda = torch.cuda.is_available() ? test : test.skip;
cuda("CUDA tensors name their device", (t) => {
  t.is(String(torch.tensor([1, 2]).to("cuda")), "tensor([1., 2.], device='cuda:0')");
  t.is(String(torch.tensor([1, 2], { requires_grad: true }).to("cuda")), "tensor([1., 2.], device='cuda:0', grad_fn=<ToCopyBackward0>)");
});

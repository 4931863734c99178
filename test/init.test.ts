/**
 * torch.nn.init against real PyTorch: scripts/golden_init.py runs at test time
 * with the Python of this libtorch; every initialiser, after the same
 * manual_seed, must leave the same bytes in the tensor (and the random stream
 * where Python leaves it), and raise PyTorch's errors and warnings.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import { nn } from "../lib";
import { compareTensor, dtypeByName, errorOf, type ErrorValue, type FullTensor } from "./helpers/nn_golden";
import { PYTHON } from "./helpers/fixtures";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface InitCase {
  fn: string; shape: number[]; dtype: string; args: Json[]; kwargs: Record<string, Json>; seed: number;
  error: ErrorValue | null; warnings: [string, string][]; result: FullTensor | null; after: FullTensor;
}
interface Golden {
  torch_version: string;
  init: InitCase[];
  gains: { args: Json[]; value: number | null; error: ErrorValue | null }[];
  fan_errors: { shape: number[]; error: ErrorValue }[];
}

/** Runs scripts/golden_init.py with this libtorch's Python and parses what it prints. */
function runGoldenInit<T>(): T {
  const script = path.join(__dirname, "..", "scripts", "golden_init.py");
  const py = spawnSync(PYTHON, [script], { encoding: "utf8", timeout: 240_000, maxBuffer: 256 << 20, env: { ...process.env, OMP_NUM_THREADS: "1" } });
  if (py.status !== 0) throw new Error(`${PYTHON} ${script} failed: ${py.stderr}`);
  return JSON.parse(py.stdout) as T;
}

const golden = runGoldenInit<Golden>();
torch.set_num_threads(1);
type AnyFn = (...args: unknown[]) => unknown;
const init = nn.init as unknown as Record<string, AnyFn>;

/** Runs fn, recording the warnings it emits as [category, message]. */
function recordWarnings(fn: () => void): [string, string][] {
  const seen: [string, string][] = [];
  const original = process.emitWarning;
  process.emitWarning = ((message: string, type?: string) => void seen.push([type ?? "Warning", message])) as typeof process.emitWarning;
  try {
    fn();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

test("the golden comes from the libtorch under test", (t) => {
  t.is(golden.torch_version.split("+")[0].split(".").slice(0, 2).join("."), torch.libtorch_version.split(".").slice(0, 2).join("."));
});

for (const c of golden.init) {
  test(`init.${c.fn} on ${c.dtype}[${c.shape}] ${JSON.stringify(c.args)} ${JSON.stringify(c.kwargs)}`, (t) => {
    torch.manual_seed(c.seed);
    const tensor = torch.empty(c.shape, { dtype: dtypeByName(c.dtype) });
    const kwargs: Record<string, unknown> = { ...c.kwargs };
    if (kwargs.generator === "gen") kwargs.generator = new torch.Generator().manual_seed(1000 + c.seed);
    const args: unknown[] = [...c.args];
    if (Object.keys(kwargs).length) args.push(kwargs);
    let error: ErrorValue | null = null;
    const warnings = recordWarnings(() => (error = errorOf(() => init[c.fn](tensor, ...args))));
    t.deepEqual(error, c.error);
    t.deepEqual(warnings, c.warnings);
    if (c.result) t.deepEqual(compareTensor("result", tensor, c.result), []);
    t.deepEqual(compareTensor("the random stream after", torch.rand(3), c.after), []);
  });
}

test("calculate_gain and the fan computation as PyTorch's", (t) => {
  for (const g of golden.gains) {
    let value = null as number | null;
    const error = errorOf(() => (value = nn.init.calculate_gain(...(g.args as [never]))));
    t.deepEqual(error, g.error, JSON.stringify(g.args));
    t.is(value, g.value, JSON.stringify(g.args));
  }
  t.is(nn.init.calculate_gain({ nonlinearity: "leaky_relu", param: 0.2 }), nn.init.calculate_gain("leaky_relu", 0.2));
  for (const f of golden.fan_errors) t.deepEqual(errorOf(() => nn.init._calculate_fan_in_and_fan_out(torch.empty(f.shape))), f.error);
});

test("init functions take PyTorch's arguments positionally or as options, and keep autograd out", (t) => {
  const w = new nn.Parameter(torch.empty(4, 3));
  torch.manual_seed(0);
  const a = nn.init.kaiming_uniform_(w, Math.sqrt(5)).clone();
  torch.manual_seed(0);
  const b = nn.init.kaiming_uniform_(w, { a: Math.sqrt(5) }).clone();
  t.true(a.equal(b));
  t.is(nn.init.uniform_(w, -1, 1), w);
  t.is(w.grad_fn, null);
  t.true(w.requires_grad);
  t.throws(() => nn.init.constant_(w, undefined as never), { instanceOf: TypeError, message: "constant_() missing 1 required positional argument: 'val'" });
  t.throws(() => nn.init.uniform_(3 as never), { instanceOf: TypeError, message: /argument 'tensor' \(position 1\) must be Tensor, not int/ });
  t.deepEqual(nn.init.eye_(w).sum().item(), 3);
});

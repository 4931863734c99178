/**
 * The generated op layer (lib/_generated/, written by scripts/gen/ops.sh):
 * it is what the generator writes today, every declared op is installed,
 * and every overload declared for this libtorch's release finds its schema
 * in libtorch's dispatcher with the same arguments (declared = registered).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import * as declarations from "../lib/_generated/declarations";
import * as fft from "../lib/_generated/fft";
import * as linalg from "../lib/_generated/linalg";
import * as special from "../lib/_generated/special";
import * as generatedTorch from "../lib/_generated/torch";
import { methodNames } from "../lib/_generated/tensor_methods";
import { callOp, prepare, type Op } from "../lib/_ops/call";
import { libtorch_version } from "../lib/version";

const root = path.resolve(__dirname, "..");
const release = libtorch_version.split(".").slice(0, 2).join(".");
const pythons = [
  "/usr/bin/python3",
  ...(fs.existsSync(path.join(os.homedir(), ".cache", "torchnode")) ? fs.readdirSync(path.join(os.homedir(), ".cache", "torchnode")) : [])
    .filter((d) => d.startsWith("pytorch-"))
    .map((d) => path.join(os.homedir(), ".cache", "torchnode", d, "bin", "python")),
].filter((p) => fs.existsSync(p));
const releasesHere = pythons.map((py) => spawnSync(py, ["-c", "import torch; print('.'.join(torch.__version__.split('.')[:2]))"], { encoding: "utf8" }).stdout.trim());
const canRegenerate = declarations.releases.every((r) => releasesHere.includes(r));

const regenerate = `lib/_generated is what scripts/gen/ops.sh writes from the PyTorches here${canRegenerate ? "" : ` (skipped: it needs PyTorch ${declarations.releases.join(" and ")}, found ${releasesHere.join(", ") || "none"}; scripts/test.sh installs them)`}`;
(canRegenerate ? test : test.skip)(regenerate, (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-gen-"));
  try {
    const r = spawnSync("bash", [path.join(root, "scripts", "gen", "ops.sh"), out], { cwd: root, encoding: "utf8", timeout: 300_000 });
    t.is(r.status, 0, r.stderr);
    for (const file of fs.readdirSync(path.join(root, "lib", "_generated"))) {
      const committed = fs.readFileSync(path.join(root, "lib", "_generated", file), "utf8");
      const fresh = fs.readFileSync(path.join(out, file), "utf8");
      t.true(committed === fresh, `lib/_generated/${file} differs from the generator's output: run bash scripts/gen/ops.sh`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
test("every generated function and method is installed", (t) => {
  const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
  t.deepEqual(methodNames.filter((n) => typeof proto[n] !== "function"), []);
  for (const space of [generatedTorch, linalg, special, fft] as Record<string, unknown>[]) {
    t.deepEqual(Object.entries(space).filter(([, f]) => typeof f !== "function").map(([n]) => n), []);
  }
  t.true(methodNames.length > 400 && Object.keys(generatedTorch).length > 500);
});

test(`every overload declared for PyTorch ${release} is registered in this libtorch with the declared arguments`, (t) => {
  let overloads = 0;
  const absent: string[] = [];
  for (const [space, table] of Object.entries({ torch: declarations.torch, Tensor: declarations.Tensor, linalg: declarations.linalg, special: declarations.special, fft: declarations.fft })) {
    for (const [name, decls] of Object.entries(table)) {
      const op: Op = { name, method: space === "Tensor", decls };
      for (const ov of prepare(op)) {
        overloads++;
        if (ov.handle < 0) absent.push(`${space}.${name}: ${ov.sig.schema.text}`);
        if (ov.sig.out && ov.outHandle < 0) absent.push(`${space}.${name} out=: ${ov.sig.out.text}`);
      }
    }
  }
  t.log(`${overloads} overloads of PyTorch ${release} checked against the dispatcher`);
  if (declarations.releases.includes(release)) t.deepEqual(absent, []);
  else t.log(`PyTorch ${release} is not one the tables were read from: ${absent.length} declared overloads are absent or declared otherwise here`);
  t.true(overloads > 1500);
});

test("an op of other releases says which PyTorch has it", (t) => {
  const op: Op = { name: "imaginary_op", method: false, decls: [{ schema: "imaginary_op(Tensor self) -> Tensor", only: ["9.9"] }] };
  const e = t.throws(() => callOp(op, undefined, [torch.ones(1)]), { instanceOf: torch.NotImplementedError });
  t.is(e?.message, `imaginary_op() is not in this libtorch (${libtorch_version}); it is in PyTorch 9.9`);
});

test("an overload whose schema this libtorch lacks says so", (t) => {
  const op: Op = { name: "imaginary_op", method: false, decls: [{ schema: "imaginary_op(Tensor self) -> Tensor" }] };
  const e = t.throws(() => callOp(op, undefined, [torch.ones(1)]), { instanceOf: torch.NotImplementedError });
  t.regex(e?.message ?? "", /^imaginary_op\(Tensor input\) is ATen's imaginary_op, which this libtorch \(.*\) does not have/);
});

test("an in-place function returns the tensor it was given, as torch.relu_(x) is x in Python", (t) => {
  const x = torch.tensor([-1, 2]);
  t.is(torch.relu_(x), x);
  t.is(torch.relu_(x, {} as never), x); // the general path too
  const y = torch.ones(3);
  t.is(torch.dropout_(y, 0.0, true), y);
  t.deepEqual(x.tolist(), [0, 2]);
});

test("x.contiguous() is x when x is contiguous, as in Python; clone and contiguous honour memory_format", (t) => {
  const x = torch.randn(2, 3, 4, 5);
  t.is(x.contiguous(), x);
  const v = x.transpose(0, 1);
  t.not(v.contiguous(), v);
  for (const y of [torch.clone(x, { memory_format: torch.channels_last }), x.clone({ memory_format: torch.channels_last }), x.contiguous({ memory_format: torch.channels_last })]) {
    t.true(y.is_contiguous({ memory_format: torch.channels_last }));
    t.false(y.is_contiguous());
    t.true(torch.equal(y, x));
  }
});

// The compiled entry (lib/_ops/fast.ts) binds an options object of keywords
// itself (NumPy's names, out= and requires_grad go to the general path).
// Both must bind every call the same way.
test("keywords on the compiled path bind as the general path binds them", (t) => {
  const a = torch.tensor([1.5, -2, 3]), b = torch.tensor([4, 5, 6.25]);
  const cases: [space: "Tensor" | "torch", name: string, self: torch.Tensor | undefined, args: unknown[]][] = [
    ["Tensor", "add", a, [b, { alpha: 2 }]],
    ["Tensor", "add", a, [b, { alpha: undefined }]],
    ["Tensor", "add", a, [2, { alpha: 3 }]],
    ["Tensor", "sub", a, [b, { alpha: -0.5 }]],
    ["Tensor", "sum", a, [{ dtype: torch.float64 }]],
    ["Tensor", "cumsum", a, [0, { dtype: torch.float64 }]],
    ["torch", "add", undefined, [a, b, { alpha: 0.25 }]],
    ["torch", "zeros", undefined, [2, 3, { dtype: torch.float64 }]],
    ["torch", "ones", undefined, [[2], { dtype: torch.int64, layout: torch.strided }]],
    ["torch", "full", undefined, [[2], 7, { dtype: torch.int32 }]],
    ["torch", "arange", undefined, [0, 5, 2, { dtype: torch.float64 }]],
    ["Tensor", "sum", a, [{ dim: 0 }]],
    ["Tensor", "sum", a, [{ dim: [0], keepdim: true, dtype: torch.float64 }]],
    ["Tensor", "sum", a, [0, { keepdim: true }]],
    ["Tensor", "clamp", a, [{ min: 0 }]],
    ["Tensor", "clamp", a, [{ max: b }]],
    ["torch", "add", undefined, [{ input: a, other: b, alpha: 2 }]],
    ["torch", "mean", undefined, [a, { dim: 0, keepdim: true }]],
    ["torch", "quantile", undefined, [a, 0.5, { dim: 0, interpolation: "lower" }]],
    ["torch", "quantile", undefined, [a, torch.tensor([0.25, 0.5]), { dim: 0 }]],
  ];
  for (const [space, name, self, args] of cases) {
    const op: Op = { name, method: space === "Tensor", decls: (space === "Tensor" ? declarations.Tensor : declarations.torch)[name] };
    const general = callOp(op, self as never, [...args]) as torch.Tensor;
    const compiled = (self ? (self as unknown as Record<string, (...x: unknown[]) => torch.Tensor>)[name](...args) : (torch as unknown as Record<string, (...x: unknown[]) => torch.Tensor>)[name](...args));
    const what = `${space}.${name}(${args.map((x) => (x instanceof torch.Tensor ? "T" : JSON.stringify(x))).join(", ")})`;
    t.is(compiled.dtype, general.dtype, what);
    t.deepEqual(compiled.tolist(), general.tolist(), what);
  }
  // What the compiled path does not take, the general one reports in Python's words.
  const add = a.add.bind(a) as (...x: unknown[]) => torch.Tensor;
  t.throws(() => add(b, { alpha: 2, beta: 1 }), { instanceOf: torch.TorchTypeError, message: "add() got an unexpected keyword argument 'beta'" });
  t.throws(() => add(b, { alpha: "x" }), { instanceOf: torch.TorchTypeError, message: /argument 'alpha' must be Number, not str/ });
  t.true(torch.zeros([2], { dtype: torch.float64, requires_grad: true }).requires_grad);
  // By position and by name at once: never bound.
  const sum = a.sum.bind(a) as (...x: unknown[]) => torch.Tensor;
  t.throws(() => sum(0, { dim: 0 }), { instanceOf: torch.TorchTypeError });
});

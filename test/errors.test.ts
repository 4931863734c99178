import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import { torchAtLeast } from "../lib/version";

// Python 2.x prints SymInt parameters as ints.
const libtorch2 = torchAtLeast(2, 0);

test("shape mismatch is a RuntimeError with PyTorch's message", (t) => {
  const e = t.throws(() => torch.ones(2, 3).matmul(torch.ones(2, 3)), { instanceOf: torch.RuntimeError });
  // libtorch 2.x names the op first ("mm: ").
  t.regex(e!.message, /^(mm: )?mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)$/);
  t.true(e instanceof torch.TorchError);
  t.is(e?.name, "RuntimeError");
});

test("broadcast mismatch names both sizes", (t) => {
  const e = t.throws(() => torch.ones(3).add(torch.ones(4)), { instanceOf: torch.RuntimeError });
  t.regex(e?.message ?? "", /The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 0/);
});

test("dtype mismatch is a RuntimeError", (t) => {
  const e = t.throws(() => torch.ones(2, 2).mm(torch.ones(2, 2, { dtype: torch.float64 })), { instanceOf: torch.RuntimeError });
  t.regex(e?.message ?? "", /expected .*(Float|Double)/i);
});

test("out-of-range index is an IndexError that is also a RangeError", (t) => {
  const e = t.throws(() => torch.ones(2).select(0, 5), { instanceOf: torch.IndexError });
  t.true(e instanceof RangeError);
  t.true(e instanceof torch.TorchError);
  t.is(e?.message, "select(): index 5 out of range for tensor of size [2] at dimension 0");
});

test("a bad device string is a RuntimeError listing the device types", (t) => {
  const e = t.throws(() => torch.ones(2).to("gpu:0"), { instanceOf: torch.RuntimeError });
  t.regex(e?.message ?? "", /Expected one of cpu, cuda.* device type at start of device string: gpu/);
  t.throws(() => new torch.device("nonsense"), { instanceOf: torch.RuntimeError });
});

test("wrong JS argument types are TypeErrors naming what was expected", (t) => {
  const e = t.throws(() => torch.ones(2).add("one" as never), { instanceOf: TypeError });
  t.is(e?.message, "add(): argument 'other' (position 1) must be Tensor, not str");
  t.true(e instanceof torch.TorchError);
  t.throws(() => torch.zeros("a" as never), { instanceOf: TypeError });
  const v = t.throws(() => torch.ones(2).view(1.5), { instanceOf: TypeError });
  // Python's message, overload by overload.
  t.is(
    v?.message,
    `view() received an invalid combination of arguments - got (float), but expected one of:\n * (torch.dtype dtype)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (tuple of ${libtorch2 ? "ints" : "SymInts"} size)\n      didn't match because some of the arguments have invalid types: (!float!)\n`,
  );
});

test("autograd errors surface: backward on a non-scalar, and twice without retain_graph", (t) => {
  const x = torch.ones([2], { requires_grad: true });
  const e = t.throws(() => x.mul(2).backward(), { instanceOf: torch.RuntimeError });
  t.is(e?.message, "grad can be implicitly created only for scalar outputs");
  const y = x.exp().sum();
  y.backward();
  t.throws(() => y.backward(), { instanceOf: torch.RuntimeError, message: /Trying to backward through the graph a second time/ });
  const nonLeaf = x.mul(2);
  t.throws(() => (nonLeaf.requires_grad = false), { instanceOf: torch.RuntimeError, message: /^you can only change requires_grad flags of leaf variables\. If you want/ });
  t.throws(() => torch.ones(2, { dtype: torch.int64 }).requires_grad_(), { instanceOf: torch.RuntimeError, message: "only Tensors of floating point dtype can require gradients" });
  t.throws(() => (torch.ones(2, { dtype: torch.int64 }).requires_grad = true), { instanceOf: torch.RuntimeError, message: "only Tensors of floating point and complex dtype can require gradients" });
});

test("every native entry point fails with a JS error on bad input, and the process lives on", (t) => {
  const script = path.join(__dirname, "helpers", "call_every_native.ts");
  const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 120_000 });
  t.is(child.signal, null, `the child died by signal ${child.signal}: ${child.stderr.slice(-2000)}`);
  t.is(child.status, 0, child.stderr.slice(-2000));
  const lines = child.stdout.trim().split("\n");
  const summary = JSON.parse(lines[lines.length - 1]) as { calls: number; unexpected: string[] };
  t.true(summary.calls > 3000, `only ${summary.calls} calls`);
  t.deepEqual(summary.unexpected, []);
});

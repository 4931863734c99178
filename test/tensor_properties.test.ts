/**
 * Tensor properties Python defines on torch.Tensor (is_cpu, layout,
 * itemsize, nbytes, H, mH, real), against what Python's PyTorch gives.
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import * as torch from "../lib";
import { PYTHON } from "./helpers/fixtures";

const python = JSON.parse(
  execFileSync(PYTHON, ["-c", `
import json, torch
def attempt(f):
    try:
        v = f()
        return {"shape": list(v.shape)} if isinstance(v, torch.Tensor) else {"value": v}
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}
out = {}
for shape in [[], [3], [2, 3], [2, 3, 4]]:
    x = torch.ones(shape, dtype=torch.float64)
    out[str(shape)] = {"H": attempt(lambda: x.H), "mH": attempt(lambda: x.mH), "real": attempt(lambda: x.real),
                       "is_cpu": x.is_cpu, "layout": str(x.layout), "itemsize": x.element_size(), "nbytes": x.numel() * x.element_size()}
print(json.dumps(out))
`], { encoding: "utf8" }),
) as Record<string, { H: unknown; mH: unknown; real: unknown; is_cpu: boolean; layout: string; itemsize: number; nbytes: number }>;

function attempt(f: () => torch.Tensor): unknown {
  try {
    return { shape: [...f().shape] };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

test("H, mH, real and the size properties read as Python's", (t) => {
  for (const [shape, want] of Object.entries(python)) {
    const x = torch.ones(JSON.parse(shape) as number[], { dtype: torch.float64 });
    t.deepEqual(attempt(() => x.H), want.H, `H of ${shape}`);
    t.deepEqual(attempt(() => x.mH), want.mH, `mH of ${shape}`);
    t.deepEqual(attempt(() => x.real), want.real, `real of ${shape}`);
    t.is(x.is_cpu, want.is_cpu);
    t.is(String(x.layout), want.layout);
    t.is(x.itemsize, want.itemsize);
    t.is(x.nbytes, want.nbytes);
  }
});

test("a tensor iterates along dim 0 as Python's iter(t) does; a 0-d tensor refuses", (t) => {
  const w = torch.arange(6).view(3, 2);
  const rows = [...w];
  t.is(rows.length, 3);
  t.deepEqual(rows.map((r) => r.tolist()), [[0, 1], [2, 3], [4, 5]]);
  t.deepEqual([...torch.tensor([1.5, 2.5])].map((x) => x.item()), [1.5, 2.5]);
  t.throws(() => [...torch.tensor(1)], { instanceOf: torch.TorchTypeError, message: "iteration over a 0-d tensor" });
});

test("torch.device is callable without new, as in Python", (t) => {
  const d = torch.device("cpu");
  t.true(d instanceof torch.device);
  t.is(String(d), "cpu");
  t.true(new torch.device("cpu", 0) instanceof torch.device);
});

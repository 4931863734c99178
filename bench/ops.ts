/**
 * Per-op cost of a few operations, torchnode against Python PyTorch
 * (bench/ops.py, timed the same way) in the same run.
 *
 * Usage: node --expose-gc --import tsx bench/ops.ts [--device cpu|cuda:0] [--threads N] [--json]
 * With --expose-gc, garbage left by one op is collected before the next op is
 * timed (Python frees it at once by reference counting). On CUDA each timed
 * loop ends with torch.cuda.synchronize().
 */
import * as torch from "../lib";
import { benchOptions, compare, report, runPython, timing, type Timing } from "./common";

export const REPEATS = 7;
const TARGET_S = 0.25;

type Loop = (n: number) => unknown;

/** name -> a loop running the op n times; each keeps its last result, as user code would. */
function makeOps(device: string): Record<string, Loop> {
  const on = { device };
  const a = torch.rand([1], on), b = torch.rand([1], on);
  const bigA = torch.rand([1_000_000], on), bigB = torch.rand([1_000_000], on), bigOut = torch.empty([1_000_000], on);
  const x = torch.rand([512, 784], on), w = torch.rand([784, 16], on);
  const one = torch.rand([1], on);
  return {
    op_add_small: (n) => { let r; for (let i = 0; i < n; i++) r = a.add(b); return r; },
    op_add_large: (n) => { let r; for (let i = 0; i < n; i++) r = bigA.add(bigB); return r; },
    // The same add into one warm block on both sides (out=): no allocation, no page faults.
    op_add_large_out: (n) => { let r; for (let i = 0; i < n; i++) r = torch.add(bigA, bigB, { out: bigOut }); return r; },
    matmul: (n) => { let r; for (let i = 0; i < n; i++) r = x.matmul(w); return r; },
    create_small: device === "cpu" ? (n) => { let r; for (let i = 0; i < n; i++) r = torch.zeros(1); return r; }
      : (n) => { let r; for (let i = 0; i < n; i++) r = torch.zeros([1], on); return r; },
    item: (n) => { let r; for (let i = 0; i < n; i++) r = one.item(); return r; },
  };
}

// Last results, so that no loop's work is dead code.
export let sink: unknown;

function measure(loop: Loop, sync: () => void): Timing {
  const run = (n: number) => {
    const t0 = process.hrtime.bigint();
    sink = loop(n);
    sync();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  global.gc?.(); // the previous op's garbage, outside the timed region
  let n = 1;
  let elapsed = run(1);
  while (elapsed < TARGET_S / 10) { // warm-up (and JIT tiering) and calibration
    n *= elapsed > TARGET_S / 100 ? 2 : 10;
    elapsed = run(n);
  }
  n = Math.max(1, Math.round((n * TARGET_S) / elapsed));
  const perOp: number[] = [];
  for (let r = 0; r < REPEATS; r++) perOp.push(run(n) / n);
  return timing(perOp);
}

/** Times every op on `device` with torch.set_num_threads(threads). */
export function measureOps(device: string, threads: number): Record<string, Timing> {
  torch.set_num_threads(threads);
  const sync = device.startsWith("cuda") ? () => torch.cuda.synchronize() : () => {};
  const results: Record<string, Timing> = {};
  for (const [name, loop] of Object.entries(makeOps(device))) results[name] = measure(loop, sync);
  return results;
}

if (require.main === module) {
  const options = benchOptions();
  const ours = measureOps(options.device, options.threads);
  const py = runPython<{ results: Record<string, Timing> }>("ops.py", options);
  report(Object.entries(ours).map(([name, t]) => compare(name, t, py.results[name])), options, `per op, median of ${REPEATS} repeats`);
}

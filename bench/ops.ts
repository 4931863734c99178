/**
 * Per-op cost of a few operations in torchnode, the Node side of
 * bench/compare.ts (bench/ops.py is the Python side, timed the same way).
 *
 * Usage: node --expose-gc --import tsx bench/ops.ts [--json] [--threads N]
 * With --expose-gc, garbage left by one op is collected before the next op is
 * timed (Python frees it at once by reference counting).
 */
import * as torch from "../lib";
import { libtorch_version } from "../lib/version";

export const REPEATS = 7;
const TARGET_S = 0.25;

export type Timing = { median: number; min: number; max: number; iterations: number };
type Loop = (n: number) => unknown;

/** name -> a loop running the op n times; each keeps its last result, as user code would. */
function makeOps(): Record<string, Loop> {
  const a = torch.rand(1), b = torch.rand(1);
  const bigA = torch.rand(1_000_000), bigB = torch.rand(1_000_000);
  const x = torch.rand(512, 784), w = torch.rand(784, 16);
  const one = torch.rand(1);
  return {
    op_add_small: (n) => { let r; for (let i = 0; i < n; i++) r = a.add(b); return r; },
    op_add_large: (n) => { let r; for (let i = 0; i < n; i++) r = bigA.add(bigB); return r; },
    matmul: (n) => { let r; for (let i = 0; i < n; i++) r = x.matmul(w); return r; },
    create_small: (n) => { let r; for (let i = 0; i < n; i++) r = torch.zeros(1); return r; },
    item: (n) => { let r; for (let i = 0; i < n; i++) r = one.item(); return r; },
  };
}

// Last results, so that no loop's work is dead code.
export let sink: unknown;

function run(n: number, loop: Loop): number {
  const t0 = process.hrtime.bigint();
  sink = loop(n);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function measure(loop: Loop): Timing {
  global.gc?.(); // the previous op's garbage, outside the timed region
  let n = 1;
  let elapsed = run(1, loop);
  while (elapsed < TARGET_S / 10) { // warm-up (and JIT tiering) and calibration
    n *= elapsed > TARGET_S / 100 ? 2 : 10;
    elapsed = run(n, loop);
  }
  n = Math.max(1, Math.round((n * TARGET_S) / elapsed));
  const perOp: number[] = [];
  for (let r = 0; r < REPEATS; r++) perOp.push(run(n, loop) / n);
  perOp.sort((p, q) => p - q);
  return { median: perOp[perOp.length >> 1], min: perOp[0], max: perOp[perOp.length - 1], iterations: n };
}

export type OpsResult = { info: { node: string; libtorch: string; threads: number; gc: boolean }; results: Record<string, Timing> };

/** Times every op with torch.set_num_threads(threads). */
export function measureOps(threads = 1): OpsResult {
  torch.set_num_threads(threads);
  const results: Record<string, Timing> = {};
  for (const [name, loop] of Object.entries(makeOps())) results[name] = measure(loop);
  const info = { node: process.version, libtorch: libtorch_version, threads: torch.get_num_threads(), gc: typeof global.gc === "function" };
  return { info, results };
}

export function threadsArg(argv: string[]): number {
  const i = argv.indexOf("--threads");
  return i >= 0 ? Number(argv[i + 1]) : 1;
}

if (require.main === module) {
  const out = measureOps(threadsArg(process.argv));
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(out));
  } else {
    const { info, results } = out;
    console.log(`node ${info.node}, libtorch ${info.libtorch}, threads ${info.threads}${info.gc ? "" : " (no --expose-gc)"}`);
    for (const [name, r] of Object.entries(results)) {
      const us = (s: number) => (s * 1e6).toFixed(3);
      console.log(`${name.padEnd(14)} ${us(r.median).padStart(10)} us/op  (min ${us(r.min)}, max ${us(r.max)}, n=${r.iterations})`);
    }
  }
}

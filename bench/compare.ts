/**
 * torchnode against Python PyTorch on the same machine and libtorch: runs
 * bench/ops.py and bench/ops.ts (per-op time) and bench/memory.{py,ts} (bytes
 * per small tensor), prints a table and writes bench/results/latest.json.
 *
 * Usage: npx tsx bench/compare.ts [--threads N]   (default 1, in both)
 * Python: /usr/bin/python3, or $TORCHNODE_PYTHON.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { MemoryResult } from "./memory";
import { REPEATS, threadsArg, type OpsResult, type Timing } from "./ops";

// Debian's python3 has torch 1.13 on the same libtorch; TORCHNODE_PYTHON overrides it.
const PYTHON = process.env.TORCHNODE_PYTHON ?? "/usr/bin/python3";
const here = __dirname;

function fail(message: string): never {
  console.error(`bench/compare.ts: ${message}`);
  process.exit(1);
}

/** Runs a command, returning its stdout parsed as JSON; any failure ends the run with a clear message. */
function runJson<T>(command: string, args: string[]): T {
  const r = spawnSync(command, args, { cwd: path.resolve(here, ".."), encoding: "utf8", maxBuffer: 16 << 20 });
  const shown = `${path.basename(command)} ${args.join(" ")}`;
  if (r.error) fail(`could not run ${shown}: ${r.error.message}`);
  if (r.status !== 0) fail(`${shown} exited with ${r.status ?? r.signal}:\n${r.stderr.trim()}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    return fail(`${shown} printed no JSON:\n${r.stdout}${r.stderr}`);
  }
}

const loadBefore = os.loadavg()[0]; // other work on the machine skews timings
const threads = threadsArg(process.argv);
if (!Number.isInteger(threads) || threads < 1) fail("--threads needs a positive integer");
if (!fs.existsSync(PYTHON)) fail(`${PYTHON} not found; the reference needs Debian's python3 with python3-torch`);

type PyOps = { info: { python: string; torch: string; threads: number }; results: Record<string, Timing> };
console.log(`Timing Python PyTorch (${PYTHON} bench/ops.py, threads ${threads})...`);
const py = runJson<PyOps>(PYTHON, [path.join(here, "ops.py"), "--json", "--threads", String(threads)]);
// torchnode in a fresh Node too, with the loader this one runs under (tsx) and --expose-gc.
const node = (script: string, ...args: string[]) => [...process.execArgv, "--expose-gc", path.join(here, script), "--json", ...args];
console.log(`Timing torchnode (bench/ops.ts, threads ${threads})...`);
const tn = runJson<OpsResult>(process.execPath, node("ops.ts", "--threads", String(threads)));
if (py.info.threads !== tn.info.threads) fail(`thread counts differ: python ${py.info.threads}, torchnode ${tn.info.threads}`);

console.log("Measuring bytes per small tensor...");
const tnMem = runJson<MemoryResult>(process.execPath, node("memory.ts"));
const pyMem = runJson<{ count: number; bytes_per_tensor: number }>(PYTHON, [path.join(here, "memory.py"), "--json"]);

const comparisons = Object.entries(tn.results).map(([name, t]) => {
  const p = py.results[name];
  if (!p) fail(`bench/ops.py has no result for ${name}`);
  return {
    name, torchnode_s: t.median, python_s: p.median, speedup: p.median / t.median,
    min: t.min, max: t.max, python_min: p.min, python_max: p.max,
  };
});

const us = (s: number) => (s * 1e6).toFixed(3);
const rows = [["name", "torchnode µs/op", "python µs/op", "speedup", "torchnode min–max µs"]];
for (const c of comparisons) rows.push([c.name, us(c.torchnode_s), us(c.python_s), c.speedup.toFixed(2), `${us(c.min)}–${us(c.max)}`]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\ncpu, threads ${threads}, load average before ${loadBefore.toFixed(2)}; median of ${REPEATS} repeats; speedup = python / torchnode (>1: torchnode faster)`);
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
console.log(`\nbytes per torch.zeros(1), ${tnMem.count} kept (RSS delta): torchnode ${tnMem.bytes_per_tensor.toFixed(0)} ` +
  `(JS heap ${tnMem.js_heap_bytes_per_tensor.toFixed(0)}), python ${pyMem.bytes_per_tensor.toFixed(0)}, ` +
  `ratio ${(tnMem.bytes_per_tensor / pyMem.bytes_per_tensor).toFixed(2)}`);

const result = {
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: tn.info.node, libtorch: tn.info.libtorch, python: py.info.python, python_torch: py.info.torch, threads,
    loadavg_1min_before: loadBefore, date: new Date().toISOString(),
  },
  device: "cpu",
  comparisons,
  memory: {
    count: tnMem.count,
    torchnode_bytes_per_tensor: tnMem.bytes_per_tensor,
    torchnode_js_heap_bytes_per_tensor: tnMem.js_heap_bytes_per_tensor,
    python_bytes_per_tensor: pyMem.bytes_per_tensor,
  },
};
const out = path.join(here, "results", "latest.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);

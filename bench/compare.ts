/**
 * `npm run bench`: every comparison in bench/ against Python PyTorch on the
 * same machine and libtorch, in one run. Each bench/<name>.ts runs in a fresh
 * Node, times torchnode, runs its Python twin (bench/<name>.py) and prints
 * rows; this collects them and writes bench/results/latest.json, latest.md
 * (a Markdown table with the goals) and latest.png (a chart of the speedups).
 *
 * The whole set runs --runs times (default 3), one after the other: this
 * VM's timings move by up to 2× between minutes, and a ratio is only
 * meaningful between timings taken side by side. Each row is the run whose
 * speedup is the median one (so speedup = python_s / torchnode_s still holds),
 * with every run's speedup beside it.
 *
 * Usage: npm run bench -- [--device cpu|cuda:0] [--threads N] [--runs N] [--only name,...] [--out DIR]
 * Python: /usr/bin/python3, or $TORCHNODE_PYTHON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { renderPng, renderSvg } from "../lib/lab/plot";
import { arg, benchOptions, fail, PYTHON, runJson, seconds, type Comparison } from "./common";
import type { MemoryFigure } from "./memory";
import { goal, renderMarkdown, speedupChart } from "./report";

const options = benchOptions();
const outDir = path.resolve(arg(process.argv, "--out", path.join(__dirname, "results")));
const only = arg(process.argv, "--only", "");
const runs = Number(arg(process.argv, "--runs", "3"));
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got ${runs}`);

/** The scripts, in the order they run, and the extra arguments that keep the whole run within a few minutes. */
const SCRIPTS: [string, string[]][] = [
  ["ops.ts", []],
  ["train_step.ts", ["--steps", "200"]],
  ["loader.ts", ["--epochs", "5"]],
  ["loader.ts", ["--epochs", "5", "--per-item"]],
  ["lab.ts", ["--epochs", "3"]],
  ["lab_steps.ts", ["--epochs", "3"]],
  ["checkpoint.ts", ["--repeats", "5"]],
  ["ddp.ts", ["--steps", "100"]],
];

if (!fs.existsSync(PYTHON)) fail(`${PYTHON} not found; the reference needs Debian's python3 with python3-torch (or set TORCHNODE_PYTHON)`);
const py = runJson<{ python: string; torch: string; cuda: boolean; cuda_devices: number }>(PYTHON, [
  "-c", "import json, platform, torch; print(json.dumps({'python': platform.python_version(), 'torch': torch.__version__, " +
  "'cuda': torch.cuda.is_available(), 'cuda_devices': torch.cuda.device_count()}))",
]);
if (options.device.startsWith("cuda")) {
  const index = Number(options.device.split(":")[1] ?? 0);
  if (!torch.cuda.is_available()) fail(`--device ${options.device}: torchnode's libtorch (${torch.libtorch_version}) has no CUDA here (torch.cuda.is_available() is false); run on a GPU machine with a CUDA build`);
  if (index >= torch.cuda.device_count()) fail(`--device ${options.device}: torchnode sees ${torch.cuda.device_count()} CUDA device(s)`);
  if (!py.cuda || index >= py.cuda_devices) fail(`--device ${options.device}: Python's torch ${py.torch} (${PYTHON}) has no such CUDA device, so there is nothing to compare with`);
}

const loadBefore = os.loadavg()[0]; // other work on the machine skews timings
const started = Date.now();
const node = (script: string, extra: string[]) =>
  [...process.execArgv, "--expose-gc", path.join(__dirname, script), "--json", "--device", options.device, "--threads", String(options.threads), ...extra];
const byName = new Map<string, Comparison[]>();
for (let run = 1; run <= runs; run++) {
  for (const [script, extra] of SCRIPTS) {
    if (only && !only.split(",").some((name) => script.startsWith(name))) continue;
    if (script === "ddp.ts" && (options.device !== "cpu" || !torch.distributed.is_available())) continue; // Gloo on the CPU only
    console.log(`bench/${script} (run ${run} of ${runs}) ...`);
    const rows = runJson<Comparison[]>(process.execPath, node(script, extra));
    for (const r of rows) {
      console.log(`  ${r.name.padEnd(16)} torchnode ${seconds(r.torchnode_s).padStart(11)}  python ${seconds(r.python_s).padStart(11)}  speedup ${r.speedup.toFixed(2)}`);
      byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    }
  }
}
const comparisons: Comparison[] = [...byName.values()].map(medianRun);
let memory: MemoryFigure | null = null;
if (!only || only.split(",").includes("memory")) {
  console.log("bench/memory.ts ...");
  memory = runJson<MemoryFigure>(process.execPath, node("memory.ts", []));
}
// The comparisons first, in its order; the extra rows after them.
comparisons.sort((a, b) => rank(a.name) - rank(b.name));

const result = {
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`, node: process.version, libtorch: torch.libtorch_version,
    python: py.python, python_torch: py.torch, threads: options.threads, runs, loadavg_1min_before: loadBefore,
    date: new Date().toISOString(), wall_s: (Date.now() - started) / 1000,
  },
  device: options.device,
  comparisons: comparisons.map((c) => ({ ...c, goal: goal(c.name, options.device) })),
  memory,
};
fs.mkdirSync(path.join(outDir, "runs"), { recursive: true });
// Every recorded run is kept (bench/results/runs/<date>.json); latest.* is the newest, which the docs quote.
const record = path.join(outDir, "runs", `${String(result.machine.date).replace(/[:.]/g, "-")}.json`);
const written = [path.join(outDir, "latest.json"), path.join(outDir, "latest.md"), path.join(outDir, "latest.png"), record];
fs.writeFileSync(written[0], JSON.stringify(result, null, 2) + "\n");
fs.writeFileSync(record, JSON.stringify(result, null, 2) + "\n");
const markdown = renderMarkdown(result);
fs.writeFileSync(written[1], markdown);
fs.writeFileSync(written[2], renderPng(renderSvg(speedupChart(result))));
console.log(`\n${markdown}\nwrote ${written.map((f) => path.relative(process.cwd(), f)).join(", ")} in ${result.machine.wall_s.toFixed(0)} s`);

/** The run whose speedup is the median one (the lower middle for an even count), with all runs' speedups. */
function medianRun(rows: Comparison[]): Comparison {
  const sorted = [...rows].sort((a, b) => a.speedup - b.speedup);
  const row = sorted[(sorted.length - 1) >> 1];
  return rows.length > 1 ? { ...row, speedup_runs: rows.map((r) => r.speedup) } : row;
}

function rank(name: string): number {
  const order = ["op_add_small", "op_add_large", "op_add_large_out", "matmul", "train_step", "loader_epoch", "loader_epoch_batched", "loader_epoch_per_item", "lab_epoch", "lab_steps", "save", "load", "ddp_step"];
  const i = order.indexOf(name);
  return i >= 0 ? i : order.length;
}

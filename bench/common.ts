/**
 * What the benchmarks share: the row every comparison prints, the command
 * line (--device, --threads, --json), the Python that runs the reference,
 * and medians.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** Debian's python3 has torch 1.13 on the same libtorch; TORCHNODE_PYTHON overrides it. */
export const PYTHON = process.env.TORCHNODE_PYTHON ?? "/usr/bin/python3";

/** One comparison: median seconds on each side, speedup = python_s / torchnode_s (above 1: torchnode faster). */
export type Comparison = {
  name: string;
  torchnode_s: number;
  python_s: number;
  speedup: number;
  min: number;
  max: number;
  python_min: number;
  python_max: number;
  note?: string;
  /** With bench/compare.ts --runs N: every run's speedup, in run order (the row is the median run's). */
  speedup_runs?: number[];
};

/** The spread of a list of timings: median (the middle value, or the mean of the two middle ones), min and max. */
export type Timing = { median: number; min: number; max: number };

export function timing(xs: number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

export function compare(name: string, node: Timing, py: Timing, note?: string): Comparison {
  return {
    name, torchnode_s: node.median, python_s: py.median, speedup: py.median / node.median,
    min: node.min, max: node.max, python_min: py.min, python_max: py.max, ...(note ? { note } : {}),
  };
}

/** Seconds since t0 (from process.hrtime.bigint()). */
export const since = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

export function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

/** The options every bench script takes. */
export type BenchOptions = { device: string; threads: number; json: boolean };

export function benchOptions(argv: string[] = process.argv): BenchOptions {
  const device = arg(argv, "--device", "cpu");
  const threads = Number(arg(argv, "--threads", "1"));
  if (!/^(cpu|cuda(:\d+)?)$/.test(device)) fail(`--device must be cpu or cuda[:N], not ${JSON.stringify(device)}`);
  if (!Number.isInteger(threads) || threads < 1) fail(`--threads needs a positive integer, not ${arg(argv, "--threads", "")}`);
  return { device, threads, json: argv.includes("--json") };
}

export function fail(message: string): never {
  console.error(`${path.relative(process.cwd(), process.argv[1] ?? "bench")}: ${message}`);
  process.exit(1);
}

/** Runs a command and parses the last line of its stdout as JSON; any failure ends the run with what it printed. */
export function runJson<T>(command: string, args: string[], env: NodeJS.ProcessEnv = {}): T {
  const r = spawnSync(command, args, { cwd: path.resolve(__dirname, ".."), encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  const shown = `${path.basename(command)} ${args.map((a) => path.relative(process.cwd(), a) || a).join(" ")}`;
  if (r.error) fail(`could not run ${shown}: ${r.error.message}`);
  if (r.status !== 0) fail(`${shown} exited with ${r.status ?? r.signal}:\n${r.stderr.trim().slice(-4000)}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last) as T;
  } catch {
    return fail(`${shown} printed no JSON:\n${r.stdout.slice(-4000)}${r.stderr.slice(-4000)}`);
  }
}

/** Runs the Python side of a benchmark (bench/<script>) with the same options. */
export function runPython<T>(script: string, options: BenchOptions, extra: string[] = []): T {
  return runJson<T>(PYTHON, [path.join(__dirname, script), "--json", "--device", options.device, "--threads", String(options.threads), ...extra]);
}

/** Prints rows as JSON (for bench/compare.ts) or as a few readable lines. */
export function report(rows: Comparison[], options: BenchOptions, header: string): void {
  if (options.json) {
    console.log(JSON.stringify(rows));
    return;
  }
  console.log(`${header} (${options.device}, ${options.threads} thread(s))`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(16)} torchnode ${seconds(r.torchnode_s).padStart(10)}  python ${seconds(r.python_s).padStart(10)}  speedup ${r.speedup.toFixed(2)}${r.note ? `  (${r.note})` : ""}`);
  }
}

/** 1.234 µs, 5.678 ms, 1.234 s. */
export function seconds(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(3)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(3)} ms`;
  return `${s.toFixed(3)} s`;
}

/**
 * Where the time of one small op goes: `a.add(b)` on 1-element tensors,
 * taken apart step by step, beside Python's same calls in the same run.
 *
 *   node --expose-gc --import tsx bench/op_cost.ts [--json FILE]
 *
 * Rows (each the best of 5 runs of 200,000 calls, one thread):
 *   - the in-place op through the generated layer and through the raw
 *     dispatcher entry: no result object, so the difference is the JS side
 *     (overload resolution) and the rest is the boxed call and the kernel;
 *   - the out-of-place op, disposing each result: adds making the result
 *     tensor and its JS object;
 *   - the same, leaving results to the garbage collector, as Python code does.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as torch from "../lib";
import { native, raw } from "../lib/native";

const N = 200_000;
function best(f: () => unknown): number {
  let min = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / N);
  }
  return min;
}

torch.set_num_threads(1);
const a = torch.ones(1), b = torch.ones(1);
const addInPlace = native._op_find("aten::add_", "Tensor");
const add = native._op_find("aten::add", "Tensor");
// The generated layer's native entry called directly, as lib/_ops/fast.ts calls it:
// the arguments' handles written to the slots, the result's object allocated here.
type Shell = torch.Tensor & Record<symbol, number>;
const S = raw.slots, H = raw.handle;
function entry(op: number, shell: Shell | undefined, x: torch.Tensor, y: torch.Tensor): unknown {
  S[1] = 2;
  S[2] = (x as Shell)[H];
  S[3] = (y as Shell)[H];
  return raw.opCallFast(shell, op, x, y);
}
function entryNew(op: number, x: torch.Tensor, y: torch.Tensor): torch.Tensor {
  const s = new (torch.Tensor as unknown as new (shell: object, h: number) => Shell)(raw.shell, -1);
  s[H] = entry(op, s, x, y) as number;
  return s;
}
const rows: [string, number][] = [
  ["a.add_(b): generated layer", best(() => a.add_(b))],
  ["a.add_(b): raw dispatcher entry (no overload resolution)", best(() => entry(addInPlace, undefined, a, b))],
  ["a.add(b), result disposed: raw dispatcher entry", best(() => entryNew(add, a, b).dispose())],
  ["a.add(b), result disposed: generated layer", best(() => a.add(b).dispose())],
  ["a.add(b), result left to the GC: generated layer", best(() => a.add(b))],
  ["torch.zeros(1), left to the GC", best(() => torch.zeros(1))],
  ["t.numel(): a native call that makes nothing", best(() => a.numel())],
];

const python = process.env.TORCHNODE_PYTHON ?? "/usr/bin/python3";
const py = execFileSync(python, ["-c", `
import timeit, torch, json
torch.set_num_threads(1)
a = torch.ones(1); b = torch.ones(1)
best = lambda s: min(timeit.repeat(s, globals=globals(), number=${N}, repeat=5)) / ${N} * 1e9
print(json.dumps({"add_": best("a.add_(b)"), "add": best("a.add(b)"), "zeros": best("torch.zeros(1)"), "numel": best("a.numel()"), "version": torch.__version__}))
`], { encoding: "utf8" });
const p = JSON.parse(py) as Record<string, number | string>;

console.log(`torchnode on libtorch ${torch.libtorch_version}, Node ${process.version}; Python torch ${p.version}`);
for (const [name, ns] of rows) console.log(`${name.padEnd(62)} ${ns.toFixed(0).padStart(6)} ns`);
console.log(`${"Python a.add_(b)".padEnd(62)} ${Number(p.add_).toFixed(0).padStart(6)} ns`);
console.log(`${"Python a.add(b)".padEnd(62)} ${Number(p.add).toFixed(0).padStart(6)} ns`);
console.log(`${"Python torch.zeros(1)".padEnd(62)} ${Number(p.zeros).toFixed(0).padStart(6)} ns`);
console.log(`${"Python a.numel()".padEnd(62)} ${Number(p.numel).toFixed(0).padStart(6)} ns`);
const json = process.argv.indexOf("--json");
if (json > 0) {
  fs.writeFileSync(process.argv[json + 1], JSON.stringify({ date: new Date().toISOString(), libtorch: torch.libtorch_version, node: process.version, torchnode: Object.fromEntries(rows), python: p }, null, 1));
}

/**
 * torch.save / torch.load throughput on a 200 MB state dict (50 × 1000×1000
 * float32), torchnode against Python PyTorch in the same run.
 *
 *   node --expose-gc --import tsx bench/checkpoint.ts [--json]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-bench-"));
torch.manual_seed(0);
const sd: Record<string, torch.Tensor> = {};
for (let i = 0; i < 50; i++) sd[`layer${i}.weight`] = torch.randn(1000, 1000);
const file = path.join(folder, "torchnode.pt");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const saves: number[] = [], loads: number[] = [];
for (let r = 0; r < 5; r++) {
  let t0 = process.hrtime.bigint();
  torch.save(sd, file);
  saves.push(Number(process.hrtime.bigint() - t0) / 1e9);
  global.gc?.();
  t0 = process.hrtime.bigint();
  const loaded = torch.load(file);
  loads.push(Number(process.hrtime.bigint() - t0) / 1e9);
  torch.dispose(loaded);
}
const py = spawnSync("/usr/bin/python3", [path.join(__dirname, "checkpoint.py"), folder], { encoding: "utf8" });
fs.rmSync(folder, { recursive: true, force: true });
if (py.status !== 0) throw new Error(`bench/checkpoint.py failed: ${py.stderr}`);
const python = JSON.parse(py.stdout) as { save: number; load: number };
const rows = [
  { name: "save", torchnode_s: median(saves), python_s: python.save, speedup: python.save / median(saves), min: Math.min(...saves), max: Math.max(...saves) },
  { name: "load", torchnode_s: median(loads), python_s: python.load, speedup: python.load / median(loads), min: Math.min(...loads), max: Math.max(...loads) },
];
if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.name.padEnd(5)} 200 MB  torchnode ${r.torchnode_s.toFixed(3)} s  python ${r.python_s.toFixed(3)} s  speedup ${r.speedup.toFixed(2)}`);

/**
 * One training step of the lab's MLP (batch 512): zero_grad, forward,
 * CrossEntropyLoss, backward, SGD step, loss.item(), in torchnode and, in
 * the same run, in Python PyTorch (bench/train_step.py). Prints the ratio.
 *
 *   node --expose-gc --import tsx bench/train_step.ts [--threads N] [--steps N] [--json]
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as torch from "../lib";
import { nn, optim } from "../lib";

const { values } = parseArgs({ options: { threads: { type: "string", default: "1" }, steps: { type: "string", default: "200" }, json: { type: "boolean", default: false } } });
const threads = Number(values.threads), steps = Number(values.steps);
torch.set_num_threads(threads);
torch.manual_seed(0);

class MLP extends nn.Module {
  flat = new nn.Flatten();
  h1 = new nn.Linear(28 * 28, 16);
  h2 = new nn.Linear(16, 32);
  h3 = new nn.Linear(32, 24);
  out = new nn.Linear(24, 10);
  forward(X: torch.Tensor, activ_hidden = nn.functional.relu): torch.Tensor {
    let out = this.flat(X);
    out = activ_hidden(this.h1(out));
    out = activ_hidden(this.h2(out));
    out = activ_hidden(this.h3(out));
    return this.out(out);
  }
}

const model = new MLP();
const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 });
const X = torch.randn(512, 1, 28, 28), y = torch.randint(0, 10, [512]);

function step(): void {
  optimizer.zero_grad();
  const loss = loss_fn(model(X), y);
  loss.backward();
  optimizer.step();
  loss.item();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    for (let i = 0; i < 20; i++) fn();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < steps; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9 / steps);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const plain = time(step);
const tidy = time(() => torch.tidy(step));
const py = spawnSync("/usr/bin/python3", [path.join(__dirname, "train_step.py"), "--threads", String(threads), "--steps", String(steps)], { encoding: "utf8" });
if (py.status !== 0) throw new Error(`bench/train_step.py failed: ${py.stderr}`);
const python = JSON.parse(py.stdout) as { median: number; min: number; max: number };
const rows = [
  { name: "train_step", torchnode_s: plain.median, python_s: python.median, speedup: python.median / plain.median, min: plain.min, max: plain.max },
  { name: "train_step_tidy", torchnode_s: tidy.median, python_s: python.median, speedup: python.median / tidy.median, min: tidy.min, max: tidy.max },
];
if (values.json) {
  console.log(JSON.stringify(rows));
} else {
  console.log(`lab MLP, batch 512, ${threads} thread(s), median of 7 × ${steps} steps`);
  for (const r of rows) console.log(`${r.name.padEnd(16)} torchnode ${(r.torchnode_s * 1e3).toFixed(3)} ms  python ${(r.python_s * 1e3).toFixed(3)} ms  speedup ${r.speedup.toFixed(2)}`);
}

/**
 * One training step of the lab's MLP (batch 512): zero_grad, forward,
 * CrossEntropyLoss, backward, SGD step, loss.item(), in torchnode and, in
 * the same run, in Python PyTorch (bench/train_step.py). `train_step` is the
 * step as a port writes it (its tensors left to the GC), `train_step_tidy`
 * the same step inside torch.tidy, as the lab's train_epoch runs it.
 *
 *   node --expose-gc --import tsx bench/train_step.ts [--device cpu|cuda:0] [--threads N] [--steps N] [--json]
 */
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { MLP } from "../lib/lab";
import { arg, benchOptions, compare, report, runPython, since, timing, type Timing } from "./common";

const options = benchOptions();
const steps = Number(arg(process.argv, "--steps", "200"));
torch.set_num_threads(options.threads);
torch.manual_seed(0);

const model = new MLP().to(options.device);
const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 });
const X = torch.randn(512, 1, 28, 28).to(options.device), y = torch.randint(0, 10, [512]).to(options.device);

function step(): void {
  optimizer.zero_grad();
  const loss = loss_fn(model(X), y);
  loss.backward();
  optimizer.step();
  loss.item(); // waits for the device, as Python's does
}

/** Seconds per step: 7 repeats of `steps` steps, each after 20 warm-up steps. */
function time(fn: () => void): Timing {
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    for (let i = 0; i < 20; i++) fn();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < steps; i++) fn();
    times.push(since(t0) / steps);
  }
  return timing(times);
}

const plain = time(step);
const tidy = time(() => torch.tidy(step));
const python = runPython<Timing>("train_step.py", options, ["--steps", String(steps)]);
report([compare("train_step", plain, python), compare("train_step_tidy", tidy, python)], options, `lab MLP, batch 512, median of 7 × ${steps} steps`);

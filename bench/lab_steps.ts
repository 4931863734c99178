/**
 * The lab's epoch without its data: the model steps with the trajectory, as
 * the lab's train_epoch runs them (one torch.tidyEach scope per batch), timed
 * from each batch's arrival to the trajectory's last number, and summed per
 * epoch; torchnode against Python (bench/lab_steps.py) on the same machine.
 * Each side's batches come from its own lab loader, so each step starts from
 * the caches its loader left. The note compares with lab_epoch's goal: 20×
 * Python's whole epoch leaves torchnode Python's epoch / 20 for all of its
 * own, data included.
 *
 * Usage: node --expose-gc --import tsx bench/lab_steps.ts [--epochs 3] [--device cpu|cuda:0] [--threads N] [--json]
 */
import * as torch from "../lib";
import { nn } from "../lib";
import { accuracy, get_params_and_gradients_norm, mnist, MLP } from "../lib/lab";
import { arg, benchOptions, compare, report, runPython, since, timing, type Timing } from "./common";

function epochs(count: number, device: string): { steps: number[]; wholes: number[] } {
  torch.manual_seed(0);
  const [trainloader] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
  const model = new MLP().to(device);
  const loss_fn = new nn.CrossEntropyLoss();
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 });
  const steps: number[] = [], wholes: number[] = [];
  for (let e = 0; e < count; e++) {
    let spent = 0;
    const epoch = process.hrtime.bigint();
    for (const [batchX, batchY] of torch.tidyEach(trainloader)) {
      const t0 = process.hrtime.bigint();
      // The step's temporaries are freed inside the timer (torch.tidy), as Python frees them when
      // its names are rebound and its helpers return; the batch itself, by tidyEach, as Python's loop does.
      torch.tidy(() => {
        const X = batchX.to(device);
        const y = batchY.to(device);
        optimizer.zero_grad();
        const y_hat: torch.Tensor = model(X);
        const loss = loss_fn(y_hat, y);
        loss.backward();
        optimizer.step();
        accuracy(y_hat, y);
        loss.item();
        get_params_and_gradients_norm(model.named_parameters());
      });
      spent += since(t0);
    }
    steps.push(spent);
    wholes.push(since(epoch));
  }
  return { steps, wholes };
}

const options = benchOptions();
const count = Number(arg(process.argv, "--epochs", "3"));
torch.set_num_threads(options.threads);
const ours = epochs(count, options.device);
const python = runPython<Timing & { epochs_s: number[] }>("lab_steps.py", options, ["--epochs", String(count)]);
const pyEpoch = timing(python.epochs_s).median;
const note =
  `whole epochs: torchnode ${timing(ours.wholes).median.toFixed(3)} s, Python ${pyEpoch.toFixed(3)} s; ` +
  `lab_epoch's 20× would leave torchnode ${(pyEpoch / 20).toFixed(3)} s an epoch, Python's steps alone take ${python.median.toFixed(3)} s`;
report([compare("lab_steps", timing(ours.steps), python, note)], options, `the lab's model steps with the trajectory, ${count} epochs`);

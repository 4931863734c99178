/**
 * pytorch/examples' mnist/main.py, ported line by line: a small CNN trained
 * with Adadelta and StepLR on MNIST. Run it as is:
 *
 *   npx tsx examples/mnist/main.ts --epochs 1
 *
 * What changes from Python is only what docs/porting.md says: keyword
 * arguments become an options object, operators become methods, `with
 * torch.no_grad():` becomes `torch.no_grad(() => ...)`, and argparse becomes
 * node:util's parseArgs. Two options are this port's own, for short runs
 * that check it against Python (test/examples.test.ts): --train-limit and
 * --test-limit take the first N images of each set, and --losses writes
 * every training loss to a JSON file.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import * as torch from "torchnode";
import { nn, optim } from "torchnode";
import type { Tensor } from "torchnode";
import * as F from "torchnode/nn/functional";
import { StepLR } from "torchnode/optim/lr_scheduler";
import { DataLoader, Subset, type Dataset } from "torchnode/utils/data";
import * as datasets from "torchnode/datasets"; // from torchvision import datasets, transforms
import * as transforms from "torchnode/transforms";

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1(x);
    x = F.relu(x);
    x = this.conv2(x);
    x = F.relu(x);
    x = F.max_pool2d(x, 2);
    x = this.dropout1(x);
    x = torch.flatten(x, 1);
    x = this.fc1(x);
    x = F.relu(x);
    x = this.dropout2(x);
    x = this.fc2(x);
    const output = F.log_softmax(x, { dim: 1 });
    return output;
  }
}

type Args = { batch_size: number; test_batch_size: number; epochs: number; lr: number; gamma: number; no_accel: boolean; dry_run: boolean; seed: number; log_interval: number; save_model: boolean; train_limit: number | null; test_limit: number | null; losses: string | null };
const losses: number[] = [];

function train(args: Args, model: Net, device: torch.device, train_loader: DataLoader, optimizer: optim.Optimizer, epoch: number): void {
  model.train();
  let batch_idx = 0;
  for (let [data, target] of train_loader as Iterable<[Tensor, Tensor]>) {
    // One batch's tensors are freed when it ends (torch.tidy), as Python's refcounts free them.
    const stop = torch.tidy(() => {
      [data, target] = [data.to(device), target.to(device)];
      optimizer.zero_grad();
      const output = model(data);
      const loss = F.nll_loss(output, target);
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
      if (batch_idx % args.log_interval === 0) {
        console.log(
          `Train Epoch: ${epoch} [${batch_idx * data.size(0)}/${train_loader.dataset.length} (${torch.pyFormat((100 * batch_idx) / train_loader.length, ".0f")}%)]\tLoss: ${torch.pyFormat(loss.item() as number, ".6f")}`,
        );
        if (args.dry_run) return true;
      }
      return false;
    });
    batch_idx += 1;
    if (stop) break;
  }
}

function test(model: Net, device: torch.device, test_loader: DataLoader): void {
  model.eval();
  let test_loss = 0;
  let correct = 0;
  torch.no_grad(() => {
    for (let [data, target] of test_loader as Iterable<[Tensor, Tensor]>) {
      torch.tidy(() => {
        [data, target] = [data.to(device), target.to(device)];
        const output = model(data);
        test_loss += F.nll_loss(output, target, { reduction: "sum" }).item() as number; // sum up batch loss
        const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
        correct += pred.eq(target.view_as(pred)).sum().item() as number;
      });
    }
  });

  test_loss /= test_loader.dataset.length;

  console.log(
    `\nTest set: Average loss: ${torch.pyFormat(test_loss, ".4f")}, Accuracy: ${correct}/${test_loader.dataset.length} (${torch.pyFormat((100 * correct) / test_loader.dataset.length, ".0f")}%)\n`,
  );
}

function main(): void {
  // Training settings
  const { values } = parseArgs({
    options: {
      "batch-size": { type: "string", default: "64" }, // input batch size for training (default: 64)
      "test-batch-size": { type: "string", default: "1000" }, // input batch size for testing (default: 1000)
      epochs: { type: "string", default: "14" }, // number of epochs to train (default: 14)
      lr: { type: "string", default: "1.0" }, // learning rate (default: 1.0)
      gamma: { type: "string", default: "0.7" }, // Learning rate step gamma (default: 0.7)
      "no-accel": { type: "boolean", default: false }, // disables accelerator
      "dry-run": { type: "boolean", default: false }, // quickly check a single pass
      seed: { type: "string", default: "1" }, // random seed (default: 1)
      "log-interval": { type: "string", default: "10" }, // how many batches to wait before logging training status
      "save-model": { type: "boolean", default: false }, // For Saving the current Model
      "train-limit": { type: "string" },
      "test-limit": { type: "string" },
      losses: { type: "string" },
    },
  });
  const int = (name: string, v: string | undefined): number => {
    if (v === undefined || !/^-?\d+$/.test(v)) throw new Error(`argument --${name}: invalid int value: '${v}'`);
    return Number(v);
  };
  const args: Args = {
    batch_size: int("batch-size", values["batch-size"]), test_batch_size: int("test-batch-size", values["test-batch-size"]),
    epochs: int("epochs", values.epochs), lr: Number(values.lr), gamma: Number(values.gamma), no_accel: values["no-accel"]!,
    dry_run: values["dry-run"]!, seed: int("seed", values.seed), log_interval: int("log-interval", values["log-interval"]),
    save_model: values["save-model"]!, train_limit: values["train-limit"] ? int("train-limit", values["train-limit"]) : null,
    test_limit: values["test-limit"] ? int("test-limit", values["test-limit"]) : null, losses: values.losses ?? null,
  };

  const use_accel = !args.no_accel && torch.cuda.is_available();

  torch.manual_seed(args.seed);

  const device = use_accel ? torch.device("cuda") : torch.device("cpu");

  const train_kwargs: Record<string, unknown> = { batch_size: args.batch_size };
  const test_kwargs: Record<string, unknown> = { batch_size: args.test_batch_size };
  if (use_accel) {
    const accel_kwargs = { num_workers: 1, persistent_workers: true, pin_memory: true, shuffle: true };
    Object.assign(train_kwargs, accel_kwargs);
    Object.assign(test_kwargs, accel_kwargs);
  }

  const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
  const root = process.env.MNIST_ROOT ?? "../data";
  let dataset1: Dataset = new datasets.MNIST(root, { train: true, download: true, transform });
  let dataset2: Dataset = new datasets.MNIST(root, { train: false, transform });
  if (args.train_limit !== null) dataset1 = new Subset(dataset1, [...Array(args.train_limit).keys()]);
  if (args.test_limit !== null) dataset2 = new Subset(dataset2, [...Array(args.test_limit).keys()]);
  const train_loader = new DataLoader(dataset1, train_kwargs);
  const test_loader = new DataLoader(dataset2, test_kwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { step_size: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    train(args, model, device, train_loader, optimizer, epoch);
    test(model, device, test_loader);
    scheduler.step();
  }

  if (args.save_model) torch.save(model.state_dict(), "mnist_cnn.pt");
  if (args.losses) fs.writeFileSync(args.losses, JSON.stringify(losses));
}

main();

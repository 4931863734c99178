/**
 * The regularization lab (../shared/seed/lab-regularization.md), ported line
 * by line: every code cell in order, with the notebook's comments. Run it
 * as is:
 *
 *   npx tsx examples/lab.ts
 *
 * What changes from Python is only what PORTING.md says: keyword arguments
 * become an options object, operators become methods, `with torch.no_grad():`
 * becomes `torch.no_grad(() => ...)`, and `plt.show()` writes a PNG (and an
 * SVG) instead of opening a window. The cells run 5 epochs per model; the
 * numbers are Python's own, bit for bit (`npx torchnode lab` checks that
 * against the Python script).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- the notebook defines names it never uses (trainset, train_loss, MLP_BN, test_model, ...) */

// ### Examining parameters mid-training – the trajectory
//
// We can use `model.named_parameters()` to recover the trajectory during training.

// In [ ]:
import * as torch from "../lib";
import * as fs from "node:fs";
import * as path from "node:path";
import { nn } from "../lib";
import type { Tensor } from "../lib";
import type { Optimizer } from "../lib/optim";
import type { DataLoader } from "../lib/utils/data";
import { plot_trajectory } from "../lib/lab"; // from matplotlib import pyplot as plt: the lab's plots write files

import { mnist } from "../lib/lab";
import { accuracy, AverageMeter } from "../lib/lab";

// Let us quickly recover the stuff we implemented during Lab 2

// In [ ]:
class MLP extends nn.Module {
  flat = new nn.Flatten();
  h1 = new nn.Linear(28 * 28, 16);
  h2 = new nn.Linear(16, 32);
  h3 = new nn.Linear(32, 24);
  out = new nn.Linear(24, 10);

  forward(X: Tensor, activ_hidden = nn.functional.relu): Tensor {
    let out = this.flat(X);
    out = activ_hidden(this.h1(out));
    out = activ_hidden(this.h2(out));
    out = activ_hidden(this.h3(out));
    out = this.out(out);
    return out;
  }
}

// Let's see what `model.named_parameters()` is and how to use it:

// In [ ]:
let model: nn.Module = new MLP();
for (const [name, param] of model.named_parameters()) {
  console.log(name, "\t", param.shape);
}

// We can now add a small piece of code to our `train_epoch` from last Lab to implement the tracking
// of the trajectory: more specifically, we're interested in the L2-norm of the parameters during
// each training iteration. In addition to the norm of the parameters, we're interested in the
// **norm of the gradients**. Gradients of a layer may be accessed via `tensor.grad`.
// Let's try to call it now on our `named_parameters`:

// In [ ]:
for (const [name, param] of model.named_parameters()) {
  console.log(name, "\t", param.grad);
}

// We see that all the gradients are `None` (null)
//
// **Q**: who knows why?

// In [ ]:
function get_params_and_gradients_norm(named_parameters: Iterable<[string, Tensor]>): [number, number] {
  const square_norms_params: Tensor[] = [];
  const square_norms_grads: Tensor[] = [];

  for (const [, param] of named_parameters) {
    // Q: what is this and why did I write it here?
    if (param.requires_grad) {
      square_norms_params.push(param.pow(2).sum());
      square_norms_grads.push(param.grad!.pow(2).sum());
    }
  }

  const norm_params = square_norms_params.reduce((a, b) => a.add(b)).sqrt().item() as number;
  const norm_grads = square_norms_grads.reduce((a, b) => a.add(b)).sqrt().item() as number;

  return [norm_params, norm_grads];
}

// In [ ]:
type Trajectory = { parameters: number[]; gradients: number[] };
type Performance = (y_hat: Tensor, y: Tensor) => number;
type LossFn = (y_hat: Tensor, y: Tensor) => Tensor;

function train_epoch(model: nn.Module, dataloader: DataLoader, loss_fn: LossFn, optimizer: Optimizer, loss_meter: AverageMeter, performance_meter: AverageMeter, performance: Performance, trajectory: Trajectory | null, device: string): void { // note: I've added a generic performance to replace accuracy and the device
  for (let [X, y] of dataloader) {
    // TRANSFER X AND y TO GPU IF SPECIFIED
    X = X.to(device);
    y = y.to(device);
    // ... like last time
    optimizer.zero_grad();
    const y_hat = model(X);
    const loss = loss_fn(y_hat, y);
    loss.backward();
    optimizer.step();
    const acc = performance(y_hat, y);
    loss_meter.update({ val: loss.item() as number, n: X.shape[0] });
    performance_meter.update({ val: acc, n: X.shape[0] });

    if (trajectory !== null) {

      const [params_norm, gradients_norm] = get_params_and_gradients_norm(model.named_parameters());
      trajectory.parameters.push(params_norm);
      trajectory.gradients.push(gradients_norm);
    }
  }
}

type TrainModelOptions = { checkpoint_loc?: string | null; checkpoint_name?: string | null; performance?: Performance; trajectory?: Trajectory | null; device?: string | null };

function train_model(model: nn.Module, dataloader: DataLoader, loss_fn: LossFn, optimizer: Optimizer, num_epochs: number, { checkpoint_loc = null, checkpoint_name = "checkpoint.pt", performance = accuracy, trajectory = null, device = null }: TrainModelOptions = {}): [number, number, Trajectory | null] { // note: I've added a generic performance to replace accuracy and an object where to store the trajectory and the device on which to run our training

  // establish device
  if (device === null) {
    device = torch.cuda.is_available() ? "cuda:0" : "cpu";
  }
  console.log(`Training on ${device}`);

  // create the folder for the checkpoints (if it's not None)
  if (checkpoint_loc !== null) {
    fs.mkdirSync(checkpoint_loc, { recursive: true });
  }

  model.to(device);
  model.train();

  let loss_meter = new AverageMeter();
  let performance_meter = new AverageMeter();
  // epoch loop
  for (let epoch = 0; epoch < num_epochs; epoch++) {
    loss_meter = new AverageMeter();
    performance_meter = new AverageMeter();

    train_epoch(model, dataloader, loss_fn, optimizer, loss_meter, performance_meter, performance, trajectory, device);

    console.log(`Epoch ${epoch + 1} completed. Loss - total: ${loss_meter.sum} - average: ${loss_meter.avg}; Performance: ${performance_meter.avg}`);

    // produce checkpoint dictionary -- but only if the name and folder of the checkpoint are not None
    if (checkpoint_name !== null && checkpoint_loc !== null) {
      const checkpoint_dict = {
        parameters: model.state_dict(),
        optimizer: optimizer.state_dict(),
        epoch: epoch,
      };
      torch.save(checkpoint_dict, path.join(checkpoint_loc, checkpoint_name));
    }
  }

  return [loss_meter.sum, performance_meter.avg, trajectory];
}

function test_model(model: nn.Module, dataloader: DataLoader, { performance = accuracy, loss_fn = null as LossFn | null, device = null as string | null } = {}): [number | null, number] {
  // establish device
  if (device === null) {
    device = torch.cuda.is_available() ? "cuda:0" : "cpu";
  }

  // create an AverageMeter for the loss if passed
  const loss_meter = loss_fn !== null ? new AverageMeter() : null;

  const performance_meter = new AverageMeter();

  model.to(device);
  model.eval();
  torch.no_grad(() => {
    for (let [X, y] of dataloader) {
      X = X.to(device);
      y = y.to(device);

      const y_hat = model(X);
      const loss = loss_fn !== null ? loss_fn(y_hat, y) : null;
      const acc = performance(y_hat, y);
      if (loss_meter !== null) {
        loss_meter.update(loss!.item() as number, X.shape[0]);
      }
      performance_meter.update(acc, X.shape[0]);
    }
  });
  // get final performances
  const fin_loss = loss_meter !== null ? loss_meter.sum : null;
  const fin_perf = performance_meter.avg;
  console.log(`TESTING - loss ${fin_loss !== null ? fin_loss : "--"} - performance ${fin_perf}`);
  return [fin_loss, fin_perf];
}

// In [ ]:
const minibatch_size_train = 256;
const minibatch_size_test = 512;

// (the notebook passes minibatch_size_test for both: training batches hold 512)
const [trainloader, testloader, trainset, testset] = mnist.get_data({ batch_size_train: minibatch_size_test, batch_size_test: minibatch_size_test });

// In [ ]:
const learn_rate = 0.1;
const num_epochs = 5;

model = new MLP();
const loss_fn = new nn.CrossEntropyLoss();
let optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate });

let trajectory: Trajectory | null = { parameters: [], gradients: [] };

// Train the MLP:

// In [ ]:
let train_loss: number, train_acc: number;
[train_loss, train_acc, trajectory] = train_model(model, trainloader, loss_fn, optimizer, num_epochs, { trajectory: trajectory });

// Now we can plot the norms (the lab's plot_trajectory: two panels sharing the y axis,
// "Norm of parameters" and "Norm of gradients", written to a PNG and an SVG)

// In [ ]:
plot_trajectory(trajectory!, { ylim: [0, 9], file: "trajectory.png" });

// We can see a similar trend to what [3](https://arxiv.org/abs/2002.10365) observed:
// 1. in the very first iterations, gradients are very large and parameters quickly grow
// 2. gradients quickly diminishes, while parameters growth tends to slow down
// 3. gradients reach a "stationary state" (with some noise added), while parameters grow even slower

// ### Regularization
//
// #### Weight decay or L2 norm/Ridge regularization
//
// In PT, instead of inserting our penalty term in the loss function, we specify the weight decay
// parameter in our optimizer:

// In [ ]:
const weight_decay = 5e-2;
optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate, weight_decay: weight_decay });

// #### L1 norm regularization
//
// unlike weight decay, PT does not provide a built-in for L1 reg. You need to define a custom loss
// function for this task (**homework**: see L1RegularizedLoss in ../lib/lab, and `npx torchnode homework`).

// #### batchnorm
//
// In PT, the batch normalization is found as a regular layer under within the `torch.nn` library

// In [ ]:
class MLP_BN extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }), // we specify the dimensionality of the incoming data
    new nn.Linear(16, 32),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 32 }),
    new nn.Linear(32, 24),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 24 }),
    new nn.Linear(24, 10),
  );


  forward(X: Tensor): Tensor {
    return this.layers(X);
  }
}

// **Q** (for the most skilled students): why didn't we apply batchnorm for the first layer?

// #### Dropout
//
// In PT, we find Dropout as a module of `torch.nn`. Instead of placing if *before* the layer
// (as in batchnorm), we place it *after* the layer.

// In [ ]:
class MLP_BN_Drop extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }),
    new nn.Linear(16, 32),
    new nn.ReLU(),
    new nn.Dropout({ p: 0.2 }), // we add a dropout here. it's referred to the previous layer (with 32 neurons)

    new nn.BatchNorm1d({ num_features: 32 }),
    new nn.Linear(32, 24),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 24 }),
    new nn.Linear(24, 10),
  );


  forward(X: Tensor): Tensor {
    return this.layers(X);
  }
}

// In [ ]:
model = new MLP();
// (loss_fn is the same nn.CrossEntropyLoss())
optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate, weight_decay: weight_decay });

let trajectory_reg: Trajectory | null = { parameters: [], gradients: [] };

// In [ ]:
[train_loss, train_acc, trajectory_reg] = train_model(model, trainloader, loss_fn, optimizer, num_epochs, { trajectory: trajectory_reg });

// In [ ]:
plot_trajectory(trajectory_reg!, { ylim: [0, 9], file: "trajectory_reg.png" });

// #### HOMEWORK - Early stopping
//
// **Homework**: implement "early stopping" in the E_opt using the test data as validation.
// **Homework for the bravest ones**: read [4] and try implementing at least one of the techniques
// there specified. Both are in ../lib/lab (EOpt, GL, PQ, UP callbacks for train_model) and run
// with `npx torchnode homework`. The models MLP_BN and MLP_BN_Drop, defined but never trained
// above, are trained and tested by `npx torchnode lab` (test_model is used there).

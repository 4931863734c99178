/**
 * The regularization lab (../shared/seed/lab-regularization.md), ported line
 * by line: every code cell in order, with the notebook's comments. Run it
 * from the repository (or copy it into a project that depends on torchnode):
 *
 *   npx tsx examples/lab.ts
 *
 * It imports torchnode as a user does: "torchnode" and "torchnode/lab". The
 * cells that define the lab's helpers (MLP, get_params_and_gradients_norm,
 * train_epoch, train_model, test_model, plot_trajectory, MLP_BN,
 * MLP_BN_Drop) are the library's own, torchnode/lab (lib/lab/), which
 * defines them as the notebook does: each such cell is here an import of it,
 * with the Python it stands for. (Imports run first, wherever they stand.)
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
import * as torch from "torchnode";
// import os: only train_model used it, and torchnode/lab defines train_model
import { nn } from "torchnode";
// from matplotlib import pyplot as plt: the lab's plot_trajectory (below) writes files instead

import { mnist } from "torchnode/lab";
import { accuracy, AverageMeter } from "torchnode/lab";

// Let us quickly recover the stuff we implemented during Lab 2

// In [ ]:
// class MLP(nn.Module):
//     def __init__(self):
//         super().__init__()
//         self.flat = nn.Flatten()
//         self.h1 = nn.Linear(28*28, 16)
//         self.h2 = nn.Linear(16, 32)
//         self.h3 = nn.Linear(32, 24)
//         self.out = nn.Linear(24, 10)
//
//     def forward(self, X, activ_hidden=nn.functional.relu):
//         out = self.flat(X)
//         out = activ_hidden(self.h1(out))
//         out = activ_hidden(self.h2(out))
//         out = activ_hidden(self.h3(out))
//         out = self.out(out)
//         return out
// — defined in torchnode/lab (lib/lab/models.ts), field for field:
//   class MLP extends nn.Module { flat = new nn.Flatten(); h1 = new nn.Linear(28 * 28, 16); ... }
import { MLP } from "torchnode/lab";

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
// def get_params_and_gradients_norm(named_parameters):
//     square_norms_params = []
//     square_norms_grads = []
//
//     for _, param in named_parameters:
//
//         # Q: what is this and why did I write it here?
//         if param.requires_grad:
//             square_norms_params.append((param ** 2).sum())
//             square_norms_grads.append((param.grad ** 2).sum())
//
//     norm_params = sum(square_norms_params).sqrt().item()
//     norm_grads = sum(square_norms_grads).sqrt().item()
//
//     return norm_params, norm_grads
// — defined in torchnode/lab (lib/lab/train.ts), line for line (sum(...) is reduce((a, b) => a.add(b))):
import { get_params_and_gradients_norm } from "torchnode/lab";

// In [ ]:
// def train_epoch(model, dataloader, loss_fn, optimizer, loss_meter, performance_meter, performance, trajectory, device): # note: I've added a generic performance to replace accuracy and the device
//     for X, y in dataloader: ... zero_grad, forward, loss, backward, step, the meters,
//         and, if trajectory is not None, get_params_and_gradients_norm appended to trajectory["parameters"] and ["gradients"]
//
// def train_model(model, dataloader, loss_fn, optimizer, num_epochs, checkpoint_loc=None, checkpoint_name="checkpoint.pt", performance=accuracy, trajectory=None, device=None): # note: I've added a generic performance to replace accuracy and an object where to store the trajectory and the device on which to run our training
//     ... "Training on {device}", then per epoch: fresh AverageMeters, train_epoch,
//     print(f"Epoch {epoch+1} completed. Loss - total: {loss_meter.sum} - average: {loss_meter.avg}; Performance: {performance_meter.avg}"),
//     and a checkpoint {"parameters", "optimizer", "epoch"} when checkpoint_loc and checkpoint_name are set
//     return loss_meter.sum, performance_meter.avg, trajectory
//
// def test_model(model, dataloader, performance=accuracy, loss_fn=None, device=None):
//     ... one pass in eval mode under torch.no_grad(), print(f"TESTING - loss {fin_loss ...} - performance {fin_perf}")
//     return fin_loss, fin_perf
// — defined in torchnode/lab (lib/lab/train.ts), the notebook's code with its keywords in a trailing options object
// (train_model(model, trainloader, loss_fn, optimizer, num_epochs, { trajectory })); the numbers and printed lines
// are the notebook's. Its additions leave them alone: a progress bar when stderr is a terminal, callbacks, and each
// batch's tensors freed when the next one starts.
import { train_epoch, train_model, test_model } from "torchnode/lab";
import type { Trajectory } from "torchnode/lab"; // the dict {"parameters": [], "gradients": []}

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

// Now we can plot the norms

// In [ ]:
// def plot_trajectory(trajectory, ylim=(0,9)):
//     fig, (ax1, ax2) = plt.subplots(1,2, sharey=True)
//     ax1.set_ylim(*ylim)
//     ax1.plot(trajectory["parameters"])
//     ax1.set_title("Norm of parameters")
//     ax2.plot(trajectory["gradients"])
//     ax2.set_title("Norm of gradients")
//     plt.show()
// — defined in torchnode/lab (lib/lab/plot.ts): the same two panels sharing the y axis, drawn with Vega-Lite and
// written to a PNG (and an SVG) where plt.show() opens a window; `file` names it.
import { plot_trajectory } from "torchnode/lab";

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
// function for this task (**homework**: see L1RegularizedLoss in torchnode/lab (lib/lab/regularization.ts), and `npx torchnode homework`).

// #### batchnorm
//
// In PT, the batch normalization is found as a regular layer under within the `torch.nn` library

// In [ ]:
// class MLP_BN(nn.Module):
//     def __init__(self):
//         super().__init__()
//         self.layers = nn.Sequential(
//             nn.Flatten(),
//             nn.Linear(28*28, 16),
//             nn.ReLU(),
//
//             nn.BatchNorm1d(num_features=16), # we specify the dimensionality of the incoming data
//             nn.Linear(16, 32),
//             nn.ReLU(),
//
//             nn.BatchNorm1d(num_features=32),
//             nn.Linear(32, 24),
//             nn.ReLU(),
//
//             nn.BatchNorm1d(num_features=24),
//             nn.Linear(24, 10)
//         )
//
//     def forward(self, X):
//         return self.layers(X)
// — defined in torchnode/lab (lib/lab/models.ts), layer for layer:
//   layers = new nn.Sequential(new nn.Flatten(), new nn.Linear(28 * 28, 16), new nn.ReLU(), new nn.BatchNorm1d({ num_features: 16 }), ...)
import { MLP_BN } from "torchnode/lab";

// **Q** (for the most skilled students): why didn't we apply batchnorm for the first layer?

// #### Dropout
//
// In PT, we find Dropout as a module of `torch.nn`. Instead of placing if *before* the layer
// (as in batchnorm), we place it *after* the layer.

// In [ ]:
// class MLP_BN_Drop(nn.Module):
//     def __init__(self):
//         super().__init__()
//         self.layers = nn.Sequential(
//             nn.Flatten(),
//             nn.Linear(28*28, 16),
//             nn.ReLU(),
//
//             nn.BatchNorm1d(num_features=16),
//             nn.Linear(16, 32),
//             nn.ReLU(),
//             nn.Dropout(p=.2), # we add a dropout here. it's referred to the previous layer (with 32 neurons)
//
//             nn.BatchNorm1d(num_features=32),
//             nn.Linear(32, 24),
//             nn.ReLU(),
//
//             nn.BatchNorm1d(num_features=24),
//             nn.Linear(24, 10)
//         )
//
//     def forward(self, X):
//         return self.layers(X)
// — defined in torchnode/lab (lib/lab/models.ts), layer for layer (nn.Dropout(p=.2) is new nn.Dropout({ p: 0.2 })):
import { MLP_BN_Drop } from "torchnode/lab";

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
// there specified. Both are in torchnode/lab (EOpt, GL, PQ, UP callbacks for train_model) and run
// with `npx torchnode homework`. The models MLP_BN and MLP_BN_Drop, imported above but never trained
// here, are trained and tested by `npx torchnode lab` (test_model is used there).

/**
 * The lab's training helpers, as the notebook writes them:
 * get_params_and_gradients_norm, train_epoch, train_model and test_model.
 * Additions that leave the numbers alone: callbacks (early stopping,
 * validation, history), a progress bar on a terminal, and `log` to silence
 * or redirect the printed lines.
 */
import * as path from "node:path";
import { performance as clock } from "node:perf_hooks";
import { no_grad } from "../autograd/grad_mode";
import * as cuda from "../cuda";
import { floatRepr } from "../_pyformat";
import type { Module } from "../nn";
import type { Optimizer } from "../optim";
import { makedirs } from "../_fs";
import { save } from "../serialization";
import { outsideScopes, tidyEach } from "../memory";
import { Tensor } from "../tensor";
import { runHook, type Callback, type TrainState } from "./callbacks";
import { EpochProgress, defaultProgress } from "./progress";
import { accuracy, AverageMeter } from "./train_utils";

/** The parameters' and the gradients' L2 norms after each training iteration. */
export type Trajectory = { parameters: number[]; gradients: number[] };
export type Performance = (y_hat: Tensor, y: Tensor) => number;
export type LossFn = (y_hat: Tensor, y: Tensor) => Tensor;
type Log = (line: string) => void;

/**
 * get_params_and_gradients_norm(named_parameters) → [norm_params, norm_grads]:
 * the L2 norms of all trainable parameters and of their gradients, each as
 * one flattened vector.
 */
export function get_params_and_gradients_norm(named_parameters: Iterable<[string, Tensor]>): [number, number] {
  const square_norms_params: Tensor[] = [];
  const square_norms_grads: Tensor[] = [];

  for (const [, param] of named_parameters) {
    // Q: what is this and why did I write it here?
    if (param.requires_grad) {
      square_norms_params.push(param.pow(2).sum());
      square_norms_grads.push(param.grad!.pow(2).sum());
    }
  }

  // Python's sum() adds left to right; reduce does the same additions in the same order.
  const norm_params = square_norms_params.reduce((a, b) => a.add(b)).sqrt().item() as number;
  const norm_grads = square_norms_grads.reduce((a, b) => a.add(b)).sqrt().item() as number;

  return [norm_params, norm_grads];
}

/**
 * One epoch: for every batch, zero_grad, forward, loss, backward, step, then
 * the meters and (when given) the trajectory. `on_batch` runs after each batch.
 * Each batch, from the loader's next() to the trajectory, runs in a
 * torch.tidy scope (torch.tidyEach) that keeps the optimizer's state: a model
 * that stores a tensor made in forward must torch.keep it. on_batch runs
 * outside that scope.
 */
export function train_epoch(
  model: Module, dataloader: Iterable<[Tensor, Tensor]>, loss_fn: LossFn, optimizer: Optimizer,
  loss_meter: AverageMeter, performance_meter: AverageMeter, performance: Performance,
  trajectory: Trajectory | null, device: string, on_batch?: () => void,
): void {
  // One tidy scope per batch: the batch and every tensor the step makes are freed when the
  // loop moves on, as Python's refcounts free them; memory is then reused at once, warm in
  // the cache, instead of waiting for the GC.
  for (let [X, y] of tidyEach(dataloader)) {
    // TRANSFER X AND y TO GPU IF SPECIFIED
    X = X.to(device);
    y = y.to(device);
    // ... like last time
    optimizer.zero_grad();
    const y_hat: Tensor = model(X);
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
    // Outside the batch's scope, as before it had one: what a callback stores is its own.
    if (on_batch) outsideScopes(on_batch);
  }
}

export type TrainModelOptions = {
  checkpoint_loc?: string | null;
  checkpoint_name?: string | null;
  performance?: Performance;
  trajectory?: Trajectory | null;
  device?: string | null;
  /** Hooks run around epochs and batches (early stopping, validation, history). */
  callbacks?: Callback[];
  /** A progress bar per epoch; by default when stderr is a terminal and cli-progress is installed. */
  progress?: boolean;
  /** Names the run in front of its progress bar ("mlp_wd · Epoch 2/5 |███…"), as tqdm's desc; the printed lines stay the notebook's. */
  desc?: string | null;
  /** Where the printed lines go (console.log by default). */
  log?: Log;
};

/** "cuda:0" when CUDA is there, else "cpu" (the notebook's default device). */
export function default_device(): string {
  return cuda.is_available() ? "cuda:0" : "cpu";
}

/**
 * train_model(model, dataloader, loss_fn, optimizer, num_epochs, { checkpoint_loc, checkpoint_name = "checkpoint.pt",
 * performance = accuracy, trajectory, device, callbacks, progress, desc, log }) → [loss sum, performance, trajectory]
 * of the last epoch.
 *
 * Checkpoints: when checkpoint_loc and checkpoint_name are both set, {parameters, optimizer, epoch} is saved to
 * checkpoint_loc/checkpoint_name after every epoch, overwriting the previous epoch's file, as the notebook does: the
 * folder holds one checkpoint, the last epoch's (epoch counted from 0), never one per epoch. Keep an earlier epoch by
 * copying the file from a callback's on_epoch_end, which runs after the save.
 * @example const [train_loss, train_acc] = train_model(model, trainloader, loss_fn, optimizer, 5, { trajectory, desc: "mlp_wd" });
 */
export function train_model(
  model: Module, dataloader: Iterable<[Tensor, Tensor]>, loss_fn: LossFn, optimizer: Optimizer, num_epochs: number,
  options: TrainModelOptions = {},
): [number, number, Trajectory | null] {
  const { checkpoint_loc = null, checkpoint_name = "checkpoint.pt", performance = accuracy, trajectory = null, callbacks = [] } = options;
  const log = options.log ?? console.log;
  const progress = (options.progress ?? defaultProgress()) ? new EpochProgress(options.desc ?? null) : null;

  // establish device
  const device = options.device ?? default_device();
  log(`Training on ${device}`);

  // create the folder for the checkpoints (if it's not None)
  if (checkpoint_loc !== null) makedirs(checkpoint_loc);

  model.to(device);
  model.train();

  const batches = (dataloader as { length?: number }).length ?? NaN;
  const state: TrainState = {
    model, optimizer, device, num_epochs, epoch: 0, batch: 0, batches,
    loss_meter: new AverageMeter(), performance_meter: new AverageMeter(), logs: {}, stop_training: false,
  };
  runHook(callbacks, "on_train_begin", state);
  let loss_meter = state.loss_meter;
  let performance_meter = state.performance_meter;

  // epoch loop
  for (let epoch = 0; epoch < num_epochs; epoch++) {
    loss_meter = new AverageMeter();
    performance_meter = new AverageMeter();
    Object.assign(state, { epoch, batch: 0, loss_meter, performance_meter, logs: {} });
    runHook(callbacks, "on_epoch_begin", state);
    const started = clock.now();
    progress?.start(state);

    train_epoch(model, dataloader, loss_fn, optimizer, loss_meter, performance_meter, performance, trajectory, device, () => {
      state.batch++;
      progress?.update(state, (clock.now() - started) / 1000);
      runHook(callbacks, "on_batch_end", state);
    });

    progress?.stop();
    log(`Epoch ${epoch + 1} completed. Loss - total: ${floatRepr(loss_meter.sum)} - average: ${floatRepr(loss_meter.avg)}; Performance: ${floatRepr(performance_meter.avg)}`);
    state.logs = { loss_sum: loss_meter.sum, loss: loss_meter.avg, performance: performance_meter.avg, seconds: (clock.now() - started) / 1000 };

    // produce checkpoint dictionary -- but only if the name and folder of the checkpoint are not None
    if (checkpoint_name !== null && checkpoint_loc !== null) {
      const checkpoint_dict = {
        parameters: model.state_dict(),
        optimizer: optimizer.state_dict(),
        epoch,
      };
      save(checkpoint_dict, path.join(checkpoint_loc, checkpoint_name));
    }
    runHook(callbacks, "on_epoch_end", state);
    if (state.stop_training) break;
  }
  runHook(callbacks, "on_train_end", state);

  return [loss_meter.sum, performance_meter.avg, trajectory];
}

export type TestModelOptions = { performance?: Performance; loss_fn?: LossFn | null; device?: string | null; log?: Log };

/**
 * test_model(model, dataloader, { performance = accuracy, loss_fn, device }) → [loss sum or null, performance]:
 * one pass in eval mode without gradients.
 */
export function test_model(model: Module, dataloader: Iterable<[Tensor, Tensor]>, options: TestModelOptions = {}): [number | null, number] {
  const { performance = accuracy, loss_fn = null } = options;
  const log = options.log ?? console.log;
  // establish device
  const device = options.device ?? default_device();

  // create an AverageMeter for the loss if passed
  const loss_meter = loss_fn !== null ? new AverageMeter() : null;

  const performance_meter = new AverageMeter();

  model.to(device);
  model.eval();
  no_grad(() => {
    for (let [X, y] of tidyEach(dataloader)) {
      X = X.to(device);
      y = y.to(device);

      const y_hat: Tensor = model(X);
      const loss = loss_fn !== null ? loss_fn(y_hat, y) : null;
      const acc = performance(y_hat, y);
      if (loss_meter !== null) loss_meter.update(loss!.item() as number, X.shape[0]);
      performance_meter.update(acc, X.shape[0]);
    }
  });
  // get final performances
  const fin_loss = loss_meter !== null ? loss_meter.sum : null;
  const fin_perf = performance_meter.avg;
  log(`TESTING - loss ${fin_loss !== null ? floatRepr(fin_loss) : "--"} - performance ${floatRepr(fin_perf)}`);
  return [fin_loss, fin_perf];
}

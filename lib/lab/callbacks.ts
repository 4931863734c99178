/**
 * Callbacks for the lab's `train_model` (not in the notebook): the hooks
 * that early stopping, validation and progress reporting plug into, so that
 * the notebook's loop stays as it is.
 */
import type { Module } from "../nn";
import type { Optimizer } from "../optim";
import type { AverageMeter } from "./train_utils";

/** What train_model shares with its callbacks; `logs` holds the epoch's figures. */
export type TrainState = {
  model: Module;
  optimizer: Optimizer;
  device: string;
  num_epochs: number;
  /** The epoch running, counted from 0 as the notebook's loop counts. */
  epoch: number;
  /** Batches done in this epoch, and how many it has. */
  batch: number;
  batches: number;
  loss_meter: AverageMeter;
  performance_meter: AverageMeter;
  /** loss (average), loss_sum, performance and seconds after each epoch, plus what callbacks add (e.g. val_loss). */
  logs: Record<string, number>;
  /** Set by a callback to end training after this epoch. */
  stop_training: boolean;
};

/** A training callback: every hook is optional; callbacks run in the order given. */
export interface Callback {
  on_train_begin?(state: TrainState): void;
  on_epoch_begin?(state: TrainState): void;
  /** After each batch's step, outside the batch's tidy scope: tensors it stores stay its own. */
  on_batch_end?(state: TrainState): void;
  on_epoch_end?(state: TrainState): void;
  on_train_end?(state: TrainState): void;
}

/** Runs one hook of every callback, in order. */
export function runHook(callbacks: readonly Callback[], hook: keyof Callback, state: TrainState): void {
  for (const cb of callbacks) cb[hook]?.(state);
}

/** Records each epoch's logs (what Keras calls History): `history.epochs[i]` is epoch i's logs. */
export class History implements Callback {
  epochs: Record<string, number>[] = [];
  on_epoch_end(state: TrainState): void {
    this.epochs.push({ ...state.logs });
  }
}

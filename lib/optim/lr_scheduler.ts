/** optim.lr_scheduler (torch/optim/lr_scheduler.py): the base scheduler and StepLR. */
import { KeyError } from "../errors";
import { torchAtLeast } from "../version";
import { Optimizer } from "./optimizer";

// Schedulers lost `verbose` in PyTorch 2.7 and mark their first step with `_is_initial` from 2.8.
const VERBOSE = !torchAtLeast(2, 7);
const IS_INITIAL = torchAtLeast(2, 8);

/** PyTorch's _LRScheduler: sets each group's lr at every step(). */
export abstract class LRScheduler {
  optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  _step_count = 0;
  _last_lr: number[] = [];

  constructor(optimizer: Optimizer, last_epoch = -1) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeof optimizer} is not an Optimizer`);
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!("initial_lr" in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!("initial_lr" in group)) throw new KeyError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
  }

  /** Subclasses call this at the end of their constructor, as PyTorch's _initial_step does. */
  protected _initial_step(): void {
    this._step_count = 0;
    this.step();
  }

  abstract get_lr(): number[];

  /** Advances one epoch and sets the learning rates. */
  step(): void {
    this._step_count += 1;
    this.last_epoch += 1;
    const values = this.get_lr();
    this.optimizer.param_groups.forEach((group, i) => (group.lr = values[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }

  get_last_lr(): number[] {
    return this._last_lr;
  }

  /** The scheduler's own settings, first in its state dict (StepLR: step_size, gamma). */
  protected _settings(): Record<string, unknown> {
    return {};
  }

  /** PyTorch's state dict: every attribute but the optimizer, in PyTorch's order. */
  state_dict(): Record<string, unknown> {
    const settings = { ...this._settings(), base_lrs: [...this.base_lrs], last_epoch: this.last_epoch };
    return {
      ...settings, ...(VERBOSE && { verbose: false }), _step_count: this._step_count, ...(IS_INITIAL && { _is_initial: false }),
      _get_lr_called_within_step: false, _last_lr: [...this._last_lr],
    };
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    const { verbose: _verbose, _is_initial: _initial, _get_lr_called_within_step: _within, ...rest } = state_dict;
    Object.assign(this, rest);
  }
}

/** StepLR(optimizer, step_size, gamma = 0.1): multiplies lr by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;
  constructor(optimizer: Optimizer, step_size: number | { step_size: number; gamma?: number; last_epoch?: number }, gamma = 0.1, last_epoch = -1) {
    if (typeof step_size === "object") ({ gamma = 0.1, last_epoch = -1, step_size } = step_size);
    super(optimizer, last_epoch);
    this.step_size = step_size;
    this.gamma = gamma;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { step_size: this.step_size, gamma: this.gamma };
  }
  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.optimizer.param_groups.map((g) => g.lr as number);
    return this.optimizer.param_groups.map((g) => (g.lr as number) * this.gamma);
  }
}

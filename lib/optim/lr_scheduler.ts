/**
 * optim.lr_scheduler (torch/optim/lr_scheduler.py): the schedulers and their
 * state dicts in PyTorch's format. The recursive (chainable) forms are kept
 * as PyTorch writes them, since the order of the float operations decides the
 * last bits of every learning rate.
 */
import { tensor } from "../creation";
import { float64 } from "../dtype";
import { KeyError, ValueError } from "../errors";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { Optimizer } from "./optimizer";

// Schedulers lost `verbose` in PyTorch 2.7 and mark their first step with `_is_initial` from 2.8.
const VERBOSE = !torchAtLeast(2, 7);
const IS_INITIAL = torchAtLeast(2, 8);
// SequentialLR moves to a milestone with _update_lr(0) in 2.x (step(0), which also counts the step, in 1.13).
const V2 = torchAtLeast(2);

/** Python's math.cos is C's cos(); V8's Math.cos may differ in the last bit. libtorch computes one double with std::cos. */
const pyCos = (x: number): number => tensor(x, { dtype: float64 }).cos().item() as number;

export type LrLambda = (epoch: number) => number;

function isOptions(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Optimizer);
}

/**
 * Python's arguments (PORTING.md): positional values, then one options object
 * for the rest by name, e.g. MultiStepLR(opt, [2, 5], 0.5), MultiStepLR(opt, [2, 5], { gamma: 0.5 })
 * and MultiStepLR(opt, { milestones: [2, 5], gamma: 0.5 }).
 */
function pyArgs<T>(names: (keyof T & string)[], args: unknown[], defaults: Partial<T>): Required<T> {
  const out: Record<string, unknown> = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    if (isOptions(args[i])) {
      Object.assign(out, args[i]);
      break;
    }
    if (args[i] !== undefined) out[names[i]] = args[i];
  }
  return out as Required<T>;
}

/** PyTorch's LRScheduler: sets each group's lr at every step(). */
export abstract class LRScheduler {
  optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  _step_count = 0;
  _last_lr: number[] = [];
  _is_initial = false;

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
  _initial_step(): void {
    this._step_count = 0;
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** Whether this is the step the constructor takes (PyTorch 2.8's _is_initial, last_epoch == 0 before). */
  protected get initial(): boolean {
    return IS_INITIAL ? this._is_initial : this.last_epoch === 0;
  }

  /** The group lrs as they are. */
  protected get lrs(): number[] {
    return this.optimizer.param_groups.map((g) => g.lr as number);
  }

  abstract get_lr(): number[];

  /** The lrs at last_epoch in closed form, used by step(epoch); schedulers without one use get_lr. */
  _get_closed_form_lr?(): number[];

  /** Advances one epoch (or jumps to `epoch`, deprecated in PyTorch) and sets the learning rates. */
  step(epoch?: number): void {
    this._step_count += 1;
    this._update_lr(epoch);
  }

  _update_lr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.last_epoch += 1;
      values = this.get_lr();
    } else {
      this.last_epoch = epoch;
      values = this._get_closed_form_lr ? this._get_closed_form_lr() : this.get_lr();
    }
    this.optimizer.param_groups.forEach((group, i) => (group.lr = values[i]));
    this._last_lr = this.lrs;
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

export type StepLROptions = { step_size: number; gamma?: number; last_epoch?: number };
export type LambdaLROptions = { lr_lambda: LrLambda | LrLambda[]; last_epoch?: number };
export type MultiStepLROptions = { milestones: number[]; gamma?: number; last_epoch?: number };
export type ConstantLROptions = { factor?: number; total_iters?: number; last_epoch?: number };
export type LinearLROptions = { start_factor?: number; end_factor?: number; total_iters?: number; last_epoch?: number };
export type ExponentialLROptions = { gamma: number; last_epoch?: number };
export type PolynomialLROptions = { total_iters?: number; power?: number; last_epoch?: number };
export type CosineAnnealingLROptions = { T_max: number; eta_min?: number; last_epoch?: number };
export type SequentialLROptions = { schedulers: Scheduler[]; milestones: number[]; last_epoch?: number };

/** StepLR(optimizer, step_size, gamma = 0.1): multiplies lr by gamma every step_size epochs. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;
  constructor(optimizer: Optimizer, ...args: (number | StepLROptions)[]) {
    const { step_size, gamma, last_epoch } = pyArgs<StepLROptions>(["step_size", "gamma", "last_epoch"], args, { gamma: 0.1, last_epoch: -1 });
    super(optimizer, last_epoch);
    this.step_size = step_size;
    this.gamma = gamma;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { step_size: this.step_size, gamma: this.gamma };
  }
  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.lrs;
    return this.lrs.map((lr) => lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, Math.floor(this.last_epoch / this.step_size)));
  }
}


/** LambdaLR and MultiplicativeLR: one function per group; state dicts hold null for each (functions are not saved, as in PyTorch). */
abstract class LambdaScheduler extends LRScheduler {
  lr_lambdas: LrLambda[];
  constructor(optimizer: Optimizer, args: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    const { lr_lambda, last_epoch } = pyArgs<LambdaLROptions>(["lr_lambda", "last_epoch"], args, { last_epoch: -1 });
    super(optimizer, last_epoch);
    const n = optimizer.param_groups.length;
    if (!Array.isArray(lr_lambda)) {
      this.lr_lambdas = Array.from({ length: n }, () => lr_lambda as LrLambda);
    } else {
      if (lr_lambda.length !== n) throw new ValueError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
      this.lr_lambdas = [...lr_lambda];
    }
    for (const fn of this.lr_lambdas) {
      if (typeof fn !== "function") throw new TypeError(`lr_lambda should be a function, but got ${fn === null ? "NoneType" : typeof fn}`);
    }
    this._initial_step();
  }
  state_dict(): Record<string, unknown> {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }
  load_state_dict(state_dict: Record<string, unknown>): void {
    const { lr_lambdas: _fns, ...rest } = state_dict;
    super.load_state_dict(rest);
  }
}

/** LambdaLR(optimizer, lr_lambda): lr = initial lr * lr_lambda(epoch). https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LambdaLR.html */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, ...args: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    super(optimizer, args);
  }
  get_lr(): number[] {
    return this.base_lrs.map((base_lr, i) => base_lr * this.lr_lambdas[i](this.last_epoch));
  }
}

/** MultiplicativeLR(optimizer, lr_lambda): lr *= lr_lambda(epoch) each epoch. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.MultiplicativeLR.html */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, ...args: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    super(optimizer, args);
  }
  get_lr(): number[] {
    const moves = IS_INITIAL ? !this._is_initial : this.last_epoch > 0;
    return moves ? this.lrs.map((lr, i) => lr * this.lr_lambdas[i](this.last_epoch)) : this.lrs;
  }
}

/** MultiStepLR(optimizer, milestones, gamma = 0.1): multiplies lr by gamma at each milestone. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.MultiStepLR.html */
export class MultiStepLR extends LRScheduler {
  /** PyTorch's Counter of milestones: milestone -> how many times it was given. */
  milestones: Record<number, number>;
  gamma: number;
  constructor(optimizer: Optimizer, ...args: (number[] | number | MultiStepLROptions)[]) {
    const { milestones, gamma, last_epoch } = pyArgs<MultiStepLROptions>(["milestones", "gamma", "last_epoch"], args, { gamma: 0.1, last_epoch: -1 });
    super(optimizer, last_epoch);
    this.milestones = {};
    for (const m of milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = gamma;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { milestones: { ...this.milestones }, gamma: this.gamma };
  }
  get_lr(): number[] {
    const count = this.milestones[this.last_epoch];
    if (count === undefined) return this.lrs;
    return this.lrs.map((lr) => lr * pyPow(this.gamma, count));
  }
  _get_closed_form_lr(): number[] {
    const passed = Object.entries(this.milestones).reduce((n, [m, c]) => n + (Number(m) <= this.last_epoch ? c : 0), 0);
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, passed));
  }
}

/** ConstantLR(optimizer, { factor = 1/3, total_iters = 5 }): lr * factor until total_iters. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ConstantLR.html */
export class ConstantLR extends LRScheduler {
  factor: number;
  total_iters: number;
  constructor(optimizer: Optimizer, ...args: (number | ConstantLROptions)[]) {
    const { factor: f, total_iters, last_epoch } = pyArgs<ConstantLROptions>(["factor", "total_iters", "last_epoch"], args, { factor: 1.0 / 3, total_iters: 5, last_epoch: -1 });
    if (f > 1.0 || f < 0) throw new ValueError("Constant multiplicative factor expected to be between 0 and 1.");
    super(optimizer, last_epoch);
    this.factor = f;
    this.total_iters = total_iters;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { factor: this.factor, total_iters: this.total_iters };
  }
  get_lr(): number[] {
    if (this.last_epoch === 0) return this.lrs.map((lr) => lr * this.factor);
    if (this.last_epoch !== this.total_iters) return this.lrs;
    return this.lrs.map((lr) => lr * (1.0 / this.factor));
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * (this.factor + Number(this.last_epoch >= this.total_iters) * (1 - this.factor)));
  }
}

/** LinearLR(optimizer, { start_factor = 1/3, end_factor = 1, total_iters = 5 }): lr moves linearly between the factors. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LinearLR.html */
export class LinearLR extends LRScheduler {
  start_factor: number;
  end_factor: number;
  total_iters: number;
  constructor(optimizer: Optimizer, ...args: (number | LinearLROptions)[]) {
    const { start_factor: s, end_factor, total_iters, last_epoch } = pyArgs<LinearLROptions>(
      ["start_factor", "end_factor", "total_iters", "last_epoch"], args, { start_factor: 1.0 / 3, end_factor: 1.0, total_iters: 5, last_epoch: -1 });
    // 2.x refuses a start_factor of 0 (it divides by it), with another message.
    if (V2 ? s > 1.0 || s <= 0 : s > 1.0 || s < 0) {
      throw new ValueError(V2 ? "Starting multiplicative factor expected to be greater than 0 and less or equal to 1." : "Starting multiplicative factor expected to be between 0 and 1.");
    }
    if (end_factor > 1.0 || end_factor < 0) throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer, last_epoch);
    this.start_factor = s;
    this.end_factor = end_factor;
    this.total_iters = total_iters;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { start_factor: this.start_factor, end_factor: this.end_factor, total_iters: this.total_iters };
  }
  get_lr(): number[] {
    if (this.last_epoch === 0) return this.lrs.map((lr) => lr * this.start_factor);
    if ((IS_INITIAL && this._is_initial) || this.last_epoch > this.total_iters) return this.lrs;
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    return this.lrs.map((lr) => lr * (1.0 + (e - s) / (n * s + (this.last_epoch - 1) * (e - s))));
  }
  _get_closed_form_lr(): number[] {
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    return this.base_lrs.map((base_lr) => base_lr * (s + ((e - s) * Math.min(n, this.last_epoch)) / n));
  }
}

/** ExponentialLR(optimizer, gamma): lr *= gamma every epoch. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer, ...args: (number | ExponentialLROptions)[]) {
    const { gamma, last_epoch } = pyArgs<ExponentialLROptions>(["gamma", "last_epoch"], args, { last_epoch: -1 });
    super(optimizer, last_epoch);
    this.gamma = gamma;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { gamma: this.gamma };
  }
  get_lr(): number[] {
    return this.initial ? this.lrs : this.lrs.map((lr) => lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, this.last_epoch));
  }
}

/** PolynomialLR(optimizer, { total_iters = 5, power = 1 }): lr decays polynomially to 0 over total_iters. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.PolynomialLR.html */
export class PolynomialLR extends LRScheduler {
  total_iters: number;
  power: number;
  constructor(optimizer: Optimizer, ...args: (number | PolynomialLROptions)[]) {
    const { total_iters, power, last_epoch } = pyArgs<PolynomialLROptions>(["total_iters", "power", "last_epoch"], args, { total_iters: 5, power: 1.0, last_epoch: -1 });
    super(optimizer, last_epoch);
    this.total_iters = total_iters;
    this.power = power;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { total_iters: this.total_iters, power: this.power };
  }
  get_lr(): number[] {
    if (this.initial || this.last_epoch > this.total_iters) return this.lrs;
    const n = this.total_iters;
    const decay_factor = pyPow((1.0 - this.last_epoch / n) / (1.0 - (this.last_epoch - 1) / n), this.power);
    return this.lrs.map((lr) => lr * decay_factor);
  }
  _get_closed_form_lr(): number[] {
    const n = this.total_iters;
    return this.base_lrs.map((base_lr) => base_lr * pyPow(1.0 - Math.min(n, this.last_epoch) / n, this.power));
  }
}

/** CosineAnnealingLR(optimizer, T_max, eta_min = 0): cosine annealing, in PyTorch's recursive form. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;
  constructor(optimizer: Optimizer, ...args: (number | CosineAnnealingLROptions)[]) {
    const { T_max, eta_min, last_epoch } = pyArgs<CosineAnnealingLROptions>(["T_max", "eta_min", "last_epoch"], args, { eta_min: 0, last_epoch: -1 });
    super(optimizer, last_epoch);
    this.T_max = T_max;
    this.eta_min = eta_min;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { T_max: this.T_max, eta_min: this.eta_min };
  }
  get_lr(): number[] {
    const { T_max, eta_min, last_epoch } = this;
    if (this.initial) return this.lrs;
    if (this._step_count === 1 && last_epoch > 0) {
      return this.base_lrs.map((base_lr) => eta_min + ((base_lr - eta_min) * (1 + pyCos((last_epoch * Math.PI) / T_max))) / 2);
    }
    if (pyMod(last_epoch - 1 - T_max, 2 * T_max) === 0) {
      return this.lrs.map((lr, i) => lr + ((this.base_lrs[i] - eta_min) * (1 - pyCos(Math.PI / T_max))) / 2);
    }
    return this.lrs.map((lr) => ((1 + pyCos((Math.PI * last_epoch) / T_max)) / (1 + pyCos((Math.PI * (last_epoch - 1)) / T_max))) * (lr - eta_min) + eta_min);
  }
  _get_closed_form_lr(): number[] {
    const { T_max, eta_min } = this;
    return this.base_lrs.map((base_lr) => eta_min + ((base_lr - eta_min) * (1 + pyCos((Math.PI * this.last_epoch) / T_max))) / 2);
  }
}

/** Python's % (the sign of the divisor). */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** What ChainedScheduler and SequentialLR hold: schedulers of one optimizer. */
type Scheduler = LRScheduler | ChainedScheduler | SequentialLR;

function checkSchedulers(name: string, optimizer: Optimizer, schedulers: Scheduler[]): void {
  schedulers.forEach((s, i) => {
    if (!s || !(s.optimizer instanceof Optimizer)) throw new TypeError(`${name} at index ${i} should have \`optimizer\` as its attribute.`);
    if (s.optimizer !== optimizer) {
      throw new ValueError(`${name} expects all schedulers to belong to the same optimizer, but got scheduler ${s.constructor.name} at index ${i} has ${String(s.optimizer)}, which is different from ${optimizer.constructor.name}.`);
    }
  });
}

/** The state dict of ChainedScheduler and SequentialLR: their own entries, then each scheduler's. */
function withSchedulers(own: Record<string, unknown>, schedulers: Scheduler[]): Record<string, unknown> {
  return { ...own, _schedulers: schedulers.map((s) => s.state_dict()) };
}

function loadSchedulers(target: object, state_dict: Record<string, unknown>, schedulers: Scheduler[]): void {
  const { _schedulers, ...rest } = state_dict;
  Object.assign(target, rest);
  (_schedulers as Record<string, unknown>[]).forEach((s, i) => schedulers[i].load_state_dict(s));
}

/** ChainedScheduler(schedulers): steps every scheduler at each step(). https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ChainedScheduler.html */
export class ChainedScheduler {
  _schedulers: Scheduler[];
  optimizer: Optimizer;
  _last_lr: number[];
  constructor(schedulers: Scheduler[], optimizer?: Optimizer) {
    if (!Array.isArray(schedulers) || schedulers.length < 1) {
      throw new ValueError("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");
    }
    this.optimizer = optimizer ?? schedulers[0].optimizer;
    checkSchedulers("ChainedScheduler", this.optimizer, schedulers);
    this._schedulers = [...schedulers];
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }
  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr as number);
  }
  get_last_lr(): number[] {
    return this._last_lr;
  }
  state_dict(): Record<string, unknown> {
    return withSchedulers({ _last_lr: [...this._last_lr] }, this._schedulers);
  }
  load_state_dict(state_dict: Record<string, unknown>): void {
    loadSchedulers(this, state_dict, this._schedulers);
  }
}

/** SequentialLR(optimizer, schedulers, milestones): one scheduler after another, switching at the milestones. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.SequentialLR.html */
export class SequentialLR {
  _schedulers: Scheduler[];
  _milestones: number[];
  last_epoch: number;
  optimizer: Optimizer;
  _last_lr: number[];
  constructor(optimizer: Optimizer, ...args: (Scheduler[] | number[] | number | SequentialLROptions)[]) {
    const { schedulers: list, milestones, last_epoch } = pyArgs<SequentialLROptions>(["schedulers", "milestones", "last_epoch"], args, { milestones: [], last_epoch: -1 });
    if (list.length < 1) throw new ValueError("SequentialLR expects at least one scheduler, but got no scheduler.");
    checkSchedulers("SequentialLR", optimizer, list);
    if (milestones.length !== list.length - 1) {
      throw new ValueError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${list.length} and the number of milestones to be equal to ${milestones.length}`);
    }
    this._schedulers = list;
    this._milestones = milestones;
    this.last_epoch = last_epoch + 1;
    this.optimizer = optimizer;
    for (const group of optimizer.param_groups) group.lr = group.initial_lr;
    // Undo the step each scheduler took when it was made (recursively in 2.x, through nested SequentialLRs).
    const undo = (s: Scheduler): void => {
      if (V2 && (s instanceof SequentialLR || s instanceof ChainedScheduler)) s._schedulers.forEach(undo);
      else if (!(s instanceof ChainedScheduler)) s.last_epoch -= 1;
    };
    list.forEach(undo);
    const idx = V2 ? bisectRight(milestones, 0) : 0;
    (list[idx] as LRScheduler)._initial_step();
    this._last_lr = list[idx].get_last_lr();
  }
  step(): void {
    this.last_epoch += 1;
    const idx = bisectRight(this._milestones, this.last_epoch);
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) {
      if (V2) (scheduler as LRScheduler)._update_lr(0);
      else (scheduler as LRScheduler).step(0);
    } else {
      scheduler.step();
    }
    this._last_lr = scheduler.get_last_lr();
  }
  get_last_lr(): number[] {
    return this._last_lr;
  }
  state_dict(): Record<string, unknown> {
    return withSchedulers({ _milestones: [...this._milestones], last_epoch: this.last_epoch, _last_lr: [...this._last_lr] }, this._schedulers);
  }
  load_state_dict(state_dict: Record<string, unknown>): void {
    loadSchedulers(this, state_dict, this._schedulers);
  }
}

/** Python's bisect.bisect_right on a sorted list. */
function bisectRight(a: number[], x: number): number {
  let i = 0;
  while (i < a.length && a[i] <= x) i++;
  return i;
}

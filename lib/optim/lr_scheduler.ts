/**
 * optim.lr_scheduler (torch/optim/lr_scheduler.py): the schedulers and their
 * state dicts in PyTorch's format. The recursive (chainable) forms are kept
 * as PyTorch writes them, since the order of the float operations decides the
 * last bits of every learning rate.
 */
import { expected, KeyError, RuntimeError, TorchTypeError, ValueError } from "../errors";
import { quoteList } from "../_pydef";
import { pyTypeName } from "../_pyformat";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { Optimizer } from "./optimizer";

// Schedulers lost `verbose` in PyTorch 2.7 and mark their first step with `_is_initial` from 2.8.
const VERBOSE = !torchAtLeast(2, 7);
const IS_INITIAL = torchAtLeast(2, 8);
// SequentialLR moves to a milestone with _update_lr(0) in 2.x (step(0), which also counts the step, in 1.13).
const V2 = torchAtLeast(2);

// ---- Python's math.cos ----
// Python's math.cos is glibc's cos(), correctly rounded in practice; V8's Math.cos and libtorch's (vectorised) cos
// each miss it by an ulp now and then (OneCycleLR's cos(pi * 6.4 / 8.4), for one). So the cosine is computed here
// in double-double arithmetic (about 106 bits) and rounded once.
type DD = [number, number];
const fastTwoSum = (a: number, b: number): DD => {
  const s = a + b;
  return [s, b - (s - a)];
};
const twoSum = (a: number, b: number): DD => {
  const s = a + b, bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
};
const split = (a: number): DD => {
  const c = 134217729 * a, hi = c - (c - a);
  return [hi, a - hi];
};
const twoProd = (a: number, b: number): DD => {
  const p = a * b, [ah, al] = split(a), [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
};
const ddAdd = (a: DD, b: DD): DD => {
  const [s, e] = twoSum(a[0], b[0]);
  return fastTwoSum(s, e + a[1] + b[1]);
};
const ddMul = (a: DD, b: DD): DD => {
  const [p, e] = twoProd(a[0], b[0]);
  return fastTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
};
const ddDiv = (a: DD, d: number): DD => {
  const q = a[0] / d, [p, e] = twoProd(q, d);
  return fastTwoSum(q, (a[0] - p - e + a[1]) / d);
};
const PI_2: DD = [Math.PI / 2, 6.123233995736766e-17];
/** The Taylor series of cos (start 1, k = 0) or sin (start r, k = 1) at a reduced argument |r| <= pi/4. */
function ddSeries(r: DD, first: DD, k: number): DD {
  const r2 = ddMul(r, r);
  let term = first, sum = first;
  for (let n = k + 1; Math.abs(term[0]) > 1e-40; n += 2) {
    term = ddDiv(ddMul(term, r2), -n * (n + 1));
    sum = ddAdd(sum, term);
  }
  return sum;
}
/** Python's math.cos(x), bit for bit. */
export function pyCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = Math.round(x / PI_2[0]);
  const r = ddAdd([x, 0], ddMul([-k, 0], PI_2));
  const quadrant = ((k % 4) + 4) % 4;
  const v = quadrant % 2 === 0 ? ddSeries(r, [1, 0], 0) : ddSeries(r, r, 1);
  const sign = quadrant === 1 || quadrant === 2 ? -1 : 1;
  return sign * (v[0] + v[1]);
}

export type LrLambda = (epoch: number) => number;

function isOptions(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Optimizer);
}

/**
 * Python's arguments (PORTING.md): positional values, then one options object
 * for the rest by name, e.g. MultiStepLR(opt, [2, 5], 0.5), MultiStepLR(opt, [2, 5], { gamma: 0.5 })
 * and MultiStepLR(opt, { milestones: [2, 5], gamma: 0.5 }).
 */
function pyArgs<T>(names: (keyof T & string)[], args: unknown[], defaults: Partial<T>, owner?: string): Required<T> {
  const out: Record<string, unknown> = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    if (isOptions(args[i])) {
      Object.assign(out, args[i]);
      break;
    }
    if (args[i] !== undefined) out[names[i]] = args[i];
  }
  // The arguments without a default are required, as Python's call refuses them: "StepLR.__init__() missing 1 required positional argument: 'step_size'".
  const missing = owner === undefined ? [] : names.filter((n) => !(n in defaults) && out[n] === undefined);
  if (missing.length) {
    throw new TorchTypeError(`${owner}.__init__() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${quoteList(missing)}`);
  }
  return out as Required<T>;
}

/**
 * The state dict a scheduler loads, refused as PyTorch refuses what is not a dict: its
 * `self.__dict__.update(state_dict)` takes only a dict or a sequence of pairs ("dictionary update
 * sequence element #0 has length 1; 2 is required"; "'int' object is not iterable" for a number), and the
 * schedulers that first `state_dict.pop(...)` a key fail there (an AttributeError, here a TypeError).
 */
function stateDictOf(state_dict: unknown, pops = false): Record<string, unknown> {
  if (typeof state_dict === "object" && state_dict !== null && !Array.isArray(state_dict)) return state_dict as Record<string, unknown>;
  if (pops) {
    if (Array.isArray(state_dict)) throw new TorchTypeError("'str' object cannot be interpreted as an integer");
    throw new TorchTypeError(`'${pyTypeName(state_dict)}' object has no attribute 'pop'`);
  }
  // Python says "'int' object is not iterable"; the table takes "is not iterable" for the JS engine's words, so say it as the rest of torchnode does.
  if (typeof state_dict !== "string" && !Array.isArray(state_dict)) throw expected("a dict", "state_dict", state_dict);
  return Object.fromEntries(
    [...state_dict].map((pair: unknown, j) => {
      if (typeof pair !== "string" && !Array.isArray(pair)) throw new TorchTypeError(`cannot convert dictionary update sequence element #${j} to a sequence`);
      if (pair.length !== 2) throw new ValueError(`dictionary update sequence element #${j} has length ${pair.length}; 2 is required`);
      return [...pair];
    }),
  );
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
    const { verbose: _verbose, _is_initial: _initial, _get_lr_called_within_step: _within, ...rest } = stateDictOf(state_dict);
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
    const { step_size, gamma, last_epoch } = pyArgs<StepLROptions>(["step_size", "gamma", "last_epoch"], args, { gamma: 0.1, last_epoch: -1 }, "StepLR");
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
    const { lr_lambda, last_epoch } = pyArgs<LambdaLROptions>(["lr_lambda", "last_epoch"], args, { last_epoch: -1 }, new.target.name);
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
    const { lr_lambdas: _fns, ...rest } = stateDictOf(state_dict, true);
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
    const { milestones, gamma, last_epoch } = pyArgs<MultiStepLROptions>(["milestones", "gamma", "last_epoch"], args, { gamma: 0.1, last_epoch: -1 }, "MultiStepLR");
    super(optimizer, last_epoch);
    this.milestones = {};
    if (typeof milestones !== "string" && typeof (milestones as Iterable<number> | null)?.[Symbol.iterator] !== "function") {
      throw expected("an iterable of ints", "milestones", milestones); // Python's Counter(42): "'int' object is not iterable"
    }
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
    const { gamma, last_epoch } = pyArgs<ExponentialLROptions>(["gamma", "last_epoch"], args, { last_epoch: -1 }, "ExponentialLR");
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
    const { T_max, eta_min, last_epoch } = pyArgs<CosineAnnealingLROptions>(["T_max", "eta_min", "last_epoch"], args, { eta_min: 0, last_epoch: -1 }, "CosineAnnealingLR");
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
  const { _schedulers, ...rest } = stateDictOf(state_dict, true);
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

/** PyTorch's _format_param: one value per param group (a list must have one per group). */
function perGroup<T>(name: string, optimizer: Optimizer, value: T | T[]): T[] {
  const n = optimizer.param_groups.length;
  if (!Array.isArray(value)) return Array.from({ length: n }, () => value);
  if (value.length !== n) {
    throw new ValueError(V2 ? `${name} must have the same length as optimizer.param_groups. ${name} has ${value.length} values, param_groups has ${n}.`
      : `expected ${n} values for ${name}, got ${value.length}`);
  }
  return [...value];
}

/** Sets a group's momentum, or beta1 of its betas (a new pair, as PyTorch builds a new tuple). */
function setMomentum(group: Record<string, unknown>, useBeta1: boolean, momentum: number): void {
  if (useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
  else group.momentum = momentum;
}

/** Whether the optimizer has a momentum (or, from 2.0, betas) for cycle_momentum; throws PyTorch's error if not. */
function momentumKind(optimizer: Optimizer, allowBetas: boolean): boolean {
  const hasBetas = allowBetas && "betas" in optimizer.defaults;
  if (!("momentum" in optimizer.defaults) && !hasBetas) {
    throw new ValueError(`optimizer must support momentum${V2 ? " or beta1" : ""} with \`cycle_momentum\` option enabled`);
  }
  return hasBetas;
}

export type ReduceLROnPlateauOptions = {
  mode?: "min" | "max"; factor?: number; patience?: number; threshold?: number; threshold_mode?: "rel" | "abs";
  cooldown?: number; min_lr?: number | number[]; eps?: number; verbose?: boolean;
};

/**
 * ReduceLROnPlateau(optimizer, { mode = "min", factor = 0.1, patience = 10, threshold = 1e-4, threshold_mode = "rel",
 * cooldown = 0, min_lr = 0, eps = 1e-8 }): multiplies lr by factor once a metric stops improving; step(metrics).
 * https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
 *
 * @example
 * const sched = new optim.lr_scheduler.ReduceLROnPlateau(opt, { patience: 2 });
 * sched.step(val_loss);
 */
export class ReduceLROnPlateau {
  optimizer: Optimizer;
  factor: number;
  default_min_lr: number | null;
  min_lrs: number[];
  patience: number;
  cooldown: number;
  cooldown_counter = 0;
  mode: "min" | "max" = "min";
  threshold = 1e-4;
  threshold_mode: "rel" | "abs" = "rel";
  best = Infinity;
  num_bad_epochs = 0;
  mode_worse = Infinity;
  eps: number;
  last_epoch = 0;
  _last_lr: number[] | undefined;
  verbose: boolean;

  constructor(optimizer: Optimizer, ...args: ("min" | "max" | number | ReduceLROnPlateauOptions)[]) {
    const o = pyArgs<ReduceLROnPlateauOptions>(["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"], args, {
      mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: "rel", cooldown: 0, min_lr: 0, eps: 1e-8, verbose: false,
    });
    if (o.factor >= 1.0) throw new ValueError("Factor should be < 1.0.");
    this.factor = o.factor;
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeof optimizer} is not an Optimizer`);
    this.optimizer = optimizer;
    const n = optimizer.param_groups.length;
    if (Array.isArray(o.min_lr)) {
      if (o.min_lr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${o.min_lr.length}`);
      this.default_min_lr = null;
      this.min_lrs = [...o.min_lr];
    } else {
      this.default_min_lr = o.min_lr;
      this.min_lrs = Array.from({ length: n }, () => o.min_lr as number);
    }
    this.patience = o.patience;
    this.cooldown = o.cooldown;
    this.eps = o.eps;
    this.verbose = o.verbose;
    // 2.x keeps the lrs from the start; 1.13 from the first step.
    if (V2) this._last_lr = optimizer.param_groups.map((g) => g.lr as number);
    this._init_is_better(o.mode, o.threshold, o.threshold_mode);
    this._reset();
  }

  _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  /** Records one epoch's metric (a number or a 1-element tensor) and reduces the lrs after `patience` epochs without improvement. */
  step(metrics: number | { item(): unknown }, epoch?: number): void {
    const current = typeof metrics === "number" ? metrics : Number(metrics.item());
    this.last_epoch = epoch ?? this.last_epoch + 1;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr();
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr as number);
  }

  _reduce_lr(): void {
    const groups = this.optimizer.param_groups;
    if (V2 && groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null) {
        throw new RuntimeError(`The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized (${this.min_lrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`min_lrs\` field to match the length of the \`optimizer\` param groups.`);
      }
      this.min_lrs = groups.map(() => this.default_min_lr as number);
    }
    groups.forEach((group, i) => {
      const old_lr = group.lr as number;
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) group.lr = new_lr;
    });
  }

  is_better(a: number, best: number): boolean {
    if (this.mode === "min" && this.threshold_mode === "rel") return a < best * (1.0 - this.threshold);
    if (this.mode === "min" && this.threshold_mode === "abs") return a < best - this.threshold;
    if (this.mode === "max" && this.threshold_mode === "rel") return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== "min" && mode !== "max") throw new ValueError(`mode ${mode} is unknown!`);
    if (threshold_mode !== "rel" && threshold_mode !== "abs") throw new ValueError(`threshold mode ${threshold_mode} is unknown!`);
    this.mode_worse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }

  get_last_lr(): number[] {
    return this._last_lr ?? [];
  }

  /** Every attribute but the optimizer, in the order PyTorch's __dict__ has them. */
  state_dict(): Record<string, unknown> {
    const lastLr = this._last_lr === undefined ? {} : { _last_lr: [...this._last_lr] };
    const { factor, patience, cooldown, cooldown_counter, mode, threshold, threshold_mode, best, num_bad_epochs, mode_worse, eps, last_epoch } = this;
    if (!V2) {
      return { factor, min_lrs: [...this.min_lrs], patience, verbose: this.verbose, cooldown, cooldown_counter, mode, threshold, threshold_mode, best, num_bad_epochs, mode_worse, eps, last_epoch, ...lastLr };
    }
    return {
      factor, default_min_lr: this.default_min_lr, min_lrs: [...this.min_lrs], patience, cooldown, eps, last_epoch, ...lastLr,
      mode_worse, mode, threshold, threshold_mode, best, cooldown_counter, num_bad_epochs,
    };
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, stateDictOf(state_dict));
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}

export type ScaleFn = (x: number) => number;
export type CyclicLROptions = {
  base_lr: number | number[]; max_lr: number | number[]; step_size_up?: number; step_size_down?: number | null;
  mode?: "triangular" | "triangular2" | "exp_range"; gamma?: number; scale_fn?: ScaleFn | null; scale_mode?: "cycle" | "iterations";
  cycle_momentum?: boolean; base_momentum?: number | number[]; max_momentum?: number | number[]; last_epoch?: number;
};

const triangular: ScaleFn = () => 1.0;
const triangular2: ScaleFn = (x) => 1 / pyPow(2.0, x - 1);

/**
 * CyclicLR(optimizer, base_lr, max_lr, { step_size_up = 2000, step_size_down, mode = "triangular", gamma = 1, scale_fn,
 * scale_mode = "cycle", cycle_momentum = true, base_momentum = 0.8, max_momentum = 0.9 }): lr cycles between the bounds.
 * https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CyclicLR.html
 */
export class CyclicLR extends LRScheduler {
  max_lrs: number[];
  total_size: number;
  step_ratio: number;
  mode: string;
  gamma: number;
  _scale_fn_custom: ScaleFn | null;
  _scale_fn_ref: ScaleFn | null = null;
  scale_mode: string;
  cycle_momentum: boolean;
  use_beta1 = false;
  base_momentums: number[] = [];
  max_momentums: number[] = [];

  constructor(optimizer: Optimizer, ...args: (number | number[] | Partial<CyclicLROptions>)[]) {
    const o = pyArgs<CyclicLROptions>(
      ["base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "scale_fn", "scale_mode", "cycle_momentum", "base_momentum", "max_momentum", "last_epoch"],
      args, { step_size_up: 2000, step_size_down: null, mode: "triangular", gamma: 1.0, scale_fn: null, scale_mode: "cycle", cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, last_epoch: -1 },
      "CyclicLR",
    );
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeof optimizer} is not an Optimizer`);
    const base_lrs = perGroup("base_lr", optimizer, o.base_lr);
    if (o.last_epoch === -1) base_lrs.forEach((lr, i) => (optimizer.param_groups[i].lr = lr));
    const max_lrs = perGroup("max_lr", optimizer, o.max_lr);
    const up = o.step_size_up;
    const down = o.step_size_down ?? up;
    if (!["triangular", "triangular2", "exp_range"].includes(o.mode) && !o.scale_fn) throw new ValueError("mode is invalid and scale_fn is None");
    let useBeta1 = false, base_momentums: number[] = [], max_momentums: number[] = [];
    if (o.cycle_momentum) {
      useBeta1 = momentumKind(optimizer, V2);
      if (V2) {
        base_momentums = perGroup("base_momentum", optimizer, o.base_momentum);
        max_momentums = perGroup("max_momentum", optimizer, o.max_momentum);
        if (o.last_epoch === -1) {
          optimizer.param_groups.forEach((group, i) => {
            setMomentum(group, useBeta1, max_momentums[i]);
            group.max_momentum = max_momentums[i];
            group.base_momentum = base_momentums[i];
          });
        }
      } else {
        const bases = perGroup("base_momentum", optimizer, o.base_momentum);
        if (o.last_epoch === -1) optimizer.param_groups.forEach((group, i) => (group.momentum = bases[i]));
        base_momentums = optimizer.param_groups.map((g) => g.momentum as number);
        max_momentums = perGroup("max_momentum", optimizer, o.max_momentum);
      }
    }
    super(optimizer, o.last_epoch);
    this.max_lrs = max_lrs;
    this.total_size = up + down;
    this.step_ratio = up / this.total_size;
    this.mode = o.mode;
    this.gamma = o.gamma;
    this._scale_fn_custom = o.scale_fn ?? null;
    this.scale_mode = o.scale_mode;
    this._init_scale_fn();
    this.cycle_momentum = o.cycle_momentum;
    this.use_beta1 = useBeta1;
    this.base_momentums = base_momentums;
    this.max_momentums = max_momentums;
    this._initial_step();
    this.base_lrs = base_lrs;
  }

  _init_scale_fn(): void {
    if (this._scale_fn_custom) return;
    if (this.mode === "triangular") this._scale_fn_ref = triangular;
    else if (this.mode === "triangular2") this._scale_fn_ref = triangular2;
    else {
      const gamma = this.gamma;
      this._scale_fn_ref = (x) => pyPow(gamma, x);
    }
    this.scale_mode = this.mode === "exp_range" ? "iterations" : "cycle";
  }

  scale_fn(x: number): number {
    return (this._scale_fn_custom ?? this._scale_fn_ref!)(x);
  }

  protected _settings(): Record<string, unknown> {
    const { mode, gamma, scale_mode, cycle_momentum } = this;
    const momenta = { base_momentums: [...this.base_momentums], max_momentums: [...this.max_momentums] };
    if (V2) return { max_lrs: [...this.max_lrs], total_size: this.total_size, step_ratio: this.step_ratio, mode, gamma, scale_mode, cycle_momentum, ...(cycle_momentum && { use_beta1: this.use_beta1, ...momenta }) };
    return {
      max_lrs: [...this.max_lrs], total_size: this.total_size, step_ratio: this.step_ratio, mode, gamma,
      _scale_fn_custom: this._scale_fn_custom, _scale_fn_ref: this._scale_fn_custom ? null : this._scale_fn_ref, scale_mode, cycle_momentum, ...(cycle_momentum && momenta),
    };
  }

  /** 2.x saves no function (a custom scale_fn as null, at the end); 1.13 keeps both functions in place. */
  state_dict(): Record<string, unknown> {
    return V2 ? { ...super.state_dict(), _scale_fn_custom: null } : super.state_dict();
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    const { _scale_fn_custom: _custom, _scale_fn_ref: _ref, ...rest } = stateDictOf(state_dict);
    super.load_state_dict(rest);
    this._init_scale_fn();
  }

  get_lr(): number[] {
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1.0 + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const at = this.scale_mode === "cycle" ? cycle : this.last_epoch;
    const lrs = this.base_lrs.map((base_lr, i) => base_lr + (this.max_lrs[i] - base_lr) * scale_factor * this.scale_fn(at));
    if (this.cycle_momentum) {
      this.base_momentums.forEach((base_momentum, i) => {
        const max_momentum = this.max_momentums[i];
        setMomentum(this.optimizer.param_groups[i], this.use_beta1, max_momentum - (max_momentum - base_momentum) * scale_factor * this.scale_fn(at));
      });
    }
    return lrs;
  }
}

export type CosineAnnealingWarmRestartsOptions = { T_0: number; T_mult?: number; eta_min?: number; last_epoch?: number };

/**
 * CosineAnnealingWarmRestarts(optimizer, T_0, { T_mult = 1, eta_min = 0 }): cosine annealing restarted every T_i epochs
 * (T_i grows by T_mult); step(epoch) takes fractional epochs, as a step per batch does.
 * https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T_0: number;
  T_i: number;
  T_mult: number;
  eta_min: number;
  T_cur: number;
  constructor(optimizer: Optimizer, ...args: (number | Partial<CosineAnnealingWarmRestartsOptions>)[]) {
    const { T_0, T_mult, eta_min, last_epoch } = pyArgs<CosineAnnealingWarmRestartsOptions>(["T_0", "T_mult", "eta_min", "last_epoch"], args, { T_mult: 1, eta_min: 0, last_epoch: -1 }, "CosineAnnealingWarmRestarts");
    if (!Number.isInteger(T_0) || T_0 <= 0) throw new ValueError(`Expected positive integer T_0, but got ${T_0}`);
    if (!Number.isInteger(T_mult) || T_mult < 1) throw new ValueError(`Expected integer T_mult >= 1, but got ${T_mult}`);
    if (V2 && typeof eta_min !== "number") throw new ValueError(`Expected float or int eta_min, but got ${String(eta_min)} of type ${typeof eta_min}`);
    super(optimizer, last_epoch);
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = T_mult;
    this.eta_min = eta_min;
    this.T_cur = last_epoch;
    this._initial_step();
  }
  protected _settings(): Record<string, unknown> {
    return { T_0: this.T_0, T_i: this.T_i, T_mult: this.T_mult, eta_min: this.eta_min, T_cur: this.T_cur };
  }
  get_lr(): number[] {
    return this.base_lrs.map((base_lr) => this.eta_min + ((base_lr - this.eta_min) * (1 + pyCos((Math.PI * this.T_cur) / this.T_i))) / 2);
  }
  /** step() moves one epoch; step(epoch) jumps to a (possibly fractional) epoch. Unlike other schedulers it does not count _step_count, as in PyTorch. */
  step(epoch?: number): void {
    if (epoch === undefined && this.last_epoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = V2 ? pyMod(this.T_cur, this.T_i) : this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) {
          this.T_cur = pyMod(epoch, this.T_0);
        } else {
          const n = Math.trunc(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (pyPow(this.T_mult, n) - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * pyPow(this.T_mult, n);
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((group, i) => (group.lr = lrs[i]));
    this._last_lr = this.lrs;
  }
}

export type OneCycleLROptions = {
  max_lr: number | number[]; total_steps?: number | null; epochs?: number | null; steps_per_epoch?: number | null; pct_start?: number;
  anneal_strategy?: "cos" | "linear"; cycle_momentum?: boolean; base_momentum?: number | number[]; max_momentum?: number | number[];
  div_factor?: number; final_div_factor?: number; three_phase?: boolean; last_epoch?: number;
};
type Phase = { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string };

const annealingCos = (start: number, end: number, pct: number): number => end + ((start - end) / 2.0) * (pyCos(Math.PI * pct) + 1);
const annealingLinear = (start: number, end: number, pct: number): number => (end - start) * pct + start;

/**
 * OneCycleLR(optimizer, max_lr, { total_steps | epochs & steps_per_epoch, pct_start = 0.3, anneal_strategy = "cos",
 * cycle_momentum = true, base_momentum = 0.85, max_momentum = 0.95, div_factor = 25, final_div_factor = 1e4, three_phase = false }):
 * the 1cycle policy, stepped once per batch. https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html
 */
export class OneCycleLR extends LRScheduler {
  total_steps: number;
  _schedule_phases: Phase[];
  _anneal_func_type: "cos" | "linear";
  cycle_momentum: boolean;
  use_beta1 = false;

  constructor(optimizer: Optimizer, ...args: (number | number[] | Partial<OneCycleLROptions>)[]) {
    const o = pyArgs<OneCycleLROptions>(
      ["max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy", "cycle_momentum", "base_momentum", "max_momentum", "div_factor", "final_div_factor", "three_phase", "last_epoch"],
      args, { total_steps: null, epochs: null, steps_per_epoch: null, pct_start: 0.3, anneal_strategy: "cos", cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95, div_factor: 25.0, final_div_factor: 1e4, three_phase: false, last_epoch: -1 },
      "OneCycleLR",
    );
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeof optimizer} is not an Optimizer`);
    const total_steps = OneCycleLR.totalSteps(o);
    const pct = o.pct_start;
    const phases: Phase[] = o.three_phase
      ? [
        { end_step: pct * total_steps - 1, start_lr: "initial_lr", end_lr: "max_lr", start_momentum: "max_momentum", end_momentum: "base_momentum" },
        { end_step: 2 * pct * total_steps - 2, start_lr: "max_lr", end_lr: "initial_lr", start_momentum: "base_momentum", end_momentum: "max_momentum" },
        { end_step: total_steps - 1, start_lr: "initial_lr", end_lr: "min_lr", start_momentum: "max_momentum", end_momentum: "max_momentum" },
      ]
      : [
        { end_step: pct * total_steps - 1, start_lr: "initial_lr", end_lr: "max_lr", start_momentum: "max_momentum", end_momentum: "base_momentum" },
        { end_step: total_steps - 1, start_lr: "max_lr", end_lr: "min_lr", start_momentum: "base_momentum", end_momentum: "max_momentum" },
      ];
    if (typeof pct !== "number" || pct < 0 || pct > 1) throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${String(pct)}`);
    if (o.anneal_strategy !== "cos" && o.anneal_strategy !== "linear") {
      throw new ValueError(`anneal_strategy must ${V2 ? "be" : "by"} one of 'cos' or 'linear', instead got ${String(o.anneal_strategy)}`);
    }
    const max_lrs = perGroup("max_lr", optimizer, o.max_lr);
    if (o.last_epoch === -1) {
      optimizer.param_groups.forEach((group, i) => {
        group.initial_lr = max_lrs[i] / o.div_factor;
        group.max_lr = max_lrs[i];
        group.min_lr = (group.initial_lr as number) / o.final_div_factor;
      });
    }
    let useBeta1 = false;
    if (o.cycle_momentum) {
      useBeta1 = momentumKind(optimizer, true);
      const max_momentums = perGroup("max_momentum", optimizer, o.max_momentum);
      const base_momentums = perGroup("base_momentum", optimizer, o.base_momentum);
      if (o.last_epoch === -1) {
        optimizer.param_groups.forEach((group, i) => {
          setMomentum(group, useBeta1, max_momentums[i]);
          group.max_momentum = max_momentums[i];
          group.base_momentum = base_momentums[i];
        });
      }
    }
    super(optimizer, o.last_epoch);
    this.total_steps = total_steps;
    this._schedule_phases = phases;
    this._anneal_func_type = o.anneal_strategy;
    this.cycle_momentum = o.cycle_momentum;
    this.use_beta1 = useBeta1;
    this._initial_step();
  }

  private static totalSteps(o: Required<OneCycleLROptions>): number {
    const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
    if (o.total_steps !== null && o.total_steps !== undefined) {
      if (!positiveInt(o.total_steps)) throw new ValueError(`Expected positive integer total_steps, but got ${o.total_steps}`);
      return o.total_steps;
    }
    if (o.epochs === null || o.epochs === undefined || o.steps_per_epoch === null || o.steps_per_epoch === undefined) {
      throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }
    if (!positiveInt(o.epochs)) throw new ValueError(`Expected positive integer epochs, but got ${o.epochs}`);
    if (!positiveInt(o.steps_per_epoch)) throw new ValueError(`Expected positive integer steps_per_epoch, but got ${o.steps_per_epoch}`);
    return o.epochs * o.steps_per_epoch;
  }

  private anneal(start: number, end: number, pct: number): number {
    return this._anneal_func_type === "cos" ? annealingCos(start, end, pct) : annealingLinear(start, end, pct);
  }

  protected _settings(): Record<string, unknown> {
    const phases = this._schedule_phases.map((p) => ({ ...p }));
    // 1.13 keeps the bound method itself (anneal_func); 2.x its name.
    const anneal = V2 ? { _anneal_func_type: this._anneal_func_type } : { anneal_func: this._anneal_func_type === "cos" ? annealingCos : annealingLinear };
    return { total_steps: this.total_steps, _schedule_phases: phases, ...anneal, cycle_momentum: this.cycle_momentum, ...(this.cycle_momentum && { use_beta1: this.use_beta1 }) };
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    const { anneal_func: fn, ...rest } = stateDictOf(state_dict);
    super.load_state_dict(rest);
    if (fn) this._anneal_func_type = fn === annealingLinear ? "linear" : "cos";
  }

  get_lr(): number[] {
    const step_num = this.last_epoch;
    if (step_num > this.total_steps) {
      throw new ValueError(`Tried to step ${V2 ? step_num : step_num + 1} times. The specified number of total steps is ${this.total_steps}`);
    }
    return this.optimizer.param_groups.map((group) => {
      let start_step = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const { end_step } = phases[i];
        if (step_num <= end_step || i === phases.length - 1) {
          const pct = (step_num - start_step) / (end_step - start_step);
          const lr = this.anneal(group[phases[i].start_lr] as number, group[phases[i].end_lr] as number, pct);
          if (this.cycle_momentum) {
            setMomentum(group, this.use_beta1, this.anneal(group[phases[i].start_momentum] as number, group[phases[i].end_momentum] as number, pct));
          }
          return lr;
        }
        start_step = end_step;
      }
      throw new Error("unreachable: the last phase always matches");
    });
  }
}

/**
 * Early stopping after Prechelt (1998), "Early stopping - but when?", as
 * composable callbacks for train_model, and the criteria as functions of
 * the loss curves. With E_tr(t) the average training loss of epoch t and
 * E_va(t) the validation loss after it (epochs counted from 1):
 *   E_opt(t) = min over t' ≤ t of E_va(t')
 *   GL(t)    = 100 · (E_va(t) / E_opt(t) − 1)       GL_α stops after the first t with GL(t) > α
 *   P_k(t)   = 1000 · (Σ strip E_tr / (k · min strip E_tr) − 1), the strip being epochs t−k+1..t
 *   PQ_α     stops at the first strip end t (t % k = 0) with P_k(t) > 0 and GL(t) / P_k(t) > α
 *   UP_s     stops at the strip end t where E_va rose over s successive strips (E_va(t) > E_va(t − k))
 * E_opt as a strategy keeps the state of the epoch with the lowest E_va and restores it at the end.
 */
import { no_grad } from "../autograd/grad_mode";
import { tidyEach } from "../memory";
import type { Module, StateDict } from "../nn";
import type { Tensor } from "../tensor";
import type { Callback, TrainState } from "./callbacks";
import type { LossFn, Performance } from "./train";
import { accuracy, AverageMeter } from "./train_utils";

// ---- the criteria as functions of the curves (0-based t, as arrays are) ----

/** GL(t) for every t: the generalization loss in percent over the best validation loss so far. */
export function generalization_loss(e_va: readonly number[]): number[] {
  let best = Infinity;
  return e_va.map((e) => {
    best = Math.min(best, e);
    return 100 * (e / best - 1);
  });
}

/** P_k(t): the training progress over the strip of k epochs ending at t (in per mille). */
export function training_progress(e_tr: readonly number[], t: number, k: number): number {
  const strip = e_tr.slice(t - k + 1, t + 1);
  return 1000 * (strip.reduce((a, b) => a + b, 0) / (k * Math.min(...strip)) - 1);
}

/** Whether epoch t (0-based) ends a strip of k epochs. */
export function is_strip_end(t: number, k: number): boolean {
  return (t + 1) % k === 0;
}

export type CriteriaOptions = { alphas_gl?: number[]; alphas_pq?: number[]; ss_up?: number[] };

/**
 * criteria(e_tr, e_va, k) → [stops, gl]: the first epoch (1-based) at which
 * GL_α, PQ_α and UP_s stop ("GL_1", "PQ_0.5", "UP_2", ... or null), and GL(t)
 * for every epoch. The same definitions as the callbacks, over whole curves.
 */
export function criteria(
  e_tr: readonly number[], e_va: readonly number[], k: number, options: CriteriaOptions = {},
): [Record<string, number | null>, number[]] {
  const { alphas_gl = [1, 2, 5], alphas_pq = [0.5, 0.75, 1, 2], ss_up = [2, 3] } = options;
  const stops: Record<string, number | null> = {};
  const gl = generalization_loss(e_va);
  for (const a of alphas_gl) stops[`GL_${formatG(a)}`] = firstStop(new GL(a, { stop: false }), e_tr, e_va);
  for (const a of alphas_pq) stops[`PQ_${formatG(a)}`] = firstStop(new PQ(a, k, { stop: false }), e_tr, e_va);
  for (const s of ss_up) stops[`UP_${Math.trunc(s)}`] = firstStop(new UP(s, k, { stop: false }), e_tr, e_va);
  return [stops, gl];
}

/** Python's "%g" (6 significant digits, no trailing zeros), which names the criteria: "PQ_0.75", "GL_1e-05". */
export function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  const [mantissa, exponent] = x.toExponential(5).split("e");
  const e = Number(exponent);
  if (e < -4 || e >= 6) return `${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return strip(x.toFixed(5 - e));
}

// Feeds whole curves to a criterion callback, epoch by epoch.
function firstStop(criterion: Criterion, e_tr: readonly number[], e_va: readonly number[]): number | null {
  const n = Math.min(e_tr.length, e_va.length);
  for (let t = 0; t < n; t++) criterion.observe(t, e_tr[t], e_va[t]);
  return criterion.stopped_epoch;
}

// ---- callbacks ----------------------------------------------------------------

/**
 * evaluate(model, loader, loss_fn, { performance = accuracy }) → [average loss, average performance]:
 * one pass in eval mode without gradients; the model is put back in training mode.
 */
export function evaluate(model: Module, loader: Iterable<[Tensor, Tensor]>, loss_fn: LossFn, options: { performance?: Performance; device?: string } = {}): [number, number] {
  const { performance = accuracy, device } = options;
  const loss_meter = new AverageMeter();
  const perf_meter = new AverageMeter();
  model.eval();
  no_grad(() => {
    for (const batch of tidyEach(loader)) {
      const [X, y] = device ? [batch[0].to(device), batch[1].to(device)] : batch;
      const y_hat: Tensor = model(X);
      loss_meter.update(loss_fn(y_hat, y).item() as number, X.shape[0]);
      perf_meter.update(performance(y_hat, y), X.shape[0]);
    }
  });
  model.train();
  return [loss_meter.avg, perf_meter.avg];
}

/**
 * Validation(loader, loss_fn, { performance = accuracy }): after every epoch, evaluates the
 * model and adds `val_loss` and `val_performance` to the epoch's logs. The loader is a
 * random_split part of the training set, or the test set (as the homework has it).
 */
export class Validation implements Callback {
  constructor(readonly loader: Iterable<[Tensor, Tensor]>, readonly loss_fn: LossFn, readonly options: { performance?: Performance } = {}) {}
  on_epoch_end(state: TrainState): void {
    const [loss, perf] = evaluate(state.model, this.loader, this.loss_fn, { ...this.options, device: state.device });
    state.logs.val_loss = loss;
    state.logs.val_performance = perf;
  }
}

/** A copy of a state dict (tensors cloned, `_metadata` kept), as copy.deepcopy(state_dict) makes. */
export function clone_state_dict(state_dict: StateDict): StateDict {
  const copy = {} as StateDict;
  const metadata = (state_dict as { _metadata?: unknown })._metadata;
  if (metadata) Object.defineProperty(copy, "_metadata", { value: metadata, writable: true, enumerable: false, configurable: true });
  for (const [key, value] of Object.entries(state_dict)) copy[key] = value.clone();
  return copy;
}

/**
 * EOpt({ monitor = "val_loss", restore = true }): keeps the state of the epoch with the lowest
 * monitored value (Prechelt's E_opt) and, when training ends, loads it back into the model.
 */
export class EOpt implements Callback {
  best_epoch: number | null = null;
  best_value = Infinity;
  best_state: StateDict | null = null;
  readonly monitor: string;
  readonly restore: boolean;
  constructor(options: { monitor?: string; restore?: boolean } = {}) {
    this.monitor = options.monitor ?? "val_loss";
    this.restore = options.restore ?? true;
  }
  on_epoch_end(state: TrainState): void {
    const value = monitored(state, this.monitor);
    if (value < this.best_value) {
      this.best_epoch = state.epoch + 1;
      this.best_value = value;
      this.best_state = clone_state_dict(state.model.state_dict());
    }
  }
  on_train_end(state: TrainState): void {
    if (this.restore && this.best_state) state.model.load_state_dict(this.best_state);
  }
}

function monitored(state: TrainState, key: string): number {
  const value = state.logs[key];
  if (typeof value !== "number") throw new TypeError(`early stopping monitors "${key}", which the epoch's logs lack: put a Validation callback before it`);
  return value;
}

type CriterionOptions = { stop?: boolean; train_monitor?: string; monitor?: string };

/**
 * The base of the stopping criteria: collects E_tr (logs.loss) and E_va (logs.val_loss) and
 * records the first epoch at which the criterion holds (`stopped_epoch`, 1-based); with
 * `stop` (the default) it also ends training there. `stop: false` only observes.
 */
export abstract class Criterion implements Callback {
  readonly e_tr: number[] = [];
  readonly e_va: number[] = [];
  stopped_epoch: number | null = null;
  readonly stop: boolean;
  readonly train_monitor: string;
  readonly monitor: string;
  constructor(options: CriterionOptions = {}) {
    this.stop = options.stop ?? true;
    this.train_monitor = options.train_monitor ?? "loss";
    this.monitor = options.monitor ?? "val_loss";
  }
  /** The criterion's verdict after epoch t (0-based), given every epoch up to t. */
  protected abstract holds(t: number): boolean;

  observe(t: number, e_tr: number, e_va: number): boolean {
    this.e_tr.push(e_tr);
    this.e_va.push(e_va);
    const fired = this.holds(t);
    if (fired && this.stopped_epoch === null) this.stopped_epoch = t + 1;
    return fired;
  }
  on_epoch_end(state: TrainState): void {
    this.observe(state.epoch, monitored(state, this.train_monitor), monitored(state, this.monitor));
    if (this.stop && this.stopped_epoch !== null) state.stop_training = true;
  }
}

/** GL(alpha): stops after the first epoch whose generalization loss exceeds alpha percent. */
export class GL extends Criterion {
  constructor(readonly alpha: number, options: CriterionOptions = {}) {
    super(options);
  }
  protected holds(t: number): boolean {
    return generalization_loss(this.e_va)[t] > this.alpha;
  }
}

/** PQ(alpha, k): stops at the first strip end where GL / P_k exceeds alpha (P_k > 0). */
export class PQ extends Criterion {
  constructor(readonly alpha: number, readonly k: number, options: CriterionOptions = {}) {
    super(options);
  }
  protected holds(t: number): boolean {
    if (!is_strip_end(t, this.k)) return false;
    const p = training_progress(this.e_tr, t, this.k);
    return p > 0 && generalization_loss(this.e_va)[t] / p > this.alpha;
  }
}

/** UP(s, k): stops at the strip end ending s successive strips in which the validation loss rose. */
export class UP extends Criterion {
  private run = 0;
  constructor(readonly s: number, readonly k: number, options: CriterionOptions = {}) {
    super(options);
  }
  protected holds(t: number): boolean {
    if (!is_strip_end(t, this.k) || t - this.k < 0) return false;
    this.run = this.e_va[t] > this.e_va[t - this.k] ? this.run + 1 : 0;
    return this.run >= this.s;
  }
}

/**
 * optim.Optimizer (torch/optim/optimizer.py): param_groups as PyTorch's dicts
 * (the options object a user passes is the very dict that lands in a group),
 * per-parameter state, and state dicts in PyTorch's format.
 */
import { set_grad_enabled } from "../autograd/grad_mode";
import { tensor } from "../creation";
import { expected, NotImplementedError, ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import { untracked } from "../memory";
import { Tensor } from "../tensor";
import { SET_TO_NONE_DEFAULT, typename, zeroGrad } from "../nn/modules/module";
import { libtorch_version, torchAtLeast } from "../version";

/** Marks an option every param group must give (SGD's lr in PyTorch 1.13). */
export const required: unique symbol = Symbol("required");

/**
 * Numeric options must be numbers: a string passes PyTorch's range checks
 * in JS ('x' < 0 is false) and would poison the first step with NaN.
 */
export function checkNumbers(options: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== "number" && value !== required) throw expected("a number", name, value);
  }
}

/** PyTorch's argument checks: a ValueError "Invalid <what>: <values>" unless ok. */
export function ensure(ok: boolean, what: string, ...values: number[]): void {
  if (!ok) throw new ValueError(`Invalid ${what}: ${values.map(floatRepr).join(", ")}`);
}

/**
 * What only a later PyTorch has: a NotImplementedError naming the release
 * ("optim.Adafactor is in PyTorch 2.5 and later; this libtorch is 1.13.0")
 * unless this libtorch is that release or later.
 */
export function requireRelease(name: string, major: number, minor: number): void {
  if (!torchAtLeast(major, minor)) throw new NotImplementedError(`${name} is in PyTorch ${major}.${minor} and later; this libtorch is ${libtorch_version}`);
}

/** A new step counter: a float32 0-d tensor where the release keeps one, else a number (PyTorch 1.13's Adadelta, RMSprop, Rprop). */
export function newStep(asTensor: boolean): Tensor | number {
  return asTensor ? tensor(0.0) : 0;
}

/** Adds one to state.step (PyTorch's `step += 1`, in place on a tensor) and returns the count. */
export function advanceStep(state: OptimizerState): number {
  if (state.step instanceof Tensor) return state.step.add_(1).item();
  return (state.step = (state.step as number) + 1);
}

/** The gradient an update uses: negated under maximize, then grad + weight_decay * param (L2). */
export function gradOf(param: Tensor, maximize: boolean, weight_decay: number): Tensor {
  const grad = maximize ? param.grad!.neg() : param.grad!;
  return weight_decay !== 0 ? grad.add(param, { alpha: weight_decay }) : grad;
}

/** The options most optimizers share (each adds its own). */
export type CommonOptions = {
  lr?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
};

export type ParamGroup = { params: Tensor[]; [option: string]: unknown };
export type ParamGroupInput = { params: Iterable<Tensor> | Tensor; [option: string]: unknown };
export type Params = Iterable<Tensor> | Iterable<ParamGroupInput>;
export type OptimizerState = Record<string, unknown>;
export type OptimizerStateDict = { state: Record<number, OptimizerState>; param_groups: Record<string, unknown>[] };

export class Optimizer {
  defaults: Record<string, unknown>;
  state = new Map<Tensor, OptimizerState>();
  param_groups: ParamGroup[] = [];

  constructor(params: Params, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor || typeof (params as Iterable<Tensor> | null)?.[Symbol.iterator] !== "function" || typeof params === "string") {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typename(params)}`);
    }
    let groups = [...(params as Iterable<Tensor | ParamGroupInput>)];
    if (groups.length === 0) throw new ValueError("optimizer got an empty parameter list");
    if (groups[0] instanceof Tensor) groups = [{ params: groups as Tensor[] }];
    for (const group of groups as ParamGroupInput[]) this.add_param_group(group);
  }

  /** The state of parameter p (created empty on first use, as Python's defaultdict). */
  stateOf(p: Tensor): OptimizerState {
    let s = this.state.get(p);
    if (!s) this.state.set(p, (s = {}));
    return s;
  }

  /** The group's parameters that have a gradient, each with its state (filled by init on first use). */
  protected *_with_state(group: ParamGroup, init: (p: Tensor) => OptimizerState): Generator<[Tensor, OptimizerState]> {
    for (const p of group.params) {
      if (!p.grad) continue;
      const state = this.stateOf(p);
      if (Object.keys(state).length === 0) Object.assign(state, init(p));
      yield [p, state];
    }
  }

  /** add_param_group({ params, ...options }): options left out take the defaults. */
  add_param_group(param_group: ParamGroupInput): void {
    if (typeof param_group !== "object" || param_group === null || param_group instanceof Tensor) {
      throw new TypeError("param group must be a dict");
    }
    const { params } = param_group;
    if (params instanceof Set) {
      throw new TypeError(
        "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.",
      );
    }
    const list = params instanceof Tensor ? [params] : [...params];
    for (const p of list) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typename(p)}`);
      if (!p.is_leaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: ParamGroup = { ...param_group, params: list };
    for (const [name, value] of Object.entries(this.defaults)) {
      if (value === required && !(name in group)) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (!(name in group)) group[name] = value;
    }
    const seen = new Set(this.param_groups.flatMap((g) => g.params));
    if (list.some((p) => seen.has(p))) throw new ValueError("some parameters appear in more than one parameter group");
    this.param_groups.push(group);
  }

  /** zero_grad(set_to_none): PyTorch 1.x zeroes gradients in place by default, 2.x drops them. */
  zero_grad(set_to_none: boolean = SET_TO_NONE_DEFAULT): void {
    for (const group of this.param_groups) for (const p of group.params) zeroGrad(p, set_to_none);
  }

  /** One optimization step; `closure` re-evaluates the model and returns the loss. */
  step(closure?: () => Tensor): Tensor | undefined {
    let loss: Tensor | undefined;
    if (closure) loss = set_grad_enabled(true, closure);
    // Like PyTorch's _use_grad_for_differentiable: the update is not recorded.
    set_grad_enabled(Boolean(this.defaults.differentiable), () => {
      for (const group of this.param_groups) this._step_group(group);
    });
    // The state (momentum buffers, moments) belongs to the optimizer, as Python's
    // state dict holds it: it outlives the tidy scope the step ran in.
    const own = (value: unknown): void => {
      if (value instanceof Tensor) untracked(value);
      else if (Array.isArray(value)) value.forEach(own); // LBFGS's histories
    };
    for (const state of this.state.values()) Object.values(state).forEach(own);
    return loss;
  }

  /** The update of one param group; each optimizer defines it. */
  protected _step_group(_group: ParamGroup): void {
    throw new Error(`${this.constructor.name} does not implement step()`);
  }

  /** state_dict(): { state: {index: {...}}, param_groups: [{...options, params: [indices]}] }, as PyTorch packs it. */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let start = 0;
    const param_groups = this.param_groups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== "params") packed[k] = v;
      group.params.forEach((p, i) => {
        if (!index.has(p)) index.set(p, start + i);
      });
      packed.params = group.params.map((p) => index.get(p)!);
      start += group.params.length;
      return packed;
    });
    const state: Record<number, OptimizerState> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = s;
    return { state, param_groups };
  }

  /** load_state_dict(state_dict): copies state (cast to each parameter's dtype and device, except "step") and options. */
  load_state_dict(state_dict: OptimizerStateDict): void {
    if (!Array.isArray(state_dict?.param_groups) || typeof state_dict.state !== "object" || state_dict.state === null) {
      throw expected("an optimizer state dict ({ state, param_groups })", "state_dict", state_dict);
    }
    const saved = state_dict.param_groups;
    if (saved.length !== this.param_groups.length) throw new ValueError("loaded state dict has a different number of parameter groups");
    if (this.param_groups.some((g, i) => g.params.length !== (saved[i].params as number[]).length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const idMap = new Map<number, Tensor>();
    saved.forEach((g, i) => (g.params as number[]).forEach((id, j) => idMap.set(id, this.param_groups[i].params[j])));
    const cast = (param: Tensor, value: unknown, key?: string): unknown => {
      if (value instanceof Tensor) {
        let v = value.clone();
        if (key !== "step") {
          if (param.is_floating_point()) v = v.to(param.dtype);
          v = v.to(param.device);
        }
        return v;
      }
      if (Array.isArray(value)) return value.map((v) => cast(param, v));
      if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cast(param, v, k)]));
      }
      return value;
    };
    this.state = new Map();
    for (const [k, v] of Object.entries(state_dict.state)) {
      const param = idMap.get(Number(k));
      if (param) this.state.set(param, cast(param, v) as OptimizerState);
    }
    this.param_groups = this.param_groups.map((g, i) => ({ ...structuredCloneOptions(saved[i]), params: g.params }));
  }

  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.param_groups.forEach((group, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const key of Object.keys(group).sort()) if (key !== "params") lines.push(`    ${key}: ${String(group[key])}`);
    });
    return lines.join("\n") + "\n)";
  }
}

function structuredCloneOptions(group: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}

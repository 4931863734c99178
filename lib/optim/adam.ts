/** optim.Adam and optim.AdamW (torch/optim/adam.py, adamw.py: the single-tensor, non-capturable path). */
import { tensor } from "../creation";
import { zeros_like } from "../_generated/torch";
import { expected, ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { checkNumbers, Optimizer, type ParamGroup, type Params } from "./optimizer";

export type AdamOptions = {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  decoupled_weight_decay?: boolean;
};

// Where PyTorch's Python changed: exp_avg moves with lerp_ from 2.1 (other bits
// than mul_ then add_); `fused` defaults to None from 2.0; from 2.7 AdamW is
// Adam with decoupled_weight_decay, one set of group keys for both.
const LERP = torchAtLeast(2, 1);
const FUSED_NONE = torchAtLeast(2);
const ONE_ADAM = torchAtLeast(2, 7);

/** The checks Adam, AdamW, Adamax, NAdam and RAdam share, in PyTorch's order: lr, eps, betas, weight_decay. */
export function checkAdamArgs(lr: number, eps: number, betas: [number, number], weight_decay: number): void {
  checkNumbers({ lr, eps, weight_decay });
  if (!Array.isArray(betas) || betas.length !== 2) throw expected("a pair of numbers", "betas", betas);
  checkNumbers({ "betas[0]": betas[0], "betas[1]": betas[1] });
  if (!(0.0 <= lr)) throw new ValueError(`Invalid learning rate: ${floatRepr(lr)}`);
  if (!(0.0 <= eps)) throw new ValueError(`Invalid epsilon value: ${floatRepr(eps)}`);
  if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw new ValueError(`Invalid beta parameter at index 0: ${floatRepr(betas[0])}`);
  if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw new ValueError(`Invalid beta parameter at index 1: ${floatRepr(betas[1])}`);
  if (!(0.0 <= weight_decay)) throw new ValueError(`Invalid weight_decay value: ${floatRepr(weight_decay)}`);
}

/** exp_avg += (1 - beta1) * (grad - exp_avg): lerp_ from PyTorch 2.1, mul_ then add_ before (other last bits). */
export function moveAverage(exp_avg: Tensor, grad: Tensor, beta1: number): void {
  if (LERP) exp_avg.lerp_(grad, 1 - beta1);
  else exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
}

// One parameter's Adam update after its gradient (with any L2 term) is known.
function adamUpdate(optimizer: Optimizer, group: ParamGroup, param: Tensor, decoupled: boolean): void {
  const { lr, betas, eps, weight_decay, amsgrad, maximize } = group as ParamGroup & Required<AdamOptions>;
  const [beta1, beta2] = betas;
  const state = optimizer.stateOf(param);
  if (Object.keys(state).length === 0) {
    state.step = tensor(0.0);
    state.exp_avg = zeros_like(param);
    state.exp_avg_sq = zeros_like(param);
    if (amsgrad) state.max_exp_avg_sq = zeros_like(param);
  }
  let grad = maximize ? param.grad!.neg() : param.grad!;
  const exp_avg = state.exp_avg as Tensor, exp_avg_sq = state.exp_avg_sq as Tensor, step_t = state.step as Tensor;
  step_t.add_(1);
  if (decoupled) param.mul_(1 - lr * weight_decay);
  else if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
  moveAverage(exp_avg, grad, beta1);
  exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const step = step_t.item();
  const bias_correction1 = 1 - pyPow(beta1, step);
  const bias_correction2 = 1 - pyPow(beta2, step);
  const step_size = lr / bias_correction1;
  const bias_correction2_sqrt = Math.sqrt(bias_correction2);
  let denom: Tensor;
  if (amsgrad) {
    const max_sq = state.max_exp_avg_sq as Tensor;
    max_sq.copy_(max_sq.maximum(exp_avg_sq));
    denom = max_sq.sqrt().div(bias_correction2_sqrt).add_(eps);
  } else {
    denom = exp_avg_sq.sqrt().div(bias_correction2_sqrt).add_(eps);
  }
  param.addcdiv_(exp_avg, denom, { value: -step_size });
}

/** The group defaults of Adam and AdamW, in the order of the PyTorch found here. */
function defaults(options: AdamOptions, weight_decay_default: number, decoupled: boolean): Record<string, unknown> {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = weight_decay_default, amsgrad = false, maximize = false, foreach = null, capturable = false, differentiable = false, fused = FUSED_NONE ? null : false, decoupled_weight_decay = decoupled } = options;
  checkAdamArgs(lr, eps, betas, weight_decay);
  if (ONE_ADAM) return { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused, decoupled_weight_decay };
  // AdamW's own keys, foreach before maximize: 1.13's, then 2.0-2.6's with differentiable and fused.
  if (decoupled) return { lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable, ...(FUSED_NONE && { differentiable, fused }) };
  return { lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused };
}

/** optim.Adam(params, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, amsgrad = false, maximize = false }) */
export class Adam extends Optimizer {
  constructor(params: Params, options: AdamOptions = {}) {
    super(params, defaults(options, 0, false));
  }
  protected _step_group(group: ParamGroup): void {
    const decoupled = group.decoupled_weight_decay === true;
    for (const p of group.params) if (p.grad) adamUpdate(this, group, p, decoupled);
  }
}

/** optim.AdamW(params, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 1e-2, amsgrad = false, maximize = false }) */
export class AdamW extends Optimizer {
  constructor(params: Params, options: AdamOptions = {}) {
    super(params, defaults(options, 1e-2, true));
  }
  protected _step_group(group: ParamGroup): void {
    for (const p of group.params) if (p.grad) adamUpdate(this, group, p, true);
  }
}

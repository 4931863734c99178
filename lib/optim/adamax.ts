/** optim.Adamax (torch/optim/adamax.py, the single-tensor, non-capturable path). */
import { tensor } from "../creation";
import { maximum, zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { checkAdamArgs, moveAverage } from "./adam";
import { advanceStep, gradOf, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type AdamaxOptions = CommonOptions & {
  betas?: [number, number];
  eps?: number;
};

// The groups gained differentiable and capturable in 2.x (checked against 1.13
// and 2.15); exp_avg moves with lerp_ from 2.1, as in Adam.
const V2 = torchAtLeast(2);

/**
 * optim.Adamax(params, { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Adamax.html
 */
export class Adamax extends Optimizer {
  constructor(params: Params, options: AdamaxOptions = {}) {
    const { lr = 0.002, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, foreach = null, maximize = false, differentiable = false, capturable = false } = options;
    checkAdamArgs(lr, eps, betas, weight_decay);
    super(params, { lr, betas, eps, weight_decay, foreach, maximize, ...(V2 && { differentiable, capturable }) });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, betas: [beta1, beta2], eps, weight_decay, maximize } = group as ParamGroup & Required<AdamaxOptions>;
    const init = (p: Tensor) => ({ step: tensor(0.0), exp_avg: zeros_like(p), exp_inf: zeros_like(p) });
    for (const [param, state] of this._with_state(group, init)) {
      const step = advanceStep(state);
      const grad = gradOf(param, maximize, weight_decay);
      const exp_avg = state.exp_avg as Tensor, exp_inf = state.exp_inf as Tensor;
      moveAverage(exp_avg, grad, beta1);
      // 1.13 takes amax over the two stacked, 2.x torch.maximum: the same values.
      exp_inf.copy_(maximum(exp_inf.mul_(beta2), grad.abs().add_(eps)));
      const clr = lr / (1 - pyPow(beta1, step));
      param.addcdiv_(exp_avg, exp_inf, { value: -clr });
    }
  }
}

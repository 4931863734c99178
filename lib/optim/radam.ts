/** optim.RAdam (torch/optim/radam.py, the single-tensor, non-capturable path). */
import { tensor } from "../creation";
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { checkAdamArgs, moveAverage } from "./adam";
import { advanceStep, gradOf, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type RAdamOptions = CommonOptions & {
  betas?: [number, number];
  eps?: number;
  decoupled_weight_decay?: boolean;
};

// PyTorch 1.13's RAdam has neither maximize nor decoupled_weight_decay and moves
// exp_avg with mul_ and add_; 2.x (checked against 2.15) with lerp_.
const V2 = torchAtLeast(2);

/**
 * optim.RAdam(params, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, decoupled_weight_decay = false, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.RAdam.html
 */
export class RAdam extends Optimizer {
  constructor(params: Params, options: RAdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, decoupled_weight_decay = false, foreach = null, maximize = false, capturable = false, differentiable = false } = options;
    checkAdamArgs(lr, eps, betas, weight_decay);
    super(params, V2
      ? { lr, betas, eps, weight_decay, maximize, foreach, capturable, decoupled_weight_decay, differentiable }
      : { lr, betas, eps, weight_decay, foreach });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, betas: [beta1, beta2], eps, weight_decay, decoupled_weight_decay, maximize } = group as ParamGroup & Required<RAdamOptions>;
    const init = (p: Tensor) => ({ step: tensor(0.0), exp_avg: zeros_like(p), exp_avg_sq: zeros_like(p) });
    for (const [param, state] of this._with_state(group, init)) {
      const step = advanceStep(state);
      const exp_avg = state.exp_avg as Tensor, exp_avg_sq = state.exp_avg_sq as Tensor;
      if (decoupled_weight_decay && weight_decay !== 0) param.mul_(1 - lr * weight_decay);
      const grad = gradOf(param, Boolean(maximize), decoupled_weight_decay ? 0 : weight_decay);
      moveAverage(exp_avg, grad, beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const bias_correction1 = 1 - pyPow(beta1, step);
      const bias_correction2 = 1 - pyPow(beta2, step);
      const bias_corrected_exp_avg = exp_avg.div(bias_correction1);
      const rho_inf = 2 / (1 - beta2) - 1;
      const rho_t = rho_inf - (2 * step * pyPow(beta2, step)) / bias_correction2;
      if (rho_t > 5.0) {
        const r = ((rho_t - 4) * (rho_t - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho_t);
        // 1.13 takes math.sqrt, 2.x ** 0.5; Python's float / tensor is reciprocal() * float.
        const rect = V2 ? pyPow(r, 0.5) : Math.sqrt(r);
        const adaptive_lr = exp_avg_sq.sqrt().add_(eps).reciprocal().mul(V2 ? pyPow(bias_correction2, 0.5) : Math.sqrt(bias_correction2));
        param.add_(bias_corrected_exp_avg.mul(lr).mul(adaptive_lr).mul(rect), { alpha: -1.0 });
      } else {
        param.add_(bias_corrected_exp_avg.mul(lr), { alpha: -1.0 });
      }
    }
  }
}

/** optim.NAdam (torch/optim/nadam.py, the single-tensor, non-capturable path). */
import { tensor } from "../creation";
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { checkAdamArgs, moveAverage } from "./adam";
import { advanceStep, checkNumbers, ensure, gradOf, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type NAdamOptions = CommonOptions & {
  betas?: [number, number];
  eps?: number;
  momentum_decay?: number;
  decoupled_weight_decay?: boolean;
};

// PyTorch 1.13's NAdam has neither maximize nor decoupled_weight_decay, moves
// exp_avg with mul_ and add_ and takes mu_product_next as mu_product * mu *
// mu_next in float32; 2.x (checked against 2.15) moves it with lerp_ and takes
// mu_product.item() * mu_next in double.
const V2 = torchAtLeast(2);

/**
 * optim.NAdam(params, { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, momentum_decay = 4e-3, decoupled_weight_decay = false, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.NAdam.html
 */
export class NAdam extends Optimizer {
  constructor(params: Params, options: NAdamOptions = {}) {
    const { lr = 0.002, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, momentum_decay = 0.004, decoupled_weight_decay = false, foreach = null, maximize = false, capturable = false, differentiable = false } = options;
    checkAdamArgs(lr, eps, betas, weight_decay);
    checkNumbers({ momentum_decay });
    ensure(0.0 <= momentum_decay, "momentum_decay value", momentum_decay);
    super(params, V2
      ? { lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize, foreach, capturable, differentiable }
      : { lr, betas, eps, weight_decay, momentum_decay, foreach });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, betas: [beta1, beta2], eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize } = group as ParamGroup & Required<NAdamOptions>;
    const init = (p: Tensor) => ({ step: tensor(0.0), mu_product: tensor(1.0), exp_avg: zeros_like(p), exp_avg_sq: zeros_like(p) });
    for (const [param, state] of this._with_state(group, init)) {
      const step = advanceStep(state);
      const exp_avg = state.exp_avg as Tensor, exp_avg_sq = state.exp_avg_sq as Tensor, mu_product = state.mu_product as Tensor;
      const bias_correction2 = 1 - pyPow(beta2, step);
      if (decoupled_weight_decay && weight_decay !== 0) param.mul_(1 - lr * weight_decay);
      const grad = gradOf(param, Boolean(maximize), decoupled_weight_decay ? 0 : weight_decay);
      const mu = beta1 * (1.0 - 0.5 * pyPow(0.96, step * momentum_decay));
      const mu_next = beta1 * (1.0 - 0.5 * pyPow(0.96, (step + 1) * momentum_decay));
      mu_product.mul_(mu);
      moveAverage(exp_avg, grad, beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps);
      const product = mu_product.item();
      const product_next = V2 ? product * mu_next : mu_product.mul(mu).mul(mu_next).item();
      param.addcdiv_(grad, denom, { value: (-lr * (1.0 - mu)) / (1.0 - product) });
      param.addcdiv_(exp_avg, denom, { value: (-lr * mu_next) / (1.0 - product_next) });
    }
  }
}

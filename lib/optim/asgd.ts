/** optim.ASGD (torch/optim/asgd.py, the single-tensor, non-capturable path). */
import { tensor } from "../creation";
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { torchAtLeast } from "../version";
import { advanceStep, checkNumbers, ensure, gradOf, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type ASGDOptions = CommonOptions & {
  lambd?: number;
  alpha?: number;
  t0?: number;
};

// 2.x checks lambd and alpha too, and its groups carry differentiable and
// capturable (checked against 1.13 and 2.15).
const V2 = torchAtLeast(2);

/**
 * optim.ASGD(params, { lr = 0.01, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weight_decay = 0, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.ASGD.html
 */
export class ASGD extends Optimizer {
  constructor(params: Params, options: ASGDOptions = {}) {
    const { lr = 0.01, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weight_decay = 0, foreach = null, maximize = false, differentiable = false, capturable = false } = options;
    checkNumbers({ lr, lambd, alpha, t0, weight_decay });
    ensure(0.0 <= lr, "learning rate", lr);
    if (V2) {
      ensure(0.0 <= lambd, "lambd value", lambd);
      ensure(0.0 <= alpha, "alpha value", alpha);
    }
    ensure(0.0 <= weight_decay, "weight_decay value", weight_decay);
    super(params, { lr, lambd, alpha, t0, weight_decay, foreach, maximize, ...(V2 && { differentiable, capturable }) });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, lambd, alpha, t0, weight_decay, maximize } = group as ParamGroup & Required<ASGDOptions>;
    const init = (p: Tensor) => ({ step: tensor(0.0), eta: tensor(lr), mu: tensor(1.0), ax: zeros_like(p) });
    for (const [param, state] of this._with_state(group, init)) {
      const step = advanceStep(state);
      const grad = gradOf(param, maximize, weight_decay);
      const eta = state.eta as Tensor, mu = state.mu as Tensor, ax = state.ax as Tensor;
      const eta_value = eta.item();
      param.mul_(1 - lambd * eta_value);
      param.add_(grad, { alpha: -eta_value });
      if (mu.item() !== 1) ax.add_(param.sub(ax).mul(mu));
      else ax.copy_(param);
      eta.copy_(tensor(lr / pyPow(1 + lambd * lr * step, alpha)));
      mu.copy_(tensor(1 / Math.max(1, step - t0)));
    }
  }
}

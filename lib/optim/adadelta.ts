/** optim.Adadelta (torch/optim/adadelta.py, the single-tensor path). */
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { advanceStep, checkNumbers, ensure, gradOf, newStep, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type AdadeltaOptions = CommonOptions & {
  rho?: number;
  eps?: number;
};

// PyTorch 1.13 counts steps in a Python int and its groups lack capturable and
// differentiable; 2.x keeps a float32 tensor. (Checked against 1.13 and 2.15;
// the releases between are taken to be as 2.15.)
const V2 = torchAtLeast(2);

/**
 * optim.Adadelta(params, { lr = 1.0, rho = 0.9, eps = 1e-6, weight_decay = 0, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Adadelta.html
 * @example new optim.Adadelta(model.parameters(), { lr: 1.0 })
 */
export class Adadelta extends Optimizer {
  constructor(params: Params, options: AdadeltaOptions = {}) {
    const { lr = 1.0, rho = 0.9, eps = 1e-6, weight_decay = 0, foreach = null, capturable = false, maximize = false, differentiable = false } = options;
    checkNumbers({ lr, rho, eps, weight_decay });
    ensure(0.0 <= lr, "learning rate", lr);
    ensure(0.0 <= rho && rho <= 1.0, "rho value", rho);
    ensure(0.0 <= eps, "epsilon value", eps);
    ensure(0.0 <= weight_decay, "weight_decay value", weight_decay);
    super(params, V2
      ? { lr, rho, eps, weight_decay, maximize, capturable, foreach, differentiable }
      : { lr, rho, eps, weight_decay, maximize, foreach });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, rho, eps, weight_decay, maximize } = group as ParamGroup & Required<AdadeltaOptions>;
    const init = (p: Tensor) => ({ step: newStep(V2), square_avg: zeros_like(p), acc_delta: zeros_like(p) });
    for (const [param, state] of this._with_state(group, init)) {
      advanceStep(state);
      const grad = gradOf(param, maximize, weight_decay);
      const square_avg = state.square_avg as Tensor, acc_delta = state.acc_delta as Tensor;
      square_avg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
      const std = square_avg.add(eps).sqrt_();
      const delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad);
      acc_delta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
      param.add_(delta, { alpha: -lr });
    }
  }
}

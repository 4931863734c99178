/** optim.RMSprop (torch/optim/rmsprop.py, the single-tensor, non-capturable path). */
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { moveAverage } from "./adam";
import { advanceStep, checkNumbers, ensure, gradOf, newStep, Optimizer, type CommonOptions, type OptimizerState, type ParamGroup, type Params } from "./optimizer";

export type RMSpropOptions = CommonOptions & {
  alpha?: number;
  eps?: number;
  momentum?: number;
  centered?: boolean;
};

// PyTorch 1.13 counts steps in a Python int and its groups lack capturable; 2.x
// keeps a float32 tensor (checked against 1.13 and 2.15). grad_avg moves with
// lerp_ from 2.1, as Adam's exp_avg does (other bits than mul_ then add_).
const V2 = torchAtLeast(2);

/**
 * optim.RMSprop(params, { lr = 0.01, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0, centered = false, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
 */
export class RMSprop extends Optimizer {
  constructor(params: Params, options: RMSpropOptions = {}) {
    const { lr = 0.01, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0, centered = false, capturable = false, foreach = null, maximize = false, differentiable = false } = options;
    checkNumbers({ lr, alpha, eps, weight_decay, momentum });
    ensure(0.0 <= lr, "learning rate", lr);
    ensure(0.0 <= eps, "epsilon value", eps);
    ensure(0.0 <= momentum, "momentum value", momentum);
    ensure(0.0 <= weight_decay, "weight_decay value", weight_decay);
    ensure(0.0 <= alpha, "alpha value", alpha);
    super(params, { lr, momentum, alpha, eps, centered, weight_decay, ...(V2 && { capturable }), foreach, maximize, differentiable });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, alpha, eps, weight_decay, momentum, centered, maximize } = group as ParamGroup & Required<RMSpropOptions>;
    const init = (p: Tensor) => {
      const state: OptimizerState = { step: newStep(V2), square_avg: zeros_like(p) };
      if (momentum > 0) state.momentum_buffer = zeros_like(p);
      if (centered) state.grad_avg = zeros_like(p);
      return state;
    };
    for (const [param, state] of this._with_state(group, init)) {
      advanceStep(state);
      const grad = gradOf(param, maximize, weight_decay);
      const square_avg = state.square_avg as Tensor;
      square_avg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
      let avg: Tensor;
      if (centered) {
        const grad_avg = state.grad_avg as Tensor;
        moveAverage(grad_avg, grad, alpha);
        avg = square_avg.addcmul(grad_avg, grad_avg, { value: -1 }).sqrt_();
      } else {
        avg = square_avg.sqrt();
      }
      avg = avg.add_(eps);
      if (momentum > 0) {
        const buf = state.momentum_buffer as Tensor;
        buf.mul_(momentum).addcdiv_(grad, avg);
        param.add_(buf, { alpha: -lr });
      } else {
        param.addcdiv_(grad, avg, { value: -lr });
      }
    }
  }
}

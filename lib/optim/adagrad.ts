/** optim.Adagrad (torch/optim/adagrad.py, the single-tensor path with dense gradients). */
import { tensor, full_like } from "../creation";
import type { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { advanceStep, checkNumbers, ensure, gradOf, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type AdagradOptions = CommonOptions & {
  lr_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  fused?: boolean | null;
};

// The groups gained differentiable and fused in 2.x (checked against 1.13 and 2.15).
const V2 = torchAtLeast(2);

/**
 * optim.Adagrad(params, { lr = 0.01, lr_decay = 0, weight_decay = 0, initial_accumulator_value = 0, eps = 1e-10, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
 * Every parameter has its state (step and sum) from the start, as in PyTorch.
 */
export class Adagrad extends Optimizer {
  constructor(params: Params, options: AdagradOptions = {}) {
    const { lr = 0.01, lr_decay = 0, weight_decay = 0, initial_accumulator_value = 0, eps = 1e-10, foreach = null, maximize = false, differentiable = false, fused = null } = options;
    checkNumbers({ lr, lr_decay, weight_decay, initial_accumulator_value, eps });
    ensure(0.0 <= lr, "learning rate", lr);
    ensure(0.0 <= lr_decay, "lr_decay value", lr_decay);
    ensure(0.0 <= weight_decay, "weight_decay value", weight_decay);
    ensure(0.0 <= initial_accumulator_value, "initial_accumulator_value value", initial_accumulator_value);
    ensure(0.0 <= eps, "epsilon value", eps);
    super(params, { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize, ...(V2 && { differentiable, fused }) });
    for (const group of this.param_groups) for (const p of group.params) Object.assign(this.stateOf(p), this._init(p));
  }

  private _init(p: Tensor) {
    return { step: tensor(0.0), sum: full_like(p, this.defaults.initial_accumulator_value as number) };
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, lr_decay, eps, weight_decay, maximize } = group as ParamGroup & Required<AdagradOptions>;
    for (const [param, state] of this._with_state(group, (p) => this._init(p))) {
      const step = advanceStep(state);
      const grad = gradOf(param, maximize, weight_decay);
      const clr = lr / (1 + (step - 1) * lr_decay);
      const state_sum = state.sum as Tensor;
      state_sum.addcmul_(grad, grad, { value: 1 });
      const std = state_sum.sqrt().add_(eps);
      param.addcdiv_(grad, std, { value: -clr });
    }
  }
}

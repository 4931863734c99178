/** optim.SGD (torch/optim/sgd.py, the single-tensor path PyTorch takes on the CPU). */
import { ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import type { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { checkNumbers, Optimizer, required, type ParamGroup, type Params } from "./optimizer";

export type SGDOptions = {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  fused?: boolean | null;
};

// Where PyTorch's Python changed: lr has a default (1e-3) from 2.2, the groups
// carry `fused` from 2.3, and from 2.4 a parameter has a state (its momentum
// buffer) only when momentum is not 0.
const LR_DEFAULT = torchAtLeast(2, 2);
const FUSED = torchAtLeast(2, 3);
const STATE_ONLY_WITH_MOMENTUM = torchAtLeast(2, 4);

/**
 * optim.SGD(params, { lr, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false, maximize = false }):
 * lr is required up to PyTorch 2.1 and 1e-3 by default from 2.2.
 * @example new optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 })
 */
export class SGD extends Optimizer {
  constructor(params: Params, options: SGDOptions = {}) {
    const { lr = LR_DEFAULT ? 1e-3 : required, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false, maximize = false, foreach = null, differentiable = false, fused = null } = options;
    checkNumbers({ lr, momentum, dampening, weight_decay });
    if (lr !== required && (lr as number) < 0.0) throw new ValueError(`Invalid learning rate: ${floatRepr(lr as number)}`);
    if (momentum < 0.0) throw new ValueError(`Invalid momentum value: ${floatRepr(momentum)}`);
    if (weight_decay < 0.0) throw new ValueError(`Invalid weight_decay value: ${floatRepr(weight_decay)}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, ...(FUSED && { fused }) });
  }

  protected _step_group(group: ParamGroup): void {
    const { weight_decay, momentum, lr, dampening, nesterov, maximize } = group as ParamGroup & Required<SGDOptions>;
    for (const param of group.params) {
      const grad = param.grad;
      if (!grad) continue;
      const state = STATE_ONLY_WITH_MOMENTUM && momentum === 0 ? null : this.stateOf(param);
      let d_p: Tensor = maximize ? grad.neg() : grad;
      if (weight_decay !== 0) d_p = d_p.add(param, { alpha: weight_decay });
      let buf = (state?.momentum_buffer as Tensor | null | undefined) ?? null;
      if (momentum !== 0) {
        if (buf === null) buf = d_p.clone().detach();
        else buf.mul_(momentum).add_(d_p, { alpha: 1 - dampening });
        d_p = nesterov ? d_p.add(buf, { alpha: momentum }) : buf;
      }
      param.add_(d_p, { alpha: -lr });
      // PyTorch 1.13 records the buffer even when there is none (momentum 0).
      if (state) state.momentum_buffer = buf;
    }
  }
}

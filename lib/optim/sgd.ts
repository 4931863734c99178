/** optim.SGD (torch/optim/sgd.py, the single-tensor path PyTorch takes on the CPU). */
import { ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import type { Tensor } from "../tensor";
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
};

/**
 * optim.SGD(params, { lr, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false, maximize = false })
 * @example new optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 })
 */
export class SGD extends Optimizer {
  constructor(params: Params, options: SGDOptions = {}) {
    const { lr = required, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false, maximize = false, foreach = null, differentiable = false } = options;
    checkNumbers({ lr, momentum, dampening, weight_decay });
    if (lr !== required && (lr as number) < 0.0) throw new ValueError(`Invalid learning rate: ${floatRepr(lr as number)}`);
    if (momentum < 0.0) throw new ValueError(`Invalid momentum value: ${floatRepr(momentum)}`);
    if (weight_decay < 0.0) throw new ValueError(`Invalid weight_decay value: ${floatRepr(weight_decay)}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable });
  }

  protected _step_group(group: ParamGroup): void {
    const { weight_decay, momentum, lr, dampening, nesterov, maximize } = group as ParamGroup & Required<SGDOptions>;
    for (const param of group.params) {
      const grad = param.grad;
      if (!grad) continue;
      const state = this.stateOf(param);
      let d_p: Tensor = maximize ? grad.neg() : grad;
      if (weight_decay !== 0) d_p = d_p.add(param, { alpha: weight_decay });
      let buf = (state.momentum_buffer as Tensor | null | undefined) ?? null;
      if (momentum !== 0) {
        if (buf === null) buf = d_p.clone().detach();
        else buf.mul_(momentum).add_(d_p, { alpha: 1 - dampening });
        d_p = nesterov ? d_p.add(buf, { alpha: momentum }) : buf;
      }
      param.add_(d_p, { alpha: -lr });
      // PyTorch 1.13 records the buffer even when there is none (momentum 0).
      state.momentum_buffer = buf;
    }
  }
}

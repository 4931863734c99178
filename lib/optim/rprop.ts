/** optim.Rprop (torch/optim/rprop.py, the single-tensor, non-capturable path). */
import { full_like } from "../creation";
import { zeros_like } from "../_generated/torch";
import type { Tensor } from "../tensor";
import { expected } from "../errors";
import { torchAtLeast } from "../version";
import { advanceStep, checkNumbers, ensure, gradOf, newStep, Optimizer, type CommonOptions, type ParamGroup, type Params } from "./optimizer";

export type RpropOptions = CommonOptions & {
  etas?: [number, number];
  step_sizes?: [number, number];
};

// PyTorch 1.13 counts steps in a Python int and its groups lack differentiable
// and capturable; 2.x keeps a float32 tensor (checked against 1.13 and 2.15).
const V2 = torchAtLeast(2);

function pair(name: string, value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw expected("a pair of numbers", name, value);
  checkNumbers({ [`${name}[0]`]: value[0], [`${name}[1]`]: value[1] });
  return value as [number, number];
}

/**
 * optim.Rprop(params, { lr = 0.01, etas = [0.5, 1.2], step_sizes = [1e-6, 50], maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Rprop.html
 */
export class Rprop extends Optimizer {
  constructor(params: Params, options: RpropOptions = {}) {
    const { lr = 0.01, etas = [0.5, 1.2], step_sizes = [1e-6, 50], capturable = false, foreach = null, maximize = false, differentiable = false } = options;
    checkNumbers({ lr });
    const [etaminus, etaplus] = pair("etas", etas);
    pair("step_sizes", step_sizes);
    ensure(0.0 <= lr, "learning rate", lr);
    ensure(0.0 < etaminus && etaminus < 1.0 && 1.0 < etaplus, "eta values", etaminus, etaplus);
    super(params, { lr, etas, step_sizes, foreach, maximize, ...(V2 && { differentiable, capturable }) });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, etas: [etaminus, etaplus], step_sizes: [step_size_min, step_size_max], maximize } = group as ParamGroup & Required<RpropOptions>;
    const init = (p: Tensor) => ({ step: newStep(V2), prev: zeros_like(p), step_size: full_like(p.grad!, lr) });
    for (const [param, state] of this._with_state(group, init)) {
      advanceStep(state);
      let grad = gradOf(param, maximize, 0);
      const prev = state.prev as Tensor, step_size = state.step_size as Tensor;
      // PyTorch assigns through boolean masks (sign[sign.gt(0)] = etaplus): masked_fill_ sets the same values.
      const sign = grad.mul(prev).sign();
      sign.masked_fill_(sign.gt(0), etaplus);
      sign.masked_fill_(sign.lt(0), etaminus);
      sign.masked_fill_(sign.eq(0), 1);
      step_size.mul_(sign).clamp_(step_size_min, step_size_max);
      grad = grad.clone();
      grad.masked_fill_(sign.eq(etaminus), 0);
      param.addcmul_(grad.sign(), step_size, { value: -1 });
      prev.copy_(grad);
    }
  }
}

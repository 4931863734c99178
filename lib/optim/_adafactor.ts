/**
 * optim.Adafactor (torch/optim/_adafactor.py): factored second moments (a row
 * and a column mean of grad² for a parameter of two or more dimensions, a full
 * one for a vector), a relative step size min(lr, 1/√t) scaled by the
 * parameter's RMS, and update clipping at d.
 *
 * The single-tensor path is PyTorch's default (foreach=None) on every device;
 * foreach=true runs the arithmetic of its multi-tensor path, which scales the
 * update and then adds it (other last bits than add_ with alpha).
 */
import { zeros_like } from "../_generated/torch";
import { vector_norm } from "../_generated/linalg";
import { expected, RuntimeError, ValueError } from "../errors";
import { finfo } from "../finfo";
import { floatRepr } from "../_pyformat";
import type { Tensor } from "../tensor";
import { pyPow } from "../nn/init";
import { advanceStep, checkNumbers, newStep, Optimizer, requireRelease, type OptimizerState, type ParamGroup, type Params } from "./optimizer";
import { isSparse } from "./sparse_adam";

export type AdafactorOptions = {
  lr?: number;
  beta2_decay?: number;
  /** [epsilon1, epsilon2]: epsilon1 null takes the parameter dtype's finfo eps. */
  eps?: [number | null, number];
  d?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
};

/** PyTorch's checks: a ValueError "<what> should be <bound> but is: <value>" unless ok. */
export function checkBound(ok: boolean, what: string, value: number): void {
  if (!ok) throw new ValueError(`${what} but is: ${floatRepr(value)}`);
}

/**
 * _init_group of Adafactor and Muon: the group's parameters that have a
 * gradient, each checked (real, with a dense gradient) and its state filled by
 * init before any is updated, so an error leaves every parameter as it was.
 */
export function initGroup(optimizer: Optimizer, group: ParamGroup, name: string, init: (grad: Tensor, state: OptimizerState) => void): Tensor[] {
  const params: Tensor[] = [];
  for (const p of group.params) {
    if (!p.grad) continue;
    if (p.is_complex()) throw new RuntimeError(`${name} does not support complex parameters`);
    if (isSparse(p.grad)) throw new RuntimeError(`${name} does not support sparse gradients`);
    init(p.grad, optimizer.stateOf(p));
    params.push(p);
  }
  return params;
}

// Python's min and max of two: the first is kept unless the second is strictly smaller (larger).
const pyMin = (a: number, b: number): number => (b < a ? b : a);
const pyMax = (a: number, b: number): number => (b > a ? b : a);

/**
 * optim.Adafactor(params, { lr = 1e-2, beta2_decay = -0.8, eps = [null, 1e-3], d = 1.0, weight_decay = 0.0, foreach = null, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Adafactor.html
 *
 * In PyTorch 2.5 and later (from memory; only 2.15 was checked): on an older
 * libtorch the constructor throws a NotImplementedError naming the release.
 * @example new optim.Adafactor(model.parameters(), { lr: 1e-2, weight_decay: 1e-2 })
 */
export class Adafactor extends Optimizer {
  constructor(params: Params, options: AdafactorOptions = {}) {
    requireRelease("optim.Adafactor", 2, 5);
    const { lr = 1e-2, beta2_decay = -0.8, eps = [null, 1e-3], d = 1.0, weight_decay = 0.0, foreach = null, maximize = false } = options;
    checkNumbers({ lr, beta2_decay, d, weight_decay });
    if (!Array.isArray(eps) || eps.length !== 2) throw expected("a pair [epsilon1 or null, epsilon2]", "eps", eps);
    checkNumbers({ "eps[1]": eps[1], ...(eps[0] !== null && { "eps[0]": eps[0] }) });
    checkBound(0.0 <= lr, "Learning rate should be >= 0", lr);
    checkBound(0.0 >= beta2_decay, "beta2_decay should be <= 0", beta2_decay);
    if (eps[0] !== null) checkBound(0.0 <= eps[0], "epsilon1 should be >= 0", eps[0]);
    checkBound(0.0 <= eps[1], "epsilon2 should be >= 0", eps[1]);
    checkBound(1.0 <= d, "Clipping threshold d should be >= 1", d);
    checkBound(0.0 <= weight_decay, "weight_decay should be >= 0", weight_decay);
    super(params, { lr, beta2_decay, eps, d, weight_decay, foreach, maximize });
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, beta2_decay, eps, d, weight_decay, foreach, maximize } = group as ParamGroup & Required<AdafactorOptions>;
    const params = initGroup(this, group, "Adafactor", (grad, state) => {
      if (Object.keys(state).length !== 0) return;
      state.step = newStep(true);
      if (grad.dim() > 1) {
        const shape = [...grad.shape];
        state.row_var = grad.new_zeros(shape.map((s, i) => (i === shape.length - 1 ? 1 : s)));
        state.col_var = grad.new_zeros(shape.map((s, i) => (i === shape.length - 2 ? 1 : s)));
      } else {
        state.variance = zeros_like(grad);
      }
    });
    // epsilon1 null becomes the first parameter's finfo eps, kept for the rest of the group as PyTorch's loop keeps it.
    let eps1 = eps[0];
    for (const param of params) {
      const state = this.stateOf(param);
      const grad = maximize ? param.grad!.neg() : param.grad!;
      if (eps1 === null) eps1 = new finfo(param.dtype).eps;
      const step = advanceStep(state);
      const one_minus_beta2_t = pyPow(step, beta2_decay);
      const rho_t = pyMin(lr, 1 / pyPow(step, 0.5));
      const alpha = pyMax(eps[1], vector_norm(param, 2).item() / pyPow(param.numel(), 0.5)) * rho_t;
      if (weight_decay !== 0) param.mul_(1 - lr * weight_decay);
      let var_estimate: Tensor;
      if (grad.dim() > 1) {
        const row_var = state.row_var as Tensor, col_var = state.col_var as Tensor;
        row_var.lerp_(vector_norm(grad, 2, -1, true).square_().div_(grad.size(-1)), one_minus_beta2_t);
        col_var.lerp_(vector_norm(grad, 2, -2, true).square_().div_(grad.size(-2)), one_minus_beta2_t);
        var_estimate = row_var.matmul(col_var);
        var_estimate.div_(row_var.mean([-2], true).clamp_({ min: eps1 }));
      } else {
        const variance = state.variance as Tensor;
        variance.lerp_(grad.mul(grad), one_minus_beta2_t);
        var_estimate = variance.clone();
      }
      const update = var_estimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
      update.mul_(grad);
      const denom = pyMax(1.0, vector_norm(update, 2).item() / (pyPow(update.numel(), 0.5) * d));
      if (foreach) param.add_(update.mul_(-alpha / denom));
      else param.add_(update, { alpha: -alpha / denom });
    }
  }
}

/** optim.SparseAdam (torch/optim/sparse_adam.py and _functional.sparse_adam). */
import { set_grad_enabled } from "../autograd/grad_mode";
import { zeros_like } from "../_generated/torch";
import { expected, RuntimeError, ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import { pyPow } from "../nn/init";
import { untracked } from "../memory";
import { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { checkNumbers, Optimizer, type ParamGroup, type Params } from "./optimizer";

export type SparseAdamOptions = {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  maximize?: boolean;
};

// PyTorch 2.x looks for sparse parameters after building the groups (indices
// [group, index]); 1.13 looks in the list given ([index], or [dict, index]).
const V2 = torchAtLeast(2);

/**
 * Whether t has the sparse COO layout (Python's `t.is_sparse`). torchnode's
 * Tensor reports every layout as strided, so this asks libtorch: only a COO
 * tensor answers is_coalesced().
 */
export function isSparse(t: Tensor): boolean {
  try {
    t.is_coalesced();
    return true;
  } catch {
    return false;
  }
}

const pyList = (xs: unknown[]): string => `[${xs.map((x) => (Array.isArray(x) ? pyList(x) : String(x))).join(", ")}]`;

/**
 * optim.SparseAdam(params, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, maximize = false }):
 * https://pytorch.org/docs/stable/generated/torch.optim.SparseAdam.html. Adam over the rows a
 * sparse gradient touches, for dense parameters whose gradients are sparse COO tensors, as
 * `nn.Embedding(..., { sparse: true })` makes; a dense gradient raises PyTorch's RuntimeError.
 * torchnode has no sparse_coo_tensor constructor, so each sparse update is built by masking a
 * dense tensor with the gradient (the same indices and values, at the cost of one dense buffer).
 * @example new optim.SparseAdam(embedding.parameters(), { lr: 0.01 })
 */
export class SparseAdam extends Optimizer {
  constructor(params: Params, options: SparseAdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, maximize = false } = options;
    checkNumbers({ lr, eps });
    if (!Array.isArray(betas) || betas.length !== 2) throw expected("a pair of numbers", "betas", betas);
    checkNumbers({ "betas[0]": betas[0], "betas[1]": betas[1] });
    if (!(0.0 < lr)) throw new ValueError(`Invalid learning rate: ${floatRepr(lr)}`);
    if (!(0.0 < eps)) throw new ValueError(`Invalid epsilon value: ${floatRepr(eps)}`);
    if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw new ValueError(`Invalid beta parameter at index 0: ${floatRepr(betas[0])}`);
    if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw new ValueError(`Invalid beta parameter at index 1: ${floatRepr(betas[1])}`);
    let given: unknown[] | null = null;
    if (!V2 && params !== null && typeof (params as Iterable<unknown>)?.[Symbol.iterator] === "function" && !(params instanceof Tensor)) {
      given = [...(params as Iterable<unknown>)];
      params = given as Params;
    }
    if (given) checkDense(sparseIndices1_13(given));
    super(params, { lr, betas, eps, maximize });
    if (V2) checkDense(this.param_groups.flatMap((g, i) => g.params.flatMap((p, j) => (isSparse(p) ? [[i, j]] : []))));
  }

  override step(closure?: () => Tensor): Tensor | undefined {
    let loss: Tensor | undefined;
    if (closure) loss = set_grad_enabled(true, closure);
    set_grad_enabled(false, () => {
      for (const group of this.param_groups) this._step_group(group);
    });
    for (const state of this.state.values()) {
      for (const value of Object.values(state)) if (value instanceof Tensor) untracked(value);
    }
    return loss;
  }

  protected override _step_group(group: ParamGroup): void {
    const { lr, betas, eps, maximize } = group as ParamGroup & Required<SparseAdamOptions>;
    const [beta1, beta2] = betas;
    // As PyTorch: every gradient is checked, and every step counted, before any update.
    const updates: [Tensor, Tensor, Record<string, unknown>][] = [];
    for (const p of group.params) {
      if (!p.grad) continue;
      if (!isSparse(p.grad)) throw new RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead");
      const state = this.stateOf(p);
      if (Object.keys(state).length === 0) Object.assign(state, { step: 0, exp_avg: zeros_like(p), exp_avg_sq: zeros_like(p) });
      state.step = (state.step as number) + 1;
      updates.push([p, p.grad, state]);
    }
    for (const [param, g, state] of updates) {
      sparseAdamUpdate(param, maximize ? g.neg() : g, state.exp_avg as Tensor, state.exp_avg_sq as Tensor, state.step as number, beta1, beta2, lr, eps);
    }
  }
}

// One parameter's update (_functional.sparse_adam): the moments and the parameter change only where grad has entries.
function sparseAdamUpdate(param: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, step: number, beta1: number, beta2: number, lr: number, eps: number): void {
  grad = grad.coalesce(); // the update is non-linear, so the indices must be unique
  const grad_indices = grad.indices();
  const grad_values = grad.values();
  if (grad_values.numel() === 0) return; // 2.x skips it; in 1.13 every change is empty
  const sparse_dim = grad_indices.size(0);
  // grad.new(grad_indices, values, size): the dense buffer masked by grad has these values at grad's indices.
  const make_sparse = (values: Tensor): Tensor => {
    const dense = zeros_like(param);
    dense.index_put_(Array.from({ length: sparse_dim }, (_, i) => grad_indices.select(0, i)), values);
    return dense.sparse_mask(grad);
  };
  // old <- b * old + (1 - b) * new, as old += (1 - b) * (new - old)
  const old_exp_avg_values = exp_avg.sparse_mask(grad).coalesce().values();
  const exp_avg_update_values = grad_values.sub(old_exp_avg_values).mul_(1 - beta1);
  exp_avg.add_(make_sparse(exp_avg_update_values));
  const old_exp_avg_sq_values = exp_avg_sq.sparse_mask(grad).coalesce().values();
  const exp_avg_sq_update_values = grad_values.pow(2).sub_(old_exp_avg_sq_values).mul_(1 - beta2);
  exp_avg_sq.add_(make_sparse(exp_avg_sq_update_values));
  // Dense additions again, as PyTorch avoids another sparse_mask.
  const numer = exp_avg_update_values.add_(old_exp_avg_values);
  exp_avg_sq_update_values.add_(old_exp_avg_sq_values);
  const denom = exp_avg_sq_update_values.sqrt_().add_(eps);
  const bias_correction1 = 1 - pyPow(beta1, step);
  const bias_correction2 = 1 - pyPow(beta2, step);
  const step_size = (lr * Math.sqrt(bias_correction2)) / bias_correction1;
  param.add_(make_sparse(numer.div_(denom).mul(-step_size)));
}

function checkDense(sparse_params: unknown[]): void {
  if (sparse_params.length > 0) throw new ValueError(`Sparse params at indices ${pyList(sparse_params)}: SparseAdam requires dense parameter tensors`);
}

// PyTorch 1.13's scan of the params given: a tensor's index, or [dict's index, index in its params].
function sparseIndices1_13(given: unknown[]): unknown[] {
  const found: unknown[] = [];
  given.forEach((param, index) => {
    if (param instanceof Tensor) {
      if (isSparse(param)) found.push(index);
    } else if (param && typeof param === "object") {
      const inner = (param as { params?: Iterable<Tensor> | Tensor }).params ?? [];
      const list = inner instanceof Tensor ? [inner] : [...inner];
      list.forEach((p, d_index) => {
        if (p instanceof Tensor && isSparse(p)) found.push([index, d_index]);
      });
    }
  });
  return found;
}

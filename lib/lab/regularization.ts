/**
 * The homework's L1 (LASSO) regularisation as a custom loss:
 * base(y_hat, y) + λ · Σ|θ| over the model's trainable parameters.
 * PyTorch has weight_decay for L2 but nothing built in for L1.
 */
import * as nn from "../nn";
import type { Tensor } from "../tensor";

type LossFn = (input: Tensor, target: Tensor) => Tensor;

/** l1_penalty(parameters): Σ|θ|, the per-tensor sums added left to right (as Python's sum()). */
export function l1_penalty(parameters: Iterable<Tensor>): Tensor {
  const sums = [...parameters].map((p) => p.abs().sum());
  if (sums.length === 0) throw new TypeError("l1_penalty(): expected at least one parameter");
  return sums.reduce((a, b) => a.add(b));
}

/**
 * l1_regularized_loss(input, target, { parameters, lam, base = cross_entropy }):
 * the functional form of L1RegularizedLoss.
 * @example const loss = l1_regularized_loss(y_hat, y, { parameters: model.parameters(), lam: 1e-5 });
 */
export function l1_regularized_loss(
  input: Tensor, target: Tensor, options: { parameters: Iterable<Tensor>; lam: number; base?: LossFn },
): Tensor {
  const { parameters, lam, base = nn.functional.cross_entropy } = options;
  return base(input, target).add(l1_penalty(parameters).mul(lam));
}

/**
 * L1RegularizedLoss(base, model, lam): base(y_hat, y) + lam · Σ|θ| over the
 * parameters of model that require gradients (taken when it is built).
 * @example const loss_fn = new L1RegularizedLoss(new nn.CrossEntropyLoss(), model, 1e-5);
 */
export class L1RegularizedLoss extends nn.Module {
  declare base: nn.Module | LossFn;
  declare params: Tensor[];
  declare lam: number;

  constructor(base: nn.Module | LossFn, model: nn.Module, lam: number) {
    super();
    if (typeof lam !== "number" || !(lam >= 0)) throw new TypeError(`Expected a non-negative number for lam but received ${lam}`);
    this.base = base;
    this.params = [...model.parameters()].filter((p) => p.requires_grad);
    this.lam = lam;
  }

  forward(y_hat: Tensor, y: Tensor): Tensor {
    return (this.base as LossFn)(y_hat, y).add(l1_penalty(this.params).mul(this.lam));
  }

  extra_repr(): string {
    return `lam=${this.lam}`;
  }
}

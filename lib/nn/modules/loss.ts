/** Losses (torch/nn/modules/loss.py): callable modules over nn.functional. */
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

type LossOptions = { reduction?: F.Reduction };

/** PyTorch's _Loss: keeps `reduction`. */
export class _Loss extends Module {
  declare reduction: F.Reduction;
  constructor(options: LossOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
  }
}

/** PyTorch's _WeightedLoss: a class-weight buffer (null when none). */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(options: LossOptions & { weight?: Tensor | null } = {}) {
    super(options);
    this.register_buffer("weight", options.weight ?? null);
  }
}

export type CrossEntropyLossOptions = LossOptions & { weight?: Tensor | null; ignore_index?: number; label_smoothing?: number };

/**
 * nn.CrossEntropyLoss({ weight, ignore_index = -100, reduction = "mean", label_smoothing = 0 }):
 * class-index or class-probability targets.
 */
export class CrossEntropyLoss extends _WeightedLoss {
  declare ignore_index: number;
  declare label_smoothing: number;
  constructor(options: CrossEntropyLossOptions = {}) {
    super(options);
    this.ignore_index = options.ignore_index ?? -100;
    this.label_smoothing = options.label_smoothing ?? 0.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing,
    });
  }
}

/** nn.NLLLoss({ weight, ignore_index = -100, reduction = "mean" }) */
export class NLLLoss extends _WeightedLoss {
  declare ignore_index: number;
  constructor(options: LossOptions & { weight?: Tensor | null; ignore_index?: number } = {}) {
    super(options);
    this.ignore_index = options.ignore_index ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

/** nn.MSELoss({ reduction = "mean" }) */
export class MSELoss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.L1Loss({ reduction = "mean" }) */
export class L1Loss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}


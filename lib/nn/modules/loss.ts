/**
 * Losses (torch/nn/modules/loss.py): callable modules over nn.functional,
 * with PyTorch's constructor arguments, positional or as one trailing options
 * object, the legacy size_average/reduce included.
 */
import { binder, type Keywords } from "../../_pydef";
import { floatRepr, pyRepr, pyTypeName } from "../../_pyformat";
import { AssertionError, NotImplementedError, RuntimeError, TorchTypeError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { libtorch_version, torchAtLeast } from "../../version";
import * as F from "../functional";
import { PairwiseDistance } from "./distance";
import { Linear } from "./linear";
import { Module } from "./module";
import { pyTuple } from "./utils";

const V2 = torchAtLeast(2);
const LEGACY = "size_average=None, reduce=None, reduction='mean'";
const WEIGHTED = `weight: Tensor=None, ${LEGACY}`;

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

const binders = new Map<string, (args: readonly unknown[]) => unknown[]>();
/** The arguments bound to a Python parameter list (see binder), by name. */
export function bindNamed(name: string, spec: string, args: readonly unknown[]): Keywords {
  const key = `${name}(${spec})`;
  const bind = binders.get(key) ?? binders.set(key, binder(name, spec)).get(key)!;
  const names = spec.split(",").map((p) => p.split("=")[0].split(":")[0].trim()).filter((p) => p && p !== "*");
  const values = bind(args);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}


/** PyTorch's _Loss: keeps `reduction` (from size_average and reduce where either is given). */
export class _Loss extends Module {
  declare reduction: F.Reduction;
  constructor(bound: Keywords = {}) {
    super();
    const { size_average = null, reduce = null, reduction = "mean" } = bound;
    this.reduction = size_average !== null || reduce !== null ? F.legacyReduction(size_average as boolean | null, reduce as boolean | null) : (reduction as F.Reduction);
  }
}

/** PyTorch's _WeightedLoss: a class-weight buffer (null when none). */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(bound: Keywords = {}) {
    super(bound);
    this.register_buffer("weight", (bound.weight ?? null) as Tensor | null);
  }
}

/** nn.L1Loss(size_average = None, reduce = None, reduction = 'mean') */
export class L1Loss extends _Loss {
  constructor(...args: unknown[]) {
    super(bindNamed("L1Loss", LEGACY, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.NLLLoss(weight = None, size_average = None, ignore_index = -100, reduce = None, reduction = 'mean') */
export class NLLLoss extends _WeightedLoss {
  declare ignore_index: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("NLLLoss", "weight: Tensor=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'", args);
    super(b);
    this.ignore_index = b.ignore_index as number;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

/** nn.NLLLoss2d(weight = None, size_average = None, ignore_index = -100, reduce = None, reduction = 'mean'): NLLLoss under its deprecated name. */
export class NLLLoss2d extends NLLLoss {
  constructor(...args: unknown[]) {
    // 1.13 warns at construction; 2.x dropped the warning.
    if (!V2) warnOnce("NLLLoss2d has been deprecated. Please use NLLLoss instead as a drop-in replacement and see https://pytorch.org/docs/master/nn.html#torch.nn.NLLLoss for more details.");
    super(...args);
  }
}

/** nn.PoissonNLLLoss(log_input = True, full = False, size_average = None, eps = 1e-8, reduce = None, reduction = 'mean') */
export class PoissonNLLLoss extends _Loss {
  declare log_input: boolean;
  declare full: boolean;
  declare eps: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("PoissonNLLLoss", "log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'", args);
    super(b);
    Object.assign(this, { log_input: b.log_input, full: b.full, eps: b.eps });
  }
  forward(log_input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** nn.GaussianNLLLoss(*, full = False, eps = 1e-6, reduction = 'mean'): forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  declare full: boolean;
  declare eps: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("GaussianNLLLoss", "*, full=False, eps=1e-06, reduction='mean'", args);
    super({ reduction: b.reduction });
    Object.assign(this, { full: b.full, eps: b.eps });
  }
  forward(input: Tensor, target: Tensor, variance: Tensor | number): Tensor {
    return F.gaussian_nll_loss(input, target, variance as Tensor, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** nn.KLDivLoss(size_average = None, reduce = None, reduction = 'mean', log_target = False) */
export class KLDivLoss extends _Loss {
  declare log_target: boolean;
  constructor(...args: unknown[]) {
    const b = bindNamed("KLDivLoss", `${LEGACY}, log_target=False`, args);
    super(b);
    this.log_target = b.log_target as boolean;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

/** nn.MSELoss(size_average = None, reduce = None, reduction = 'mean') */
export class MSELoss extends _Loss {
  constructor(...args: unknown[]) {
    super(bindNamed("MSELoss", LEGACY, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.BCELoss(weight = None, size_average = None, reduce = None, reduction = 'mean') */
export class BCELoss extends _WeightedLoss {
  constructor(...args: unknown[]) {
    super(bindNamed("BCELoss", WEIGHTED, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** nn.BCEWithLogitsLoss(weight = None, size_average = None, reduce = None, reduction = 'mean', pos_weight = None) */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: unknown[]) {
    const b = bindNamed("BCEWithLogitsLoss", `${WEIGHTED}, pos_weight: Tensor=None`, args);
    super(b);
    this.register_buffer("weight", b.weight as Tensor | null);
    this.register_buffer("pos_weight", b.pos_weight as Tensor | null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, this.weight, { pos_weight: this.pos_weight, reduction: this.reduction });
  }
}

/** HingeEmbeddingLoss, CosineEmbeddingLoss, MarginRankingLoss: margin, then the legacy arguments. */
abstract class _MarginLoss extends _Loss {
  declare margin: number;
  protected constructor(name: string, margin: string, args: unknown[]) {
    const b = bindNamed(name, `margin=${margin}, ${LEGACY}`, args);
    super(b);
    this.margin = b.margin as number;
  }
}

/** nn.HingeEmbeddingLoss(margin = 1.0, size_average = None, reduce = None, reduction = 'mean') */
export class HingeEmbeddingLoss extends _MarginLoss {
  constructor(...args: unknown[]) {
    super("HingeEmbeddingLoss", "1.0", args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MultiLabelMarginLoss(size_average = None, reduce = None, reduction = 'mean') */
export class MultiLabelMarginLoss extends _Loss {
  constructor(...args: unknown[]) {
    super(bindNamed("MultiLabelMarginLoss", LEGACY, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.SmoothL1Loss(size_average = None, reduce = None, reduction = 'mean', beta = 1.0) */
export class SmoothL1Loss extends _Loss {
  declare beta: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("SmoothL1Loss", `${LEGACY}, beta=1.0`, args);
    super(b);
    this.beta = b.beta as number;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** nn.HuberLoss(reduction = 'mean', delta = 1.0) */
export class HuberLoss extends _Loss {
  declare delta: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("HuberLoss", "reduction='mean', delta=1.0", args);
    if (V2 && typeof b.delta !== "number") throw new TorchTypeError(`delta must be a float or int, got: <class '${pyTypeName(b.delta)}'>`);
    super({ reduction: b.reduction });
    this.delta = b.delta as number;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** nn.SoftMarginLoss(size_average = None, reduce = None, reduction = 'mean') */
export class SoftMarginLoss extends _Loss {
  constructor(...args: unknown[]) {
    super(bindNamed("SoftMarginLoss", LEGACY, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.soft_margin_loss(input, target, { reduction: this.reduction });
  }
}

/**
 * nn.CrossEntropyLoss(weight = None, size_average = None, ignore_index = -100, reduce = None, reduction = 'mean', label_smoothing = 0.0):
 * class-index or class-probability targets.
 */
export class CrossEntropyLoss extends _WeightedLoss {
  declare ignore_index: number;
  declare label_smoothing: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("CrossEntropyLoss", "weight: Tensor=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0", args);
    super(b);
    this.ignore_index = b.ignore_index as number;
    this.label_smoothing = b.label_smoothing as number;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing,
    });
  }
}

/** nn.MultiLabelSoftMarginLoss(weight = None, size_average = None, reduce = None, reduction = 'mean') */
export class MultiLabelSoftMarginLoss extends _WeightedLoss {
  constructor(...args: unknown[]) {
    super(bindNamed("MultiLabelSoftMarginLoss", WEIGHTED, args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** nn.CosineEmbeddingLoss(margin = 0.0, size_average = None, reduce = None, reduction = 'mean') */
export class CosineEmbeddingLoss extends _MarginLoss {
  constructor(...args: unknown[]) {
    super("CosineEmbeddingLoss", "0.0", args);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MarginRankingLoss(margin = 0.0, size_average = None, reduce = None, reduction = 'mean') */
export class MarginRankingLoss extends _MarginLoss {
  constructor(...args: unknown[]) {
    super("MarginRankingLoss", "0.0", args);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MultiMarginLoss(p = 1, margin = 1.0, weight = None, size_average = None, reduce = None, reduction = 'mean') */
export class MultiMarginLoss extends _WeightedLoss {
  declare p: number;
  declare margin: number;
  constructor(...args: unknown[]) {
    const b = bindNamed("MultiMarginLoss", `p=1, margin=1.0, ${WEIGHTED}`, args);
    super(b);
    if (b.p !== 1 && b.p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    const weight = b.weight as Tensor | null;
    if (weight !== null && weight.dim() !== 1) {
      const message = `MultiMarginLoss: expected weight to be None or 1D tensor, got ${weight.dim()}D instead`;
      // 1.13's bare `assert weight is None or weight.dim() == 1` has no message: it gets 2.x's words.
      throw V2 ? new ValueError(message) : new AssertionError(message);
    }
    this.p = b.p as number;
    this.margin = b.margin as number;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** nn.TripletMarginLoss(margin = 1.0, p = 2.0, eps = 1e-6, swap = False, size_average = None, reduce = None, reduction = 'mean') */
export class TripletMarginLoss extends _Loss {
  declare margin: number;
  declare p: number;
  declare eps: number;
  declare swap: boolean;
  constructor(...args: unknown[]) {
    const b = bindNamed("TripletMarginLoss", `margin=1.0, p=2.0, eps=1e-06, swap=False, ${LEGACY}`, args);
    super(b);
    if (V2 && (b.margin as number) <= 0) throw new ValueError(`TripletMarginLoss: expected margin to be greater than 0, got ${b.margin} instead`);
    Object.assign(this, { margin: b.margin, p: b.p, eps: b.eps, swap: b.swap });
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

type Distance = (a: Tensor, b: Tensor) => Tensor;
/** nn.TripletMarginWithDistanceLoss(*, distance_function = None (a PairwiseDistance), margin = 1.0, swap = False, reduction = 'mean') */
export class TripletMarginWithDistanceLoss extends _Loss {
  declare distance_function: Distance | null;
  declare margin: number;
  declare swap: boolean;
  constructor(...args: unknown[]) {
    const b = bindNamed("TripletMarginWithDistanceLoss", "*, distance_function=None, margin=1.0, swap=False, reduction='mean'", args);
    super({ reduction: b.reduction });
    if (V2 && (b.margin as number) <= 0) throw new ValueError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${b.margin} instead`);
    this.distance_function = (b.distance_function as Distance | null) ?? new PairwiseDistance();
    this.margin = b.margin as number;
    this.swap = b.swap as boolean;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_with_distance_loss(anchor, positive, negative, {
      distance_function: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction,
    });
  }
}

/** nn.CTCLoss(blank = 0, reduction = 'mean', zero_infinity = False) */
export class CTCLoss extends _Loss {
  declare blank: number;
  declare zero_infinity: boolean;
  constructor(...args: unknown[]) {
    const b = bindNamed("CTCLoss", "blank=0, reduction='mean', zero_infinity=False", args);
    super({ reduction: b.reduction });
    this.blank = b.blank as number;
    this.zero_infinity = b.zero_infinity as boolean;
  }
  forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor, target_lengths: Tensor): Tensor {
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, this.blank, this.reduction, this.zero_infinity);
  }
}

const LCE_SPEC = "in_features, num_classes, *, out_features=None, bias=False, device=None, dtype=None, reduction='mean', weight: Tensor=None, ignore_index=None, label_smoothing=0.0, options=None";
/**
 * nn.LinearCrossEntropyLoss(in_features, num_classes, *, out_features = (), bias = False, device = None, dtype = None,
 * reduction = 'mean', weight = None, ignore_index = None, label_smoothing = 0.0, options = None) (PyTorch 2.x):
 * a Linear layer (as `linear`) and cross_entropy in one, through F.linear_cross_entropy.
 */
export class LinearCrossEntropyLoss extends _WeightedLoss {
  declare num_classes: number;
  declare out_features: number[];
  declare ignore_index: number | null;
  declare label_smoothing: number;
  declare linear: Linear;
  declare options: unknown;
  constructor(...args: unknown[]) {
    if (!F.LINEAR_CROSS_ENTROPY) throw new NotImplementedError(`nn.LinearCrossEntropyLoss is not in PyTorch ${libtorch_version} (PyTorch 2.15 has it)`);
    const b = bindNamed("LinearCrossEntropyLoss", LCE_SPEC, args);
    const numClasses = b.num_classes as number, weight = b.weight as Tensor | null, smoothing = b.label_smoothing as number;
    if (weight !== null && !(weight.dim() === 1 && weight.shape[0] === numClasses)) {
      throw new RuntimeError(`expected weight shape to be (${numClasses},), got ${pyTuple([...weight.shape])}`);
    }
    if (smoothing < 0 || smoothing > 1.0) throw new RuntimeError(`expected label_smoothing to be in range [0, 1], got ${floatRepr(smoothing)}`);
    super({ weight, reduction: b.reduction });
    const outFeatures = b.out_features === null ? [] : [...(b.out_features as number[])];
    Object.assign(this, { num_classes: numClasses, out_features: outFeatures, ignore_index: b.ignore_index, label_smoothing: smoothing });
    const rows = outFeatures.reduce((a, x) => a * x, numClasses);
    this.linear = new Linear(b.in_features, rows, { bias: b.bias, device: b.device, dtype: b.dtype });
    this.options = b.options;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const linear_weight = this.linear.weight.reshape([this.num_classes, ...this.out_features, this.linear.in_features]);
    const linear_bias = this.linear.bias === null ? null : this.linear.bias.reshape([this.num_classes, ...this.out_features]);
    return F.linear_cross_entropy(input, linear_weight, target, {
      linear_bias, weight: this.weight, reduction: this.reduction, ignore_index: this.ignore_index, label_smoothing: this.label_smoothing, options: this.options,
    });
  }
  extra_repr(): string {
    return `in_features=${this.linear.in_features}, num_classes=${this.num_classes}, out_features=${pyTuple(this.out_features)}, ` +
      `bias=${this.linear.bias !== null ? "True" : "False"}, reduction=${this.reduction}, ignore_index=${pyRepr(this.ignore_index)}, ` +
      `label_smoothing=${floatRepr(this.label_smoothing)}, options=${pyRepr(this.options)}`;
  }
}

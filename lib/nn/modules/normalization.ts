/** Normalisation layers (torch/nn/modules/normalization.py): LocalResponseNorm, LayerNorm, GroupNorm, RMSNorm. */
import { empty } from "../../_generated/torch";
import { binder } from "../../_pydef";
import { floatRepr, pyRepr } from "../../_pyformat";
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { BIAS_OPTION, registerAffine } from "./batchnorm";
import { Module } from "./module";
import { pyTuple } from "./utils";

// LayerNorm's bias argument came in 2.1; GroupNorm's (keyword-only) with the other norms' in 2.12.
const LAYER_NORM_BIAS = torchAtLeast(2, 1);
type Factory = { device?: never; dtype?: never };
const factoryOf = (device: unknown, dtype: unknown): Factory => ({ device: (device ?? undefined) as never, dtype: (dtype ?? undefined) as never });
// An int, or a list or torch.Size of them, as a tuple.
const shapeOf = (s: unknown): number[] => (typeof s === "number" ? [s] : [...(s as Iterable<number>)].map(Number));

/** nn.LocalResponseNorm(size, alpha = 1e-4, beta = 0.75, k = 1.0) */
export class LocalResponseNorm extends Module {
  declare size: number;
  declare alpha: number;
  declare beta: number;
  declare k: number;
  constructor(...args: unknown[]) {
    super();
    [this.size, this.alpha, this.beta, this.k] = binder("LocalResponseNorm", "size, alpha=0.0001, beta=0.75, k=1.0")(args) as number[];
  }
  forward(input: Tensor): Tensor {
    return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }
  extra_repr(): string {
    return `${this.size}, alpha=${floatRepr(this.alpha)}, beta=${floatRepr(this.beta)}, k=${floatRepr(this.k)}`;
  }
}

/** ones_ on the weight and zeros_ on the bias, where there are. */
function resetAffine(weight: Parameter | null, bias: Parameter | null): void {
  if (weight) init.ones_(weight);
  if (bias) init.zeros_(bias);
}

/** nn.LayerNorm(normalized_shape, eps = 1e-5, elementwise_affine = True, bias = True (2.1)) over the last dimensions. */
export class LayerNorm extends Module {
  declare normalized_shape: number[];
  declare eps: number;
  declare elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(...args: unknown[]) {
    super();
    const spec = `normalized_shape, eps=1e-05, elementwise_affine=True, ${LAYER_NORM_BIAS ? "bias=True, " : ""}device=None, dtype=None`;
    const bound = binder("LayerNorm", spec)(args);
    if (!LAYER_NORM_BIAS) bound.splice(3, 0, true);
    const [shape, eps, affine, bias, device, dtype] = bound as [unknown, number, boolean, boolean, unknown, unknown];
    this.normalized_shape = shapeOf(shape);
    this.eps = eps;
    this.elementwise_affine = affine;
    const factory = factoryOf(device, dtype);
    registerAffine(this, this.normalized_shape, affine, bias, factory);
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetAffine(this.weight, this.bias);
  }
  forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }
  extra_repr(): string {
    const bias = LAYER_NORM_BIAS ? `, bias=${pyRepr(this.bias !== null)}` : "";
    return `${pyTuple(this.normalized_shape)}, eps=${floatRepr(this.eps)}, elementwise_affine=${pyRepr(this.elementwise_affine)}${bias}`;
  }
}

/** nn.GroupNorm(num_groups, num_channels, eps = 1e-5, affine = True) */
export class GroupNorm extends Module {
  declare num_groups: number;
  declare num_channels: number;
  declare eps: number;
  declare affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(...args: unknown[]) {
    super();
    const spec = `num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None${BIAS_OPTION ? ", *, bias=True" : ""}`;
    const [num_groups, num_channels, eps, affine, device, dtype, bias = true] = binder("GroupNorm", spec)(args) as [number, number, number, boolean, unknown, unknown, boolean?];
    if (num_channels % num_groups !== 0) {
      throw new ValueError(torchAtLeast(2) ? `num_channels (${num_channels}) must be divisible by num_groups (${num_groups})` : "num_channels must be divisible by num_groups");
    }
    Object.assign(this, { num_groups, num_channels, eps, affine });
    const factory = factoryOf(device, dtype);
    registerAffine(this, [num_channels], affine, bias, factory);
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetAffine(this.weight, this.bias);
  }
  forward(input: Tensor): Tensor {
    return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }
  extra_repr(): string {
    const bias = BIAS_OPTION ? `, bias=${pyRepr(this.bias !== null)}` : "";
    return `${this.num_groups}, ${this.num_channels}, eps=${floatRepr(this.eps)}, affine=${pyRepr(this.affine)}${bias}`;
  }
}

/** nn.RMSNorm(normalized_shape, eps = None, elementwise_affine = True) (PyTorch 2.4 and later). */
export class RMSNorm extends Module {
  declare normalized_shape: number[];
  declare eps: number | null;
  declare elementwise_affine: boolean;
  declare weight: Parameter | null;
  constructor(...args: unknown[]) {
    super();
    const [shape, eps, affine, device, dtype] = binder("RMSNorm", "normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None")(args) as [unknown, number | null, boolean, unknown, unknown];
    this.normalized_shape = shapeOf(shape);
    this.eps = eps;
    this.elementwise_affine = affine;
    if (affine) this.weight = new Parameter(empty(this.normalized_shape, factoryOf(device, dtype)));
    else this.register_parameter("weight", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetAffine(this.weight, null);
  }
  forward(x: Tensor): Tensor {
    return F.rms_norm(x, this.normalized_shape, this.weight, this.eps);
  }
  extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${this.eps === null ? "None" : floatRepr(this.eps)}, elementwise_affine=${pyRepr(this.elementwise_affine)}`;
  }
}

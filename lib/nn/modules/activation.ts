/**
 * Activation modules (torch/nn/modules/activation.py), MultiheadAttention
 * apart: each keeps PyTorch's constructor arguments (positional, or one
 * trailing options object of keywords) and calls F as PyTorch's forward does.
 * Parameters PyTorch types as float print as Python prints a float ("1.0").
 */
import { empty } from "../../_generated/torch";
import * as torch from "../../_generated/torch";
import { binder } from "../../_pydef";
import { floatRepr, pyRepr } from "../../_pyformat";
import { AssertionError, ValueError } from "../../errors";
import { checkTensor, type Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { Module } from "./module";

const V2 = torchAtLeast(2);
const INPLACE = "inplace=False";
const inplaceTail = (inplace: boolean): string => (inplace ? ", inplace=True" : "");
const inplaceOnly = (inplace: boolean): string => (inplace ? "inplace=True" : "");

/** A module whose only argument is `inplace` (ReLU, SELU, SiLU, Mish, Hardsigmoid, Hardswish). */
abstract class _InplaceActivation extends Module {
  declare inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    [this.inplace] = binder(name, INPLACE)(args) as [boolean];
  }
}

/** nn.Threshold(threshold, value, inplace = False) */
export class Threshold extends Module {
  declare threshold: number;
  declare value: number;
  declare inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    [this.threshold, this.value, this.inplace] = binder("Threshold", "threshold, value, inplace=False")(args) as [number, number, boolean];
  }
  forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  extra_repr(): string {
    return `threshold=${floatRepr(this.threshold)}, value=${floatRepr(this.value)}${inplaceTail(this.inplace)}`;
  }
}

/** nn.ReLU(inplace = False) */
export class ReLU extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("ReLU", args);
  }
  forward(input: Tensor): Tensor {
    return F.relu(input, { inplace: this.inplace });
  }
  extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** nn.RReLU(lower = 1/8, upper = 1/3, inplace = False): random slopes in training, their mean in eval. */
export class RReLU extends Module {
  declare lower: number;
  declare upper: number;
  declare inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    [this.lower, this.upper, this.inplace] = binder("RReLU", `lower=${1 / 8}, upper=${1 / 3}, inplace=False`)(args) as [number, number, boolean];
  }
  forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  extra_repr(): string {
    return `lower=${floatRepr(this.lower)}, upper=${floatRepr(this.upper)}${inplaceTail(this.inplace)}`;
  }
}

/** nn.Hardtanh(min_val = -1.0, max_val = 1.0, inplace = False, min_value = None, max_value = None) */
export class Hardtanh extends Module {
  declare min_val: number;
  declare max_val: number;
  declare inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const [min_val, max_val, inplace, min_value, max_value] =
      binder("Hardtanh", "min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None")(args) as [number, number, boolean, number | null, number | null];
    const renamed = (old: string, now: string) => (V2
      ? process.emitWarning(`keyword argument \`${old}\` is deprecated and renamed to \`${now}\``, "FutureWarning")
      : process.emitWarning(`keyword argument ${old} is deprecated and rename to ${now}`, "UserWarning"));
    if (min_value !== null) renamed("min_value", "min_val");
    if (max_value !== null) renamed("max_value", "max_val");
    this.min_val = min_value ?? min_val;
    this.max_val = max_value ?? max_val;
    this.inplace = inplace;
    if (!(this.max_val > this.min_val)) {
      // 1.13's bare `assert self.max_val > self.min_val` has no message: it gets 2.x's words.
      throw new AssertionError(`max_val (${pyRepr(this.max_val)}) must be greater than min_val (${pyRepr(this.min_val)})`);
    }
  }
  forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  extra_repr(): string {
    return `min_val=${floatRepr(this.min_val)}, max_val=${floatRepr(this.max_val)}${inplaceTail(this.inplace)}`;
  }
}

/** nn.ReLU6(inplace = False): Hardtanh(0.0, 6.0). */
export class ReLU6 extends Hardtanh {
  constructor(...args: unknown[]) {
    const [inplace] = binder("ReLU6", INPLACE)(args);
    super(0.0, 6.0, inplace);
  }
  extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** nn.Sigmoid() */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return torch.sigmoid(input);
  }
}

/** nn.Hardsigmoid(inplace = False) */
export class Hardsigmoid extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("Hardsigmoid", args);
  }
  forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, this.inplace);
  }
}

/** nn.Tanh() */
export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return torch.tanh(input);
  }
}

/** nn.SiLU(inplace = False) */
export class SiLU extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("SiLU", args);
  }
  forward(input: Tensor): Tensor {
    return F.silu(input, { inplace: this.inplace });
  }
  extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** nn.Mish(inplace = False) */
export class Mish extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("Mish", args);
  }
  forward(input: Tensor): Tensor {
    return F.mish(input, { inplace: this.inplace });
  }
  extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** nn.Hardswish(inplace = False) */
export class Hardswish extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("Hardswish", args);
  }
  forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

/** ELU and CELU: alpha = 1.0, inplace = False. */
abstract class _AlphaActivation extends Module {
  declare alpha: number;
  declare inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    [this.alpha, this.inplace] = binder(name, "alpha=1.0, inplace=False")(args) as [number, boolean];
  }
  extra_repr(): string {
    return `alpha=${floatRepr(this.alpha)}${inplaceTail(this.inplace)}`;
  }
}

/** nn.ELU(alpha = 1.0, inplace = False) */
export class ELU extends _AlphaActivation {
  constructor(...args: unknown[]) {
    super("ELU", args);
  }
  forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
}

/** nn.CELU(alpha = 1.0, inplace = False) */
export class CELU extends _AlphaActivation {
  constructor(...args: unknown[]) {
    super("CELU", args);
  }
  forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
}

/** nn.SELU(inplace = False) */
export class SELU extends _InplaceActivation {
  constructor(...args: unknown[]) {
    super("SELU", args);
  }
  forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
  extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** nn.GLU(dim = -1) */
export class GLU extends Module {
  declare dim: number;
  constructor(...args: unknown[]) {
    super();
    [this.dim] = binder("GLU", "dim=-1")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** nn.GELU(approximate = 'none') */
export class GELU extends Module {
  declare approximate: string;
  constructor(...args: unknown[]) {
    super();
    [this.approximate] = binder("GELU", "approximate='none'")(args) as [string];
  }
  forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  extra_repr(): string {
    return `approximate=${pyRepr(this.approximate)}`;
  }
}

/** nn.Hardshrink(lambd = 0.5) */
export class Hardshrink extends Module {
  declare lambd: number;
  constructor(...args: unknown[]) {
    super();
    [this.lambd] = binder("Hardshrink", "lambd=0.5")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  extra_repr(): string {
    return floatRepr(this.lambd);
  }
}

/** nn.LeakyReLU(negative_slope = 0.01, inplace = False) */
export class LeakyReLU extends Module {
  declare negative_slope: number;
  declare inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    [this.negative_slope, this.inplace] = binder("LeakyReLU", "negative_slope=0.01, inplace=False")(args) as [number, boolean];
  }
  forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  extra_repr(): string {
    return `negative_slope=${floatRepr(this.negative_slope)}${inplaceTail(this.inplace)}`;
  }
}

/** nn.LogSigmoid() */
export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

// 1.13 types Softplus's arguments as ints (beta=1, threshold=20), 2.x as floats.
const softplusRepr = V2 ? floatRepr : pyRepr;

/** nn.Softplus(beta = 1.0, threshold = 20.0) (1 and 20 in 1.13) */
export class Softplus extends Module {
  declare beta: number;
  declare threshold: number;
  constructor(...args: unknown[]) {
    super();
    [this.beta, this.threshold] = binder("Softplus", V2 ? "beta=1.0, threshold=20.0" : "beta=1, threshold=20")(args) as [number, number];
  }
  forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  extra_repr(): string {
    return `beta=${softplusRepr(this.beta)}, threshold=${softplusRepr(this.threshold)}`;
  }
}

/** nn.Softshrink(lambd = 0.5) */
export class Softshrink extends Module {
  declare lambd: number;
  constructor(...args: unknown[]) {
    super();
    [this.lambd] = binder("Softshrink", "lambd=0.5")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  extra_repr(): string {
    return floatRepr(this.lambd);
  }
}

/** nn.PReLU(num_parameters = 1, init = 0.25): a learnt slope per channel (or one for all). */
export class PReLU extends Module {
  declare num_parameters: number;
  declare init: number;
  declare weight: Parameter;
  constructor(...args: unknown[]) {
    const [num_parameters, initial, device, dtype] = binder("PReLU", "num_parameters=1, init=0.25, device=None, dtype=None")(args) as [number, number, never, never];
    super();
    this.num_parameters = num_parameters;
    this.init = initial;
    this.weight = new Parameter(empty([num_parameters], { device, dtype }));
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.constant_(this.weight, this.init);
  }
  forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

/** nn.Softsign() */
export class Softsign extends Module {
  forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** nn.Tanhshrink() */
export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

/** Softmin, Softmax and LogSoftmax: dim = None. */
abstract class _SoftmaxLike extends Module {
  declare dim: number | null;
  constructor(name: string, args: unknown[]) {
    super();
    [this.dim] = binder(name, "dim=None")(args) as [number | null];
  }
  extra_repr(): string {
    return `dim=${pyRepr(this.dim)}`;
  }
}

/** nn.Softmin(dim = None) */
export class Softmin extends _SoftmaxLike {
  constructor(...args: unknown[]) {
    super("Softmin", args);
  }
  forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim);
  }
}

/** nn.Softmax(dim = None) */
export class Softmax extends _SoftmaxLike {
  constructor(...args: unknown[]) {
    super("Softmax", args);
  }
  forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/** nn.Softmax2d(): softmax over the channels of (N, C, H, W) or (C, H, W). */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    checkTensor(input, "softmax", "input"); // PyTorch calls input.dim() first
    if (input.dim() !== 3 && input.dim() !== 4) {
      if (V2) throw new ValueError(`Softmax2d: expected input to be 3D or 4D, got ${input.dim()}D instead`);
      throw new AssertionError("Softmax2d requires a 3D or 4D tensor as input");
    }
    return F.softmax(input, -3);
  }
}

/** nn.LogSoftmax(dim = None) */
export class LogSoftmax extends _SoftmaxLike {
  constructor(...args: unknown[]) {
    super("LogSoftmax", args);
  }
  forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }
}

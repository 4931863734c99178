/** nn.Linear, nn.Bilinear and nn.Identity (torch/nn/modules/linear.py). */
import { empty } from "../../_generated/torch";
import { binder } from "../../_pydef";
import { pyRepr } from "../../_pyformat";
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { Module } from "./module";

// device=None and dtype=None as the factory functions' options.
const factoryOf = (device: unknown, dtype: unknown) => ({ device: (device ?? undefined) as never, dtype: (dtype ?? undefined) as never });

/**
 * nn.Linear(in_features, out_features, bias = True): y = x Wᵀ + b, with
 * PyTorch's initialisation (kaiming_uniform_ with a = √5, then the bias),
 * drawing from the random stream in the same order.
 * @example const h1 = new nn.Linear(28 * 28, 16);
 */
export class Linear extends Module {
  declare in_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(...args: unknown[]) {
    super();
    const [in_features, out_features, bias, device, dtype] = binder("Linear", "in_features, out_features, bias=True, device=None, dtype=None")(args) as [number, number, boolean, unknown, unknown];
    const factory = factoryOf(device, dtype);
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(empty([out_features, in_features], factory));
    if (bias) this.bias = new Parameter(empty([out_features], factory));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias ? "True" : "False"}`;
  }
}

/** nn.Bilinear(in1_features, in2_features, out_features, bias = True): y = x₁ᵀ A x₂ + b. */
export class Bilinear extends Module {
  declare in1_features: number;
  declare in2_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(...args: unknown[]) {
    super();
    const [in1, in2, out, bias, device, dtype] = binder("Bilinear", "in1_features, in2_features, out_features, bias=True, device=None, dtype=None")(args) as [number, number, number, boolean, unknown, unknown];
    const factory = factoryOf(device, dtype);
    Object.assign(this, { in1_features: in1, in2_features: in2, out_features: out });
    this.weight = new Parameter(empty([out, in1, in2], factory));
    if (bias) this.bias = new Parameter(empty([out], factory));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (torchAtLeast(2) && this.in1_features <= 0) throw new ValueError(`in1_features must be > 0, but got (in1_features=${this.in1_features})`);
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return (F.bilinear as (...a: unknown[]) => Tensor)(input1, input2, this.weight, this.bias);
  }

  extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyRepr(this.bias !== null)}`;
  }
}

/** nn.Identity(*args, **kwargs): returns its input (its arguments are ignored, as PyTorch ignores them). */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  forward(input: Tensor): Tensor {
    return input;
  }
}

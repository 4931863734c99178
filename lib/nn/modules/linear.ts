/** nn.Linear and nn.Identity (torch/nn/modules/linear.py). */
import { empty } from "../../_generated/torch";
import type { DeviceLike, Tensor } from "../../tensor";
import type { dtype } from "../../dtype";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { Module } from "./module";

type LinearOptions = { bias?: boolean; device?: DeviceLike; dtype?: dtype };

/**
 * nn.Linear(in_features, out_features, bias = true): y = x Wᵀ + b, with
 * PyTorch's initialisation (kaiming_uniform_ with a = √5, then the bias),
 * drawing from the random stream in the same order.
 * @example const h1 = new nn.Linear(28 * 28, 16);
 */
export class Linear extends Module {
  declare in_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(in_features: number | ({ in_features: number; out_features: number } & LinearOptions), out_features?: number, bias: boolean | LinearOptions = true) {
    super();
    if (typeof in_features === "object") ({ in_features, out_features, ...bias } = in_features as { in_features: number; out_features: number } & LinearOptions);
    const options: LinearOptions = typeof bias === "object" ? bias : { bias };
    const factory = { device: options.device, dtype: options.dtype };
    this.in_features = in_features;
    this.out_features = out_features!;
    this.weight = new Parameter(empty([out_features!, in_features], factory));
    if (options.bias ?? true) this.bias = new Parameter(empty([out_features!], factory));
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

/** nn.Identity(): returns its input. */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

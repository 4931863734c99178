/** torch/nn/modules/fold.py: Fold and Unfold (col2im and im2col). */
import { binder } from "../../_pydef";
import { pyRepr } from "../../_pyformat";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

/** nn.Fold(output_size, kernel_size, dilation = 1, padding = 0, stride = 1): sliding blocks back into a tensor. */
export class Fold extends Module {
  declare output_size: unknown;
  declare kernel_size: unknown;
  declare dilation: unknown;
  declare padding: unknown;
  declare stride: unknown;
  constructor(...args: unknown[]) {
    super();
    const [output_size, kernel_size, dilation, padding, stride] = binder("Fold", "output_size, kernel_size, dilation=1, padding=0, stride=1")(args);
    Object.assign(this, { output_size, kernel_size, dilation, padding, stride });
  }
  forward(input: Tensor): Tensor {
    return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  extra_repr(): string {
    return `output_size=${pyRepr(this.output_size)}, kernel_size=${pyRepr(this.kernel_size)}, dilation=${pyRepr(this.dilation)}, padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}

/** nn.Unfold(kernel_size, dilation = 1, padding = 0, stride = 1): sliding blocks as columns. */
export class Unfold extends Module {
  declare kernel_size: unknown;
  declare dilation: unknown;
  declare padding: unknown;
  declare stride: unknown;
  constructor(...args: unknown[]) {
    super();
    const [kernel_size, dilation, padding, stride] = binder("Unfold", "kernel_size, dilation=1, padding=0, stride=1")(args);
    Object.assign(this, { kernel_size, dilation, padding, stride });
  }
  forward(input: Tensor): Tensor {
    return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  extra_repr(): string {
    return `kernel_size=${pyRepr(this.kernel_size)}, dilation=${pyRepr(this.dilation)}, padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}

/** nn.Flatten and nn.Unflatten (torch/nn/modules/flatten.py). */
import { binder } from "../../_pydef";
import { pyRepr, pyTypeName } from "../../_pyformat";
import { TorchTypeError } from "../../errors";
import type { Tensor } from "../../tensor";
import { Module } from "./module";

/** nn.Flatten(start_dim = 1, end_dim = -1): flattens a batch's samples. */
export class Flatten extends Module {
  declare start_dim: number;
  declare end_dim: number;
  constructor(...args: unknown[]) {
    super();
    [this.start_dim, this.end_dim] = binder("Flatten", "start_dim=1, end_dim=-1")(args) as [number, number];
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

/** nn.Unflatten(dim, unflattened_size): dimension `dim` as the shape given (a list stands for Python's tuple). */
export class Unflatten extends Module {
  declare dim: number;
  declare unflattened_size: number[];
  constructor(...args: unknown[]) {
    super();
    const [dim, size] = binder("Unflatten", "dim, unflattened_size")(args) as [number, unknown];
    if (!Array.isArray(size)) throw new TorchTypeError(`unflattened_size must be a tuple of ints, but found type ${pyTypeName(size)}`);
    size.forEach((elem, idx) => {
      if (!Number.isInteger(elem)) throw new TorchTypeError(`unflattened_size must be tuple of ints, but found element of type ${pyTypeName(elem)} at pos ${idx}`);
    });
    this.dim = dim;
    this.unflattened_size = size as number[];
  }
  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattened_size);
  }
  extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${pyRepr(this.unflattened_size)}`;
  }
}

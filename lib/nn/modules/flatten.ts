/** nn.Flatten (torch/nn/modules/flatten.py). */
import type { Tensor } from "../../tensor";
import { Module } from "./module";

/** nn.Flatten(start_dim = 1, end_dim = -1): flattens a batch's samples. */
export class Flatten extends Module {
  declare start_dim: number;
  declare end_dim: number;
  constructor(start_dim: number | { start_dim?: number; end_dim?: number } = 1, end_dim = -1) {
    super();
    if (typeof start_dim === "object") ({ start_dim = 1, end_dim = -1 } = start_dim);
    this.start_dim = start_dim;
    this.end_dim = end_dim;
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

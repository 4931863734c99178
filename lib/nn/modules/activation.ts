/** nn.ReLU, nn.Softmax, nn.LogSoftmax (torch/nn/modules/activation.py). */
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

/** nn.ReLU(inplace = false) */
export class ReLU extends Module {
  declare inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = typeof inplace === "object" ? !!inplace.inplace : inplace;
  }
  forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

function dimOf(dim: number | null | { dim?: number | null } | undefined): number | null {
  return typeof dim === "object" && dim !== null ? (dim.dim ?? null) : (dim ?? null);
}

/** nn.Softmax(dim = null) */
export class Softmax extends Module {
  declare dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = dimOf(dim);
  }
  forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
  extra_repr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

/** nn.LogSoftmax(dim = null) */
export class LogSoftmax extends Module {
  declare dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = dimOf(dim);
  }
  forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }
  extra_repr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

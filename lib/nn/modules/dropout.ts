/** nn.Dropout (torch/nn/modules/dropout.py). */
import type { Tensor } from "../../tensor";
import { pyRepr } from "../../_pyformat";
import * as F from "../functional";
import { Module } from "./module";

/** nn.Dropout(p = 0.5, inplace = false): zeroes elements with probability p in training, scales the rest by 1/(1-p). */
export class Dropout extends Module {
  declare p: number;
  declare inplace: boolean;
  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, inplace: boolean | { inplace?: boolean } = false) {
    super();
    if (typeof p === "object") ({ p = 0.5, inplace = false } = p);
    if (typeof inplace === "object") inplace = inplace.inplace ?? false;
    F.checkDropoutP(p);
    this.p = p;
    this.inplace = inplace;
  }
  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
  extra_repr(): string {
    return `p=${pyRepr(this.p)}, inplace=${pyRepr(this.inplace)}`;
  }
}

/** Distances (torch/nn/modules/distance.py): PairwiseDistance, CosineSimilarity. */
import { binder } from "../../_pydef";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

type F2 = (x1: Tensor, x2: Tensor, ...args: unknown[]) => Tensor;

/** nn.PairwiseDistance(p = 2.0, eps = 1e-6, keepdim = False): kept as `norm`, as PyTorch does. */
export class PairwiseDistance extends Module {
  declare norm: number;
  declare eps: number;
  declare keepdim: boolean;
  constructor(...args: unknown[]) {
    super();
    [this.norm, this.eps, this.keepdim] = binder("PairwiseDistance", "p=2.0, eps=1e-06, keepdim=False")(args) as [number, number, boolean];
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return (F.pairwise_distance as F2)(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** nn.CosineSimilarity(dim = 1, eps = 1e-8) */
export class CosineSimilarity extends Module {
  declare dim: number;
  declare eps: number;
  constructor(...args: unknown[]) {
    super();
    [this.dim, this.eps] = binder("CosineSimilarity", "dim=1, eps=1e-08")(args) as [number, number];
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return (F.cosine_similarity as F2)(x1, x2, this.dim, this.eps);
  }
}

/** Dropout layers (torch/nn/modules/dropout.py). */
import type { Tensor } from "../../tensor";
import { pyRepr } from "../../_pyformat";
import * as F from "../functional";
import { Module } from "./module";

/** _DropoutNd(p = 0.5, inplace = False): the probability checked as PyTorch does. */
export abstract class _DropoutNd extends Module {
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
  extra_repr(): string {
    return `p=${pyRepr(this.p)}, inplace=${pyRepr(this.inplace)}`;
  }
}

/** nn.Dropout(p = 0.5, inplace = false): zeroes elements with probability p in training, scales the rest by 1/(1-p). */
export class Dropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout1d(p = 0.5, inplace = false): zeroes whole channels of (N, C, L) or (C, L) inputs. */
export class Dropout1d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout2d(p = 0.5, inplace = false): zeroes whole channels of (N, C, H, W) inputs. */
export class Dropout2d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
/** nn.Dropout3d(p = 0.5, inplace = false): zeroes whole channels of (N, C, D, H, W) inputs. */
export class Dropout3d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
/** nn.AlphaDropout(p = 0.5, inplace = false): dropout that keeps SELU's self-normalising mean and variance. */
export class AlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.alpha_dropout(input, this.p, this.training);
  }
}
/** nn.FeatureAlphaDropout(p = 0.5, inplace = false): alpha dropout of whole channels. */
export class FeatureAlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return F.feature_alpha_dropout(input, this.p, this.training);
  }
}

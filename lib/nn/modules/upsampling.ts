/** torch/nn/modules/upsampling.py: Upsample, UpsamplingNearest2d, UpsamplingBilinear2d. */
import { binder } from "../../_pydef";
import { floatRepr, pyRepr } from "../../_pyformat";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import { Module } from "./module";

const V2 = torchAtLeast(2);
const UPSAMPLE = "size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None";

/** nn.Upsample(size = None, scale_factor = None, mode = 'nearest', align_corners = None, recompute_scale_factor = None): F.interpolate as a module. */
export class Upsample extends Module {
  declare name: string;
  declare size: unknown;
  declare scale_factor: number | number[] | null;
  declare mode: string;
  declare align_corners: boolean | null;
  declare recompute_scale_factor: boolean | null;
  constructor(...args: unknown[]) {
    super();
    const [size, scale_factor, mode, align_corners, recompute_scale_factor] = binder(new.target.name, UPSAMPLE)(args);
    this.name = new.target.name;
    this.size = size;
    // A tuple of factors is kept as floats; a single one as a float, or None when falsy.
    this.scale_factor = Array.isArray(scale_factor) ? scale_factor.map(Number) : scale_factor ? Number(scale_factor) : null;
    Object.assign(this, { mode, align_corners, recompute_scale_factor });
  }
  forward(input: Tensor): Tensor {
    return F.interpolate(input, this.size, this.scale_factor, this.mode, this.align_corners, { recompute_scale_factor: this.recompute_scale_factor });
  }
  extra_repr(): string {
    const s = this.scale_factor;
    // 1.13 formats with str(), 2.x with repr(): mode=nearest, then mode='nearest'.
    const info = s !== null ? `scale_factor=${Array.isArray(s) ? `(${s.map(floatRepr).join(", ")}${s.length === 1 ? "," : ""})` : floatRepr(s)}` : `size=${pyRepr(this.size)}`;
    return `${info}, mode=${V2 ? pyRepr(this.mode) : this.mode}`;
  }
}

/** nn.UpsamplingNearest2d(size = None, scale_factor = None): Upsample with mode 'nearest'. */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: unknown[]) {
    const [size, scale_factor] = binder("UpsamplingNearest2d", "size=None, scale_factor=None")(args);
    super(size, scale_factor, { mode: "nearest" });
  }
}

/** nn.UpsamplingBilinear2d(size = None, scale_factor = None): Upsample with mode 'bilinear' and align_corners. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: unknown[]) {
    const [size, scale_factor] = binder("UpsamplingBilinear2d", "size=None, scale_factor=None")(args);
    super(size, scale_factor, { mode: "bilinear", align_corners: true });
  }
}

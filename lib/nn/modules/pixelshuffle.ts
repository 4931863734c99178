/** torch/nn/modules/pixelshuffle.py: PixelShuffle and PixelUnshuffle. */
import { binder } from "../../_pydef";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

/** nn.PixelShuffle(upscale_factor): (*, C·r², H, W) → (*, C, H·r, W·r). */
export class PixelShuffle extends Module {
  declare upscale_factor: number;
  constructor(...args: unknown[]) {
    super();
    [this.upscale_factor] = binder("PixelShuffle", "upscale_factor")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }
  extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

/** nn.PixelUnshuffle(downscale_factor): (*, C, H·r, W·r) → (*, C·r², H, W). */
export class PixelUnshuffle extends Module {
  declare downscale_factor: number;
  constructor(...args: unknown[]) {
    super();
    [this.downscale_factor] = binder("PixelUnshuffle", "downscale_factor")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.pixel_unshuffle(input, this.downscale_factor);
  }
  extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}

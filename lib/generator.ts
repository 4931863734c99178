/**
 * torch.Generator: a random stream of its own, for samplers, random_split
 * and any op taking `{ generator }`.
 * @example const g = new torch.Generator().manual_seed(42); torch.randperm(10, { generator: g });
 */
import type { DeviceLike } from "./device";
import { native } from "./native";
import type { Tensor } from "./tensor";

export class Generator {
  /** The native handle the addon reads. */
  readonly _handle: unknown;
  readonly device: string;
  constructor(device: DeviceLike | { device?: DeviceLike } = "cpu") {
    const d = typeof device === "object" && !("type" in device) ? (device.device ?? "cpu") : device;
    this.device = String(d);
    this._handle = native._generator_new(this.device);
  }
  /** Seeds the stream; returns the generator, as PyTorch's does. */
  manual_seed(seed: number | bigint): this {
    native._generator_manual_seed(this._handle, seed);
    return this;
  }
  initial_seed(): bigint {
    return native._generator_initial_seed(this._handle);
  }
  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): bigint {
    return native._generator_seed(this._handle);
  }
  get_state(): Tensor {
    return native._generator_get_state(this._handle);
  }
  set_state(state: Tensor): this {
    native._generator_set_state(this._handle, state);
    return this;
  }
}

/** torch.get_rng_state(): the default CPU generator's state (a uint8 tensor). */
export function get_rng_state(): Tensor {
  return native.get_rng_state();
}
/** torch.set_rng_state(state) */
export function set_rng_state(state: Tensor): void {
  native.set_rng_state(state);
}

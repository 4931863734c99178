/**
 * torch.device: `new torch.device("cuda:0")`, `torch.device("cpu")`,
 * `new torch.device("cuda", 1)`. Strings work wherever a device does.
 */
import { native } from "./native";

export class device {
  readonly type: string;
  readonly index: number | null;
  constructor(spec: string | device, index?: number) {
    if (spec instanceof device) {
      this.type = spec.type;
      this.index = spec.index;
      return;
    }
    if (typeof spec !== "string") throw new TypeError(`Expected a device string for device but received ${typeof spec}`);
    // Parsed by libtorch, so that bad strings fail with PyTorch's message.
    const parsed = native._parseDevice(index === undefined ? spec : `${spec}:${index}`) as [string, number];
    this.type = parsed[0];
    this.index = parsed[1] < 0 ? null : parsed[1];
    Object.freeze(this);
  }
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

export type DeviceLike = string | device | number;

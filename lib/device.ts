/**
 * torch.device: `new torch.device("cuda:0")`, `torch.device("cpu")`,
 * `new torch.device("cuda", 1)`. Strings work wherever a device does.
 */
import { native } from "./native";

class Device {
  readonly type: string;
  readonly index: number | null;
  constructor(spec: string | Device, index?: number) {
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

/**
 * torch.device: a class that Python calls without `new` (torch.device("cpu"));
 * both forms work here.
 */
export const device = new Proxy(Device, {
  apply: (target, _self, args: [string | Device, number?]) => new target(...args),
}) as typeof Device & ((spec: string | Device, index?: number) => Device);
export type device = Device;
export type DeviceLike = string | device | number;

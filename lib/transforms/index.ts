/**
 * torchnode/transforms: torchvision.transforms' Compose, ToTensor, Normalize
 * and Lambda, with torchvision's arithmetic. Images are uint8 tensors (H×W or
 * H×W×C, as a PIL image's array is) where torchvision takes PIL images.
 *
 * Element-wise transforms also have `applyToBatch`: the same arithmetic on a
 * whole N×H×W stack at once, bit-identical to applying it image by image, so
 * a dataset can serve a whole batch with one indexing op and one transform.
 */
import { Callable } from "../_callable";
import { tensor } from "../creation";
import { float32, get_default_dtype, uint8, type dtype } from "../dtype";
import type { device } from "../device";
import { expected, ValueError } from "../errors";
import { untracked } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { floatRepr, pyTypeName } from "../_pyformat";

type StorageTensor = Tensor & { _storage_key(): string };

/** ToTensor's divisor: uint8 pixels to [0, 1]. */
const TO_TENSOR_SCALE = 255;

export abstract class Transform<I = unknown, O = unknown> extends Callable<[I], O> {
  /**
   * The same transform on a stack of images (first dim N), when it is
   * element-wise; else undefined. `owned`: the caller hands `images` over (a
   * temporary nothing else holds), so the transform may work in place.
   */
  applyToBatch?(images: Tensor, owned?: boolean): Tensor;
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** Compose(transforms): applies each in turn. */
export class Compose extends Transform {
  // (x: never) => unknown: any one-argument function, whatever it takes.
  constructor(readonly transforms: ((x: never) => unknown)[]) {
    super();
    if (!Array.isArray(transforms)) throw expected("an array of transforms", "transforms", transforms);
    transforms.forEach((t, i) => {
      if (typeof t !== "function") throw expected("a callable", `transforms[${i}]`, t);
    });
    const batched = transforms.every((t) => t instanceof Transform && t.applyToBatch);
    if (batched) {
      const steps = transforms as Transform[];
      // What a step made (not a view of the caller's images) is the chain's own: the next step may work in place.
      this.applyToBatch = (x: Tensor, owned = false) => {
        const given = owned ? null : (x as StorageTensor)._storage_key();
        let acc = x;
        for (let i = 0; i < steps.length; i++) {
          const next = steps[i + 1];
          const fused = isPlain(steps[i], ToTensor) && isPlain(next, Normalize) ? (next as Normalize).afterToTensor(acc) : null;
          if (fused) {
            acc = fused;
            i++;
          } else {
            acc = steps[i].applyToBatch!(acc, owned || (acc as StorageTensor)._storage_key() !== given);
          }
        }
        return acc;
      };
    }
  }
  __call__(img: unknown): unknown {
    return this.transforms.reduce((acc, t) => (t as (x: unknown) => unknown)(acc), img);
  }
  toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join("\n")}\n)`;
  }
}

/**
 * ToTensor(): a uint8 image (H×W or H×W×C) to a float C×H×W tensor in [0, 1]
 * (u8 / 255 in the default float dtype, as torchvision computes it). A float
 * tensor is returned as is.
 */
export class ToTensor extends Transform<Tensor, Tensor> {
  __call__(pic: Tensor): Tensor {
    if (!(pic instanceof Tensor)) throw new TypeError(`pic should be a uint8 Tensor (H x W or H x W x C). Got ${typeof pic}`);
    if (pic.dim() !== 2 && pic.dim() !== 3) throw new ValueError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
    const chw = pic.dim() === 2 ? pic.unsqueeze(0) : pic.permute(2, 0, 1).contiguous();
    return chw.dtype === uint8 ? chw.to(get_default_dtype()).div(TO_TENSOR_SCALE) : chw;
  }
  applyToBatch(images: Tensor): Tensor {
    if (images.dim() !== 3 || images.dtype !== uint8) throw new ValueError("ToTensor.applyToBatch expects N x H x W uint8 images");
    // to() made a new tensor, so dividing it in place is safe (and saves a 188 MB pass for MNIST).
    return images.unsqueeze(1).to(get_default_dtype()).div_(TO_TENSOR_SCALE);
  }
}

/** Normalize(mean, std, inplace = false): (x - mean) / std per channel, in the tensor's dtype. */
export class Normalize extends Transform<Tensor, Tensor> {
  readonly mean: number[];
  readonly std: number[];
  constructor(mean: number[] | number, std: number[] | number, readonly inplace = false) {
    super();
    // Frozen copies: the tensors made from them are cached.
    this.mean = Object.freeze(Array.isArray(mean) ? [...mean] : [mean]) as number[];
    this.std = Object.freeze(Array.isArray(std) ? [...std] : [std]) as number[];
  }
  // mean and std as C×1×1 tensors, made once per dtype and device (a batch loader asks for them every batch).
  private readonly statsCache = new Map<string, [Tensor, Tensor]>();
  private stats(x: Tensor): [Tensor, Tensor] {
    if (!x.is_floating_point()) throw new TypeError(`Input tensor should be a float tensor. Got ${x.dtype}.`);
    return this.statsIn(x.dtype, x.device);
  }
  private statsIn(dtype: dtype, device: device): [Tensor, Tensor] {
    const key = `${dtype}/${device}`;
    const cached = this.statsCache.get(key);
    if (cached) return cached;
    const mean = tensor(this.mean, { dtype, device });
    const std = tensor(this.std, { dtype, device });
    if (std.eq(0).any().item()) throw new ValueError(`std evaluated to zero after conversion to ${dtype}, leading to division by zero.`);
    const stats: [Tensor, Tensor] = [untracked(mean.view(-1, 1, 1)), untracked(std.view(-1, 1, 1))];
    this.statsCache.set(key, stats);
    return stats;
  }
  private check(x: Tensor): void {
    // torchvision's F.normalize check and wording.
    if (!(x instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${pyTypeName(x)}`);
    if (x.dim() < 3) throw new ValueError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${x.shape}`);
  }
  __call__(x: Tensor): Tensor {
    this.check(x);
    const [mean, std] = this.stats(x);
    return (this.inplace ? x : x.clone()).sub_(mean).div_(std);
  }
  /**
   * ToTensor().applyToBatch(images) then this, in one native pass over N×H×W
   * uint8 images, where that gives the same numbers: one channel, float32 (the
   * default dtype), on the CPU. Else null, and the two steps run one by one.
   */
  afterToTensor(images: Tensor): Tensor | null {
    if (!native._to_tensor_normalize || this.mean.length !== 1 || this.std.length !== 1) return null;
    if (images.dtype !== uint8 || images.dim() !== 3 || images.device.type !== "cpu" || get_default_dtype() !== float32) return null;
    this.statsIn(float32, images.device); // the step-by-step path's check of std (and its cache)
    return native._to_tensor_normalize(images, TO_TENSOR_SCALE, this.mean[0], this.std[0]) as Tensor;
  }
  applyToBatch(images: Tensor, owned = false): Tensor {
    if (this.inplace) return this.__call__(images);
    // The same arithmetic as __call__, without its copy: sub makes the new tensor, or works in place on one handed over.
    this.check(images);
    const [mean, std] = this.stats(images);
    return (owned ? images.sub_(mean) : images.sub(mean)).div_(std);
  }
  toString(): string {
    return `Normalize(mean=${pyList(this.mean)}, std=${pyList(this.std)})`;
  }
}

/** t is a C whose batch arithmetic is C's own (a subclass may change it: then no fused pass). */
function isPlain(t: unknown, C: typeof ToTensor | typeof Normalize): boolean {
  return t instanceof C && t.applyToBatch === C.prototype.applyToBatch && t.__call__ === C.prototype.__call__;
}

function pyList(values: number[]): string {
  return `(${values.map(floatRepr).join(", ")}${values.length === 1 ? "," : ""})`;
}

/** Lambda(fn): any function as a transform (no batch fast path: fn may not be element-wise). */
export class Lambda<I = unknown, O = unknown> extends Transform<I, O> {
  constructor(readonly lambd: (x: I) => O) {
    super();
    if (typeof lambd !== "function") throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  __call__(x: I): O {
    return this.lambd(x);
  }
  toString(): string {
    return "Lambda()";
  }
}


/**
 * torch.finfo and torch.iinfo: the limits of a dtype, derived from its
 * format (sign, exponent and mantissa bits; two's complement ints) as
 * PyTorch reports them (c10's numeric_limits).
 */
import { dtype } from "./dtype";
import { TorchTypeError } from "./errors";

// [exponent bits, mantissa bits] of the floating formats.
const FLOATS: Record<string, [number, number]> = { float16: [5, 10], bfloat16: [8, 7], float32: [8, 23], float64: [11, 52] };
const INTS: Record<string, [bits: number, signed: boolean]> = { uint8: [8, false], int8: [8, true], int16: [16, true], int32: [32, true], int64: [64, true] };

/** torch.finfo(dtype): machine limits of a floating point dtype. */
export class finfo {
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallest_normal: number;
  readonly resolution: number;
  readonly dtype: string;
  constructor(type: dtype) {
    const format = type instanceof dtype ? FLOATS[type.name] : undefined;
    if (!format) throw new TorchTypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    const [e, m] = format;
    const bias = 2 ** (e - 1) - 1;
    this.bits = 1 + e + m;
    this.eps = 2 ** -m;
    this.max = (2 - 2 ** -m) * 2 ** bias;
    this.min = -this.max;
    this.tiny = this.smallest_normal = 2 ** (1 - bias);
    this.resolution = 10 ** -Math.floor(m * Math.log10(2));
    this.dtype = type.name;
  }
}

/** torch.iinfo(dtype): the limits of an integer dtype (int64's as bigints, since JS numbers cannot hold them). */
export class iinfo {
  readonly bits: number;
  readonly max: number | bigint;
  readonly min: number | bigint;
  readonly dtype: string;
  constructor(type: dtype) {
    const format = type instanceof dtype ? INTS[type.name] : undefined;
    if (!format) throw new TorchTypeError(`${String(type)} is not supported by torch.iinfo`);
    const [bits, signed] = format;
    const max = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
    const min = signed ? -(2n ** BigInt(bits - 1)) : 0n;
    this.bits = bits;
    this.max = bits < 64 ? Number(max) : max;
    this.min = bits < 64 ? Number(min) : min;
    this.dtype = type.name;
  }
}

/** Python's math constants, as torch re-exports them. */
export const e = Math.E;
export const pi = Math.PI;
export const inf = Infinity;
export const nan = NaN;

/**
 * torch.dtype: `torch.float32`, `torch.int64`, ... Each carries ATen's
 * ScalarType code, which the addon reads.
 */
import { native } from "./native";
export class dtype {
  constructor(
    readonly name: string,
    readonly code: number,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    readonly is_complex: boolean,
    readonly is_signed: boolean,
    /** The first PyTorch that has it, for dtypes newer than 1.13 (the addon names it when its libtorch lacks the dtype). */
    readonly since?: string,
  ) {
    Object.freeze(this);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export const uint8 = new dtype("uint8", 0, 1, false, false, false);
export const int8 = new dtype("int8", 1, 1, false, false, true);
export const int16 = new dtype("int16", 2, 2, false, false, true);
export const int32 = new dtype("int32", 3, 4, false, false, true);
export const int64 = new dtype("int64", 4, 8, false, false, true);
export const float16 = new dtype("float16", 5, 2, true, false, true);
export const float32 = new dtype("float32", 6, 4, true, false, true);
export const float64 = new dtype("float64", 7, 8, true, false, true);
export const complex64 = new dtype("complex64", 9, 8, false, true, true);
export const complex128 = new dtype("complex128", 10, 16, false, true, true);
export const bool = new dtype("bool", 11, 1, false, false, false);
export const bfloat16 = new dtype("bfloat16", 15, 2, true, false, true);
export const complex32 = new dtype("complex32", 8, 4, false, true, true);
// PyTorch 2.x's: ATen's ScalarType codes only grow, so a libtorch has these
// where its code range reaches them.
export const float8_e5m2 = new dtype("float8_e5m2", 23, 1, true, false, true, "2.1");
export const float8_e4m3fn = new dtype("float8_e4m3fn", 24, 1, true, false, true, "2.1");
export const float8_e5m2fnuz = new dtype("float8_e5m2fnuz", 25, 1, true, false, true, "2.2");
export const float8_e4m3fnuz = new dtype("float8_e4m3fnuz", 26, 1, true, false, true, "2.2");
export const uint16 = new dtype("uint16", 27, 2, false, false, false, "2.3");
export const uint32 = new dtype("uint32", 28, 4, false, false, false, "2.3");
export const uint64 = new dtype("uint64", 29, 8, false, false, false, "2.3");
export const float8_e8m0fnu = new dtype("float8_e8m0fnu", 44, 1, true, false, false, "2.7");
export const float4_e2m1fn_x2 = new dtype("float4_e2m1fn_x2", 45, 1, true, false, true, "2.8");

// PyTorch's aliases.
export const half = float16;
export const float = float32;
export const double = float64;
export const short = int16;
export const int = int32;
export const long = int64;
export const cfloat = complex64;
export const cdouble = complex128;
export const chalf = complex32;

const byCode: dtype[] = [];
/** Every dtype torchnode knows, whether or not the libtorch here has it. */
export const ALL: readonly dtype[] = [
  uint8, int8, int16, int32, int64, float16, float32, float64, complex32, complex64, complex128, bool, bfloat16,
  float8_e5m2, float8_e4m3fn, float8_e5m2fnuz, float8_e4m3fnuz, uint16, uint32, uint64, float8_e8m0fnu, float4_e2m1fn_x2,
];
for (const d of ALL) byCode[d.code] = d;

/** The dtype with ATen ScalarType code `code`. */
export function fromCode(code: number): dtype {
  const d = byCode[code];
  if (!d) throw new Error(`torchnode: no dtype for ScalarType code ${code}`);
  return d;
}

let defaultDtype = float32;
/** torch.get_default_dtype() */
export function get_default_dtype(): dtype {
  return defaultDtype;
}
/** torch.set_default_dtype(d): only float32 and float64, as in PyTorch. */
export function set_default_dtype(d: dtype): void {
  if (d !== float32 && d !== float64) {
    throw new TypeError("only floating-point types are supported as the default type");
  }
  defaultDtype = d;
  // ATen's own default too: the generated factories (zeros, rand…) read it, as Python's do.
  native._set_default_dtype(d.code);
}

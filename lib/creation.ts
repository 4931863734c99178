/**
 * Making tensors: torch.tensor from JS data, and the factory functions, with
 * PyTorch's argument forms (`zeros(2, 3)`, `zeros([2, 3], { dtype })`).
 * JS numbers are floats (the default dtype), bigints are int64, booleans are
 * bool, and a TypedArray keeps its own type; an explicit `dtype` wins.
 */
import type { DeviceLike } from "./device";
import type { Generator } from "./generator";
import { bool, dtype, float32, float64, get_default_dtype, int16, int32, int64, int8, uint8 } from "./dtype";
import { ValueError, expected } from "./errors";
import { native } from "./native";
import { Tensor, type Scalar, type Shape } from "./tensor";

export type TensorOptions = { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean; generator?: Generator | null };
type Nested = Scalar | Nested[] | readonly Nested[];
export type TensorData = Nested | ArrayBufferView | Tensor;

function finish(t: Tensor, options?: TensorOptions): Tensor {
  if (options?.requires_grad) t.requires_grad_(true);
  return t;
}

function nativeOptions(options: TensorOptions | undefined): { dtype?: dtype; device?: string; generator?: Generator | null } | undefined {
  if (!options) return undefined;
  if (typeof options !== "object") throw expected("options object", "options", options);
  return { dtype: options.dtype, device: options.device === undefined ? undefined : String(options.device), generator: options.generator };
}

const typedArrayDtypes = new Map<unknown, dtype>([
  [Float32Array, float32], [Float64Array, float64], [BigInt64Array, int64], [Int32Array, int32],
  [Int16Array, int16], [Int8Array, int8], [Uint8Array, uint8], [Uint8ClampedArray, uint8],
]);

// Kinds of JS element, in PyTorch's promotion order.
const BOOL = 0, INT = 1, FLOAT = 2;

function inferShape(data: Nested, shape: number[], dim: number): void {
  if (!Array.isArray(data)) return;
  shape[dim] = data.length;
  if (data.length > 0) inferShape(data[0], shape, dim + 1);
}

function flatten(data: Nested, shape: number[], dim: number, out: Nested[], kind: { k: number }): void {
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new ValueError(`expected a scalar at dim ${dim} but got a sequence`);
    if (typeof data === "number") kind.k = FLOAT;
    else if (typeof data === "bigint") kind.k = Math.max(kind.k, INT);
    else if (typeof data !== "boolean") throw new TypeError(`Could not infer dtype of ${typeof data}`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    const got = Array.isArray(data) ? data.length : "a scalar";
    throw new ValueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${got})`);
  }
  for (const item of data) flatten(item, shape, dim + 1, out, kind);
}

/**
 * torch.tensor(data, { dtype, device, requires_grad }): a new tensor holding a
 * copy of `data` (nested arrays, a scalar, a TypedArray or a Tensor).
 * @example torch.tensor([[1, 2], [3, 4]]) // float32
 * @example torch.tensor([1n, 2n])          // int64
 */
export function tensor(data: TensorData, options?: TensorOptions): Tensor {
  const o = nativeOptions(options);
  if (data instanceof Tensor) {
    const t = data.detach().to({ dtype: o?.dtype ?? data.dtype, device: o?.device ?? data.device, copy: true });
    return finish(t, options);
  }
  if (ArrayBuffer.isView(data)) {
    if (!typedArrayDtypes.has(data.constructor)) throw expected("a supported TypedArray", "data", data);
    return finish(native._fromTypedArray(data, [(data as Uint8Array).length], o), options);
  }
  const shape: number[] = [];
  inferShape(data as Nested, shape, 0);
  const flat: Nested[] = [];
  const kind = { k: BOOL };
  flatten(data as Nested, shape, 0, flat, kind);
  if (flat.length === 0) kind.k = FLOAT;
  let buffer: ArrayBufferView;
  let asBool = false;
  if (kind.k === FLOAT) {
    buffer = Float64Array.from(flat as Scalar[], (v) => Number(v));
    if (!o?.dtype) return finish(native._fromTypedArray(buffer, shape, { ...o, dtype: get_default_dtype() }), options);
  } else if (kind.k === INT) {
    buffer = BigInt64Array.from(flat as Scalar[], (v) => BigInt(v));
  } else {
    buffer = Uint8Array.from(flat as boolean[], (v) => (v ? 1 : 0));
    asBool = true;
  }
  return finish(native._fromTypedArray(buffer, shape, o, asBool), options);
}

/** torch.as_tensor(data, options): `data` itself when it already fits, else torch.tensor(data). */
export function as_tensor(data: TensorData, options?: TensorOptions): Tensor {
  if (data instanceof Tensor) {
    if (!options) return data;
    return data.to({ dtype: options.dtype ?? data.dtype, device: options.device ?? data.device });
  }
  return tensor(data, options);
}

/** Splits PyTorch's size forms: (2, 3), ([2, 3]), (2, 3, opts), ([2, 3], opts). */
function sizeArgs(args: unknown[], fn: string): [number[], TensorOptions | undefined] {
  let options: TensorOptions | undefined;
  let sizes = args;
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && !Array.isArray(last)) {
    options = last as TensorOptions;
    sizes = args.slice(0, -1);
    // torch.zeros(size=(2, 3)) is torch.zeros({ size: [2, 3] }).
    const { size, ...rest } = options as TensorOptions & { size?: number[] };
    if (size !== undefined && sizes.length === 0) [sizes, options] = [[size], rest];
  }
  const shape = sizes.length === 1 && Array.isArray(sizes[0]) ? (sizes[0] as unknown[]) : sizes;
  for (const s of shape) {
    if (typeof s !== "number" || !Number.isInteger(s)) {
      throw new TypeError(`${fn}(): argument 'size' must be a sequence of integers, but found ${typeof s === "number" ? s : typeof s}`);
    }
  }
  return [shape as number[], options];
}

type SizeArgs = (number | Shape | TensorOptions)[];

/** torch.zeros(...size, { dtype, device, requires_grad }) */
export function zeros(...args: SizeArgs): Tensor {
  const [shape, options] = sizeArgs(args, "zeros");
  return finish(native._zeros(shape, nativeOptions(withDefault(options))), options);
}
/** torch.ones(...size, options) */
export function ones(...args: SizeArgs): Tensor {
  const [shape, options] = sizeArgs(args, "ones");
  return finish(native._ones(shape, nativeOptions(withDefault(options))), options);
}
/** torch.empty(...size, options): uninitialised memory. */
export function empty(...args: SizeArgs): Tensor {
  const [shape, options] = sizeArgs(args, "empty");
  return finish(native._empty(shape, nativeOptions(withDefault(options))), options);
}
/** torch.rand(...size, options): uniform on [0, 1). */
export function rand(...args: SizeArgs): Tensor {
  const [shape, options] = sizeArgs(args, "rand");
  return finish(native._rand(shape, nativeOptions(withDefault(options))), options);
}
/** torch.randn(...size, options): standard normal. */
export function randn(...args: SizeArgs): Tensor {
  const [shape, options] = sizeArgs(args, "randn");
  return finish(native._randn(shape, nativeOptions(withDefault(options))), options);
}

function withDefault(options: TensorOptions | undefined): TensorOptions | undefined {
  // Native code takes no options as float32 on the CPU: nothing to read there (~0.6 µs of a zeros(1)).
  if (options === undefined && get_default_dtype() === float32) return undefined;
  return { ...options, dtype: options?.dtype ?? get_default_dtype() };
}

function scalarDtype(value: Scalar): dtype {
  if (typeof value === "boolean") return bool;
  if (typeof value === "bigint") return int64;
  return get_default_dtype();
}

/** torch.full(size, fill_value, options): a bigint fill makes int64, a boolean bool, a number the default dtype. */
export function full(size: Shape | (TensorOptions & { size: Shape; fill_value: Scalar }), fill_value?: Scalar, options?: TensorOptions): Tensor {
  if (!Array.isArray(size)) ({ size, fill_value, ...options } = size as TensorOptions & { size: Shape; fill_value: Scalar });
  if (fill_value === undefined) throw new TypeError("full() missing required argument 'fill_value'");
  const [shape] = sizeArgs([size], "full");
  return finish(native._full(shape, fill_value, nativeOptions(options), scalarDtype(fill_value)), options);
}

/**
 * torch.arange(end) / arange(start, end, step = 1), options last.
 * Integer-valued arguments give int64, as Python ints do; any fraction gives the default dtype.
 */
export function arange(...args: (Scalar | TensorOptions)[]): Tensor {
  let options: TensorOptions | undefined;
  if (typeof args[args.length - 1] === "object") options = args.pop() as TensorOptions;
  const nums = args as (number | bigint)[];
  if (nums.length < 1 || nums.length > 3) throw new TypeError("arange() takes 1 to 3 positional arguments (end | start, end[, step])");
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  const integral = [start, end, step].every((v) => typeof v === "bigint" || Number.isInteger(v));
  const dflt = integral ? int64 : get_default_dtype();
  return finish(native._arange(start, end, step, nativeOptions(options), dflt), options);
}

/** torch.linspace(start, end, steps, options) */
export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  return finish(native._linspace(start, end, steps, nativeOptions(withDefault(options))), options);
}

/** torch.randint(high, size) or randint(low, high, size), options last: int64 by default. */
export function randint(...args: (number | Shape | TensorOptions)[]): Tensor {
  let options: TensorOptions | undefined;
  const last = args[args.length - 1];
  if (typeof last === "object" && !Array.isArray(last)) options = args.pop() as TensorOptions;
  let low = 0, high: number, size: Shape;
  const kw = options as (TensorOptions & { size?: Shape; low?: number; high?: number }) | undefined;
  if (kw?.size !== undefined) {
    const { size: s, low: l, high: h, ...rest } = kw;
    options = rest;
    if (l !== undefined) args.unshift(l);
    if (h !== undefined) args.push(h);
    args.push(s);
  }
  if (args.length === 2) [high, size] = args as [number, Shape];
  else if (args.length === 3) [low, high, size] = args as [number, number, Shape];
  else throw new TypeError("randint() takes (high, size) or (low, high, size)");
  if (!Array.isArray(size)) throw expected("a sequence of integers", "size", size);
  return finish(native._randint(low, high, size, nativeOptions(options)), options);
}

/** torch.randperm(n, options): a random permutation of 0..n-1 (int64). */
export function randperm(n: number, options?: TensorOptions): Tensor {
  return finish(native._randperm(n, nativeOptions(options)), options);
}

/** torch.zeros_like(input, options) */
export function zeros_like(input: Tensor, options?: TensorOptions): Tensor {
  return finish(native._zeros_like(input, nativeOptions(options)), options);
}
/** torch.ones_like(input, options) */
export function ones_like(input: Tensor, options?: TensorOptions): Tensor {
  return finish(native._ones_like(input, nativeOptions(options)), options);
}
/** torch.empty_like(input, options) */
export function empty_like(input: Tensor, options?: TensorOptions): Tensor {
  return finish(native._empty_like(input, nativeOptions(options)), options);
}
/** torch.full_like(input, fill_value, options) */
export function full_like(input: Tensor, fill_value: Scalar, options?: TensorOptions): Tensor {
  return finish(native._full_like(input, nativeOptions(options), fill_value), options);
}
/** torch.rand_like(input, options) */
export function rand_like(input: Tensor, options?: TensorOptions): Tensor {
  return finish(native._rand_like(input, nativeOptions(options)), options);
}
/** torch.randn_like(input, options) */
export function randn_like(input: Tensor, options?: TensorOptions): Tensor {
  return finish(native._randn_like(input, nativeOptions(options)), options);
}
/** torch.randint_like(input, low = 0, high, options) */
export function randint_like(input: Tensor, low: number, high?: number | TensorOptions, options?: TensorOptions): Tensor {
  if (typeof high !== "number") [options, high, low] = [high, low, 0];
  return finish(native._randint_like(input, nativeOptions(options), low, high), options);
}

/** torch.eye(n, m = n, options): ones on the diagonal. */
export function eye(n: number, m?: number | TensorOptions, options?: TensorOptions): Tensor {
  if (typeof m === "object") [options, m] = [m, undefined];
  return finish(native._eye(n, m, nativeOptions(withDefault(options))), options);
}

/**
 * torch.frombuffer(buffer, { dtype, count = -1, offset = 0 }): a 1-D tensor
 * over the buffer's own memory (no copy), as Python's torch.frombuffer. The
 * buffer stays alive while the tensor does; do not transfer or detach it
 * meanwhile (its memory would go away under the tensor).
 */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, options: { dtype: dtype; count?: number; offset?: number; requires_grad?: boolean }): Tensor {
  if (!options || !(options.dtype instanceof dtype)) throw expected("{ dtype }", "options", options);
  return finish(native._frombuffer(buffer, options.dtype, options.count ?? -1, options.offset ?? 0), options);
}

/**
 * Tensors from JS values: torch.tensor and as_tensor (JS numbers are floats
 * of the default dtype, bigints int64, booleans bool, a TypedArray keeps its
 * type; an explicit `dtype` wins), frombuffer, and torch.full / full_like,
 * whose dtype follows the same rule for the fill value. The other factories
 * (zeros, arange, rand…) are generated bindings, with ATen's own inference.
 */
import type { DeviceLike } from "./device";
import type { Generator } from "./generator";
import { bool, dtype, float32, float64, get_default_dtype, int16, int32, int64, int8, uint8 } from "./dtype";
import { TorchTypeError, ValueError, expected } from "./errors";
import { bindArgs } from "./_pydef";
import { native } from "./native";
import { pyTypeName } from "./_pyformat";
import { Tensor, type Scalar, type Shape } from "./tensor";

export type TensorOptions = { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean; generator?: Generator | null };
type Nested = Scalar | Nested[] | readonly Nested[];
export type TensorData = Nested | ArrayBufferView | Tensor;

function finish(t: Tensor, options?: TensorOptions): Tensor {
  if (options?.requires_grad) t.requires_grad_(true);
  return t;
}

// Keywords the factories below take; any other is refused in Python's words (bindArgs), none ignored.
const TENSOR_KEYWORDS = ["dtype", "device", "requires_grad"];

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
  bindArgs("tensor", ["data"], 0, [data, options], TENSOR_KEYWORDS);
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
  bindArgs("as_tensor", ["data"], 0, [data, options], ["dtype", "device"]);
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

function scalarDtype(value: Scalar): dtype {
  if (typeof value === "boolean") return bool;
  if (typeof value === "bigint") return int64;
  return get_default_dtype();
}

/** torch.full(size, fill_value, options): a bigint fill makes int64, a boolean bool, a number the default dtype. */
export function full(size: Shape | (TensorOptions & { size: Shape; fill_value: Scalar }), fill_value?: Scalar, options?: TensorOptions): Tensor {
  // PyTorch 2's words (python_arg_parser: missing_args, and the type of `size`).
  if (size === undefined) throw new TorchTypeError(`full() missing 2 required positional argument: "size", "fill_value"`);
  if (typeof size !== "object" || size === null) throw new TorchTypeError(`full(): argument 'size' (position 1) must be tuple of ints, not ${pyTypeName(size)}`);
  if (!Array.isArray(size)) ({ size, fill_value, ...options } = size as TensorOptions & { size: Shape; fill_value: Scalar });
  bindArgs("full", ["size", "fill_value"], 0, [size, fill_value, options], TENSOR_KEYWORDS);
  if (fill_value === undefined) throw new TorchTypeError(`full() missing 1 required positional arguments: "fill_value"`);
  const [shape] = sizeArgs([size], "full");
  return finish(native._full(shape, fill_value, nativeOptions(options), scalarDtype(fill_value)), options);
}

/** torch.full_like(input, fill_value, options) */
export function full_like(input: Tensor, fill_value: Scalar, options?: TensorOptions): Tensor {
  bindArgs("full_like", ["input", "fill_value"], 0, [input, fill_value, options], TENSOR_KEYWORDS);
  return finish(native._full_like(input, nativeOptions(options), fill_value), options);
}
/**
 * torch.frombuffer(buffer, { dtype, count = -1, offset = 0 }): a 1-D tensor
 * over the buffer's own memory (no copy), as Python's torch.frombuffer. The
 * buffer stays alive while the tensor does; do not transfer or detach it
 * meanwhile (its memory would go away under the tensor).
 */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, options: { dtype: dtype; count?: number; offset?: number; requires_grad?: boolean }): Tensor {
  if (!options || !(options.dtype instanceof dtype)) throw expected("{ dtype }", "options", options);
  bindArgs("frombuffer", ["buffer"], 0, [buffer, options], ["dtype", "count", "offset", "requires_grad"]);
  return finish(native._frombuffer(buffer, options.dtype, options.count ?? -1, options.offset ?? 0), options);
}

/**
 * torch.Tensor. The class is lib/native.ts's: an object holding its native
 * tensor's handle, with the addon's native methods on its prototype (each
 * behind one guard, no other JS layer on the hot path); the ones below add
 * what reads best in TypeScript (shape as torch.Size, dtype and device
 * objects, tolist, printing, disposal).
 */
import { device } from "./device";
import { dtype, fromCode, bool, float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8 } from "./dtype";
import { IndexError, RuntimeError, TorchTypeError } from "./errors";
import { memory_format, strided, type layout } from "./layout";
import { pyTypeName, pyFormat } from "./_pyformat";
import { native } from "./native";
import { Size } from "./size";
import { tensorRepr } from "./tensor_str";
import type { GeneratedTensorMethods } from "./_generated/tensor_methods";

export type Scalar = number | bigint | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type DeviceLike = string | device | number;
/** An int list argument: an array of numbers or a torch.Size. */
export type IntList = number[] | readonly number[];
export type Shape = number[] | readonly number[];
type Reduce = { dim?: number | number[]; keepdim?: boolean; dtype?: dtype };
/** isclose / allclose keywords. */
export type CloseOptions = { rtol?: number; atol?: number; equal_nan?: boolean };
/** One subscript of `index`: number, null (None), "..." , ":" / "1:5:2", a slice object, or a Tensor. */
export type IndexItem = number | null | string | boolean | Tensor | { start?: number | null; stop?: number | null; step?: number | null };

/** The autograd node that made a tensor (`t.grad_fn.name()`). */
export interface GradFn {
  name(): string;
}

export interface Tensor extends GeneratedTensorMethods {
  // ---- metadata ----
  readonly shape: Size;
  readonly dtype: dtype;
  readonly device: device;
  readonly ndim: number;
  readonly is_cuda: boolean;
  readonly is_leaf: boolean;
  readonly grad_fn: GradFn | null;
  readonly data: Tensor;
  readonly T: Tensor;
  readonly mT: Tensor;
  /** The conjugate transpose of the last two dimensions (mT for real dtypes). */
  readonly mH: Tensor;
  /** The conjugate transpose of a matrix (T for real dtypes). */
  readonly H: Tensor;
  /** The tensor itself for real dtypes (its real part). */
  readonly real: Tensor;
  readonly is_cpu: boolean;
  /** torch.strided: torchnode's tensors are dense. */
  readonly layout: layout;
  /** Bytes per element (element_size()). */
  readonly itemsize: number;
  /** Bytes of the elements (numel() * itemsize). */
  readonly nbytes: number;
  requires_grad: boolean;
  grad: Tensor | null;
  readonly retains_grad: boolean;
  size(): Size;
  size(dim: number): number;
  dim(): number;
  ndimension(): number;
  numel(): number;
  nelement(): number;
  stride(): number[];
  stride(dim: number): number;
  storage_offset(): number;
  element_size(): number;
  /** Whether the strides are those of `memory_format` (row-major by default; channels_last…). */
  is_contiguous(options?: { memory_format?: memory_format }): boolean;
  is_floating_point(): boolean;

  // ---- conversion ----
  to(dtype: dtype, options?: { non_blocking?: boolean; copy?: boolean }): Tensor;
  to(device: DeviceLike, dtype?: dtype, options?: { non_blocking?: boolean; copy?: boolean }): Tensor;
  to(other: Tensor, options?: { non_blocking?: boolean; copy?: boolean }): Tensor;
  to(options: { dtype?: dtype; device?: DeviceLike; non_blocking?: boolean; copy?: boolean }): Tensor;
  cpu(): Tensor;
  cuda(device?: DeviceLike): Tensor;
  float(): Tensor;
  double(): Tensor;
  half(): Tensor;
  bfloat16(): Tensor;
  long(): Tensor;
  int(): Tensor;
  short(): Tensor;
  char(): Tensor;
  byte(): Tensor;
  bool(): Tensor;
  type_as(other: Tensor): Tensor;
  /** t.type(dtype): the tensor converted to dtype; t.type(): its type name ("torch.FloatTensor"). */
  type(dtype: dtype): Tensor;
  type(): string;
  detach(): Tensor;
  detach_(): Tensor;
  copy_(src: Tensor, options?: { non_blocking?: boolean }): Tensor;
  /**
   * Python's t.item(): a number for floating and integer tensors, a boolean for bool ones. Typed
   * `number` unless asked (`t.item<boolean>()`), so that `const loss: number = t.item()` needs no cast.
   */
  item<T extends number | boolean = number>(): T;
  tolist(): unknown;
  /** Tensor.__format__(spec): a 0-d tensor formats as its item (`format(loss, ".6f")`, torch.pyFormat); others only with an empty spec. */
  __format__(spec?: string): string;
  /** Python's iter(t): the sub-tensors along dim 0 (`for (const row of W)`); a 0-d tensor is not iterable. */
  [Symbol.iterator](): IterableIterator<Tensor>;
  /** The elements in row-major order (float16/bfloat16 as Float32Array, bool as Uint8Array, int64 as BigInt64Array). */
  toTypedArray(): Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;
  toString(): string;

  // ---- autograd ----
  requires_grad_(requires_grad?: boolean): this;
  backward(gradient?: Tensor, options?: { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor | Tensor[] }): void;
  backward(options: { gradient?: Tensor; retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor | Tensor[] }): void;
  retain_grad(): void;

  // ---- lifetime ----
  /** Frees the native memory now; using the tensor afterwards throws. */
  dispose(): void;
  [Symbol.dispose](): void;
  readonly isDisposed: boolean;

  // ---- element-wise ----

  // ---- reductions ----
  norm(p?: number | "fro" | "nuc" | { p?: number | "fro" | "nuc"; dim?: number | number[]; keepdim?: boolean; dtype?: dtype }, dim?: number | number[] | Reduce, keepdim?: boolean): Tensor;

  // ---- linear algebra ----

  // ---- views and shapes ----
  split(split_size: number | number[], dim?: number): Tensor[];

  // ---- indexing ----
  /** Python's subscript: `t.index(0, ":", null)` is `t[0, :, None]`. */
  index(...indices: IndexItem[]): Tensor;
  index(indices: IndexItem[]): Tensor;
  /** Python's subscript assignment: `t.index_put_([0, ":"], v)` is `t[0, :] = v`. */
  index_put_(indices: IndexItem | IndexItem[], value: TensorOrScalar, options?: { accumulate?: boolean }): this;
  /** The indices of the non-zero elements: one row each, or with { as_tuple: true } one tensor per dimension. */
  nonzero(options?: { as_tuple?: false }): Tensor;
  nonzero(options: { as_tuple: true }): Tensor[];

  // ---- random ----

  // ---- new tensors like this one ----
  /** A new tensor from data, with this tensor's dtype and device unless given. */
  new_tensor(data: unknown, options?: { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean }): Tensor;

  /** True when both hold the very same native tensor. */
  _isSame(other: Tensor): boolean;
}

export type StdOptions = { dim?: number | number[]; unbiased?: boolean; correction?: number; keepdim?: boolean };

export interface TensorConstructor {
  /** Shares `data`'s storage (what nn.Parameter is built on); use torch.tensor() to make tensors. */
  new (data: Tensor): Tensor;
  readonly prototype: Tensor;
}

/** torch.Tensor */
export const Tensor: TensorConstructor = native.Tensor;

/** torch.is_tensor(obj) */
export function is_tensor(obj: unknown): obj is Tensor {
  return obj instanceof Tensor;
}

/** PyTorch's TypeError for an argument that is not a Tensor: "fn(): argument 'arg' (position 1) must be Tensor, not str". */
export function checkTensor(value: unknown, fn: string, arg: string, position = 1): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new TorchTypeError(`${fn}(): argument '${arg}' (position ${position}) must be Tensor, not ${pyTypeName(value)}`);
}

// ---- what the TypeScript layer adds to the native methods ---------------------
type Proto = Record<string, unknown> & Tensor & {
  _shape(): number[];
  _dtypeCode(): number;
  _deviceString(): string;
  _gradFnName(): string | null;
  _isDisposed(): boolean;
};
const proto = Tensor.prototype as Proto;

function define(name: string, get: (this: Proto) => unknown): void {
  Object.defineProperty(proto, name, { get, configurable: true, enumerable: false });
}
function method(name: string, fn: (this: Proto, ...args: never[]) => unknown): void {
  Object.defineProperty(proto, name, { value: fn, configurable: true, writable: true, enumerable: false });
}

define("shape", function () {
  return Size.from_list(this._shape());
});
define("dtype", function () {
  return fromCode(this._dtypeCode());
});
const devices = new Map<string, device>();
define("device", function () {
  const s = this._deviceString();
  let d = devices.get(s);
  if (!d) devices.set(s, (d = new device(s)));
  return d;
});
define("ndim", function () {
  return this.dim();
});
define("is_cpu", function () {
  return this.device.type === "cpu";
});
define("layout", () => strided);
define("itemsize", function () {
  return this.element_size();
});
define("nbytes", function () {
  return this.numel() * this.element_size();
});
// Complex dtypes are not offered, so the conjugate is the tensor: as Python's properties for real tensors.
define("mH", function () {
  if (this.dim() === 0) return this;
  if (this.dim() < 2) throw new RuntimeError(`tensor.mH is only supported on matrices or batches of matrices. Got ${this.dim()}-D tensor.`);
  return this.mT;
});
define("H", function () {
  if (this.dim() === 0) return this;
  if (this.dim() !== 2) {
    throw new RuntimeError(
      `tensor.H is only supported on matrices (2-D tensors). Got ${this.dim()}-D tensor.${this.dim() > 2 ? " For batches of matrices, consider using tensor.mH" : ""}`,
    );
  }
  return this.T;
});
define("real", function () {
  return this;
});
define("grad_fn", function () {
  const name = this._gradFnName();
  return name === null ? null : { name: () => name, toString: () => `<${name} object>` };
});
define("isDisposed", function () {
  return this._isDisposed();
});

method("size", function (dim?: number) {
  const shape = this._shape();
  if (dim === undefined) return Size.from_list(shape);
  const d = dim < 0 ? dim + shape.length : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= shape.length) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-shape.length}, ${shape.length - 1}], but got ${dim})`);
  }
  return shape[d];
});

const conversions: [string, dtype][] = [
  ["float", float32], ["double", float64], ["half", float16], ["bfloat16", bfloat16], ["long", int64],
  ["int", int32], ["short", int16], ["char", int8], ["byte", uint8], ["bool", bool],
];
for (const [name, d] of conversions) {
  method(name, function () {
    return this.to(d);
  });
}
method("type_as", function (other: Tensor) {
  return this.to(other.dtype);
});
const typeNames: Record<string, string> = {
  float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int64: "Long", int32: "Int",
  int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool", complex64: "ComplexFloat", complex128: "ComplexDouble",
};
method("type", function (d?: dtype) {
  if (d === undefined) return `torch.${this.is_cuda ? "cuda." : ""}${typeNames[this.dtype.name]}Tensor`;
  return this.to(d);
});

function nest(flat: ArrayLike<unknown>, shape: number[], offset: number, dim: number): unknown {
  if (dim === shape.length) return flat[offset];
  const out = new Array(shape[dim]);
  let stride = 1;
  for (let i = dim + 1; i < shape.length; i++) stride *= shape[i];
  for (let i = 0; i < shape[dim]; i++) out[i] = nest(flat, shape, offset + i * stride, dim + 1);
  return out;
}
/** Nested arrays of numbers (booleans for bool). int64 beyond 2^53 throws. */
// Python's is_contiguous(memory_format=torch.contiguous_format): the native check takes the format's code.
const isContiguous = proto.is_contiguous as unknown as (this: Proto, code?: number) => boolean;
method("is_contiguous", function (options?: { memory_format?: memory_format }) {
  if (options === undefined || options.memory_format === undefined) return isContiguous.call(this);
  if (!(options.memory_format instanceof memory_format)) throw new TorchTypeError(`is_contiguous(): argument 'memory_format' must be torch.memory_format, not ${pyTypeName(options.memory_format)}`);
  return isContiguous.call(this, options.memory_format.code);
});
method("__format__", function (spec: string = "") {
  if (this.dim() === 0) return pyFormat(this, spec);
  if (spec !== "") throw new TorchTypeError("unsupported format string passed to Tensor.__format__");
  return this.toString();
});
Object.defineProperty(proto, Symbol.iterator, {
  value: function* (this: Proto) {
    if (this.dim() === 0) throw new TorchTypeError("iteration over a 0-d tensor");
    yield* this.unbind(0);
  },
  configurable: true, writable: true, enumerable: false,
});
method("tolist", function () {
  const data = this.toTypedArray();
  let flat: ArrayLike<unknown> = data;
  if (data instanceof BigInt64Array) {
    flat = Array.from(data, (v) => {
      if (v > 9007199254740992n || v < -9007199254740992n) {
        throw new IndexError(`tolist(): integer ${v} does not fit a JS number exactly; use toTypedArray()`);
      }
      return Number(v);
    });
  } else if (this.dtype === bool) {
    flat = Array.from(data as Uint8Array, (v) => v !== 0);
  }
  return nest(flat, this._shape(), 0, 0);
});

method("toString", function () {
  return tensorRepr(this);
});
method(Symbol.for("nodejs.util.inspect.custom") as unknown as string, function () {
  return this.isDisposed ? "tensor(<disposed>)" : tensorRepr(this);
});
method(Symbol.dispose as unknown as string, function () {
  this.dispose();
});

type NewOptions = { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean };
function newOptions(self: Tensor, options?: NewOptions): { dtype: dtype; device: DeviceLike } {
  return { dtype: options?.dtype ?? self.dtype, device: options?.device ?? self.device.toString() };
}
function withGrad(t: Tensor, options?: NewOptions): Tensor {
  if (options?.requires_grad) t.requires_grad_(true);
  return t;
}
method("new_tensor", function (data: unknown, options?: NewOptions) {
  const o = newOptions(this, options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tensor } = require("./creation") as typeof import("./creation");
  return withGrad(tensor(data as never, { dtype: o.dtype, device: o.device }), options);
});

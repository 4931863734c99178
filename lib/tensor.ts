/**
 * torch.Tensor. The class is the addon's own: methods that map onto one
 * ATen call are native prototype methods (no JS layer on the hot path); the
 * ones below add what reads best in TypeScript (shape as torch.Size, dtype and
 * device objects, tolist, printing, disposal).
 */
import { device } from "./device";
import type { Generator } from "./generator";
import { dtype, fromCode, bool, float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8 } from "./dtype";
import { IndexError, TorchTypeError } from "./errors";
import { pyTypeName } from "./_pyformat";
import { native } from "./native";
import { Size } from "./size";
import { tensorRepr } from "./tensor_str";

export type Scalar = number | bigint | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type DeviceLike = string | device | number;
export type Shape = number[] | readonly number[];
type Reduce = { dim?: number | number[]; keepdim?: boolean; dtype?: dtype };
type Pair = [Tensor, Tensor] & { values: Tensor; indices: Tensor };
/** isclose / allclose keywords. */
export type CloseOptions = { rtol?: number; atol?: number; equal_nan?: boolean };
/** One subscript of `index`: number, null (None), "..." , ":" / "1:5:2", a slice object, or a Tensor. */
export type IndexItem = number | null | string | boolean | Tensor | { start?: number | null; stop?: number | null; step?: number | null };

/** The autograd node that made a tensor (`t.grad_fn.name()`). */
export interface GradFn {
  name(): string;
}

export interface Tensor {
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
  is_contiguous(): boolean;
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
  contiguous(): Tensor;
  clone(): Tensor;
  detach(): Tensor;
  detach_(): Tensor;
  copy_(src: Tensor, options?: { non_blocking?: boolean }): Tensor;
  item(): number | boolean;
  tolist(): unknown;
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
  add(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): Tensor;
  add_(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): this;
  sub(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): Tensor;
  sub_(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): this;
  subtract(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): Tensor;
  rsub(other: TensorOrScalar, alpha?: Scalar | { alpha?: Scalar }): Tensor;
  mul(other: TensorOrScalar): Tensor;
  mul_(other: TensorOrScalar): this;
  multiply(other: TensorOrScalar): Tensor;
  div(other: TensorOrScalar, options?: { rounding_mode?: "trunc" | "floor" | null }): Tensor;
  div_(other: TensorOrScalar, options?: { rounding_mode?: "trunc" | "floor" | null }): this;
  divide(other: TensorOrScalar, options?: { rounding_mode?: "trunc" | "floor" | null }): Tensor;
  true_divide(other: TensorOrScalar): Tensor;
  pow(exponent: TensorOrScalar): Tensor;
  pow_(exponent: TensorOrScalar): this;
  remainder(other: TensorOrScalar): Tensor;
  remainder_(other: TensorOrScalar): this;
  fmod(other: TensorOrScalar): Tensor;
  fmod_(other: TensorOrScalar): this;
  floor_divide(other: TensorOrScalar): Tensor;
  floor_divide_(other: TensorOrScalar): this;
  xlogy(other: TensorOrScalar): Tensor;
  xlogy_(other: TensorOrScalar): this;
  bitwise_and(other: TensorOrScalar): Tensor;
  bitwise_and_(other: TensorOrScalar): this;
  bitwise_or(other: TensorOrScalar): Tensor;
  bitwise_or_(other: TensorOrScalar): this;
  bitwise_xor(other: TensorOrScalar): Tensor;
  bitwise_xor_(other: TensorOrScalar): this;
  eq(other: TensorOrScalar): Tensor;
  /** True when both have the same size and elements (torch.equal). */
  equal(other: Tensor): boolean;
  /** |self - other| <= atol + rtol * |other|, element-wise; NaNs equal only with equal_nan. */
  isclose(other: Tensor, rtol?: number | CloseOptions, atol?: number | CloseOptions, equal_nan?: boolean | CloseOptions): Tensor;
  /** isclose(...).all(), as a boolean. */
  allclose(other: Tensor, rtol?: number | CloseOptions, atol?: number | CloseOptions, equal_nan?: boolean | CloseOptions): boolean;
  eq_(other: TensorOrScalar): this;
  ne(other: TensorOrScalar): Tensor;
  ne_(other: TensorOrScalar): this;
  lt(other: TensorOrScalar): Tensor;
  lt_(other: TensorOrScalar): this;
  le(other: TensorOrScalar): Tensor;
  le_(other: TensorOrScalar): this;
  gt(other: TensorOrScalar): Tensor;
  gt_(other: TensorOrScalar): this;
  ge(other: TensorOrScalar): Tensor;
  ge_(other: TensorOrScalar): this;
  maximum(other: Tensor): Tensor;
  minimum(other: Tensor): Tensor;
  fmax(other: Tensor): Tensor;
  fmin(other: Tensor): Tensor;
  atan2(other: Tensor): Tensor;
  atan2_(other: Tensor): this;
  logical_and(other: Tensor): Tensor;
  logical_and_(other: Tensor): this;
  logical_or(other: Tensor): Tensor;
  logical_or_(other: Tensor): this;
  logical_xor(other: Tensor): Tensor;
  logical_xor_(other: Tensor): this;
  hypot(other: Tensor): Tensor;
  hypot_(other: Tensor): this;
  copysign(other: Tensor): Tensor;
  copysign_(other: Tensor): this;
  abs(): Tensor;
  abs_(): this;
  neg(): Tensor;
  neg_(): this;
  negative(): Tensor;
  sqrt(): Tensor;
  sqrt_(): this;
  rsqrt(): Tensor;
  rsqrt_(): this;
  exp(): Tensor;
  exp_(): this;
  exp2(): Tensor;
  exp2_(): this;
  expm1(): Tensor;
  expm1_(): this;
  log(): Tensor;
  log_(): this;
  log2(): Tensor;
  log2_(): this;
  log10(): Tensor;
  log10_(): this;
  log1p(): Tensor;
  log1p_(): this;
  sin(): Tensor;
  sin_(): this;
  cos(): Tensor;
  cos_(): this;
  tan(): Tensor;
  tan_(): this;
  asin(): Tensor;
  asin_(): this;
  acos(): Tensor;
  acos_(): this;
  atan(): Tensor;
  atan_(): this;
  sinh(): Tensor;
  sinh_(): this;
  cosh(): Tensor;
  cosh_(): this;
  tanh(): Tensor;
  tanh_(): this;
  sigmoid(): Tensor;
  sigmoid_(): this;
  relu(): Tensor;
  relu_(): this;
  floor(): Tensor;
  floor_(): this;
  ceil(): Tensor;
  ceil_(): this;
  round(options?: { decimals?: number }): Tensor;
  round_(options?: { decimals?: number }): this;
  trunc(): Tensor;
  trunc_(): this;
  frac(): Tensor;
  frac_(): this;
  sign(): Tensor;
  sign_(): this;
  sgn(): Tensor;
  sgn_(): this;
  reciprocal(): Tensor;
  reciprocal_(): this;
  square(): Tensor;
  square_(): this;
  erf(): Tensor;
  erf_(): this;
  erfc(): Tensor;
  erfc_(): this;
  erfinv(): Tensor;
  erfinv_(): this;
  logical_not(): Tensor;
  logical_not_(): this;
  bitwise_not(): Tensor;
  bitwise_not_(): this;
  deg2rad(): Tensor;
  deg2rad_(): this;
  rad2deg(): Tensor;
  rad2deg_(): this;
  digamma(): Tensor;
  digamma_(): this;
  lgamma(): Tensor;
  lgamma_(): this;
  i0(): Tensor;
  i0_(): this;
  sinc(): Tensor;
  sinc_(): this;
  isnan(): Tensor;
  isinf(): Tensor;
  isfinite(): Tensor;
  signbit(): Tensor;
  clamp(min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor;
  clamp(options: { min?: TensorOrScalar | null; max?: TensorOrScalar | null }): Tensor;
  clamp_(min?: TensorOrScalar | null, max?: TensorOrScalar | null): this;
  clamp_(options: { min?: TensorOrScalar | null; max?: TensorOrScalar | null }): this;
  clip(min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor;
  clamp_min(min: Scalar): Tensor;
  clamp_max(max: Scalar): Tensor;
  where(condition: Tensor, other: TensorOrScalar): Tensor;
  lerp(end: Tensor, weight: TensorOrScalar): Tensor;
  lerp_(end: Tensor, weight: TensorOrScalar): this;
  addcmul(tensor1: Tensor, tensor2: Tensor, value?: Scalar | { value?: Scalar }): Tensor;
  addcmul_(tensor1: Tensor, tensor2: Tensor, value?: Scalar | { value?: Scalar }): this;
  addcdiv(tensor1: Tensor, tensor2: Tensor, value?: Scalar | { value?: Scalar }): Tensor;
  addcdiv_(tensor1: Tensor, tensor2: Tensor, value?: Scalar | { value?: Scalar }): this;
  fill_(value: TensorOrScalar): this;
  zero_(): this;

  // ---- reductions ----
  sum(dim?: number | number[] | Reduce, keepdim?: boolean | Reduce, options?: Reduce): Tensor;
  nansum(dim?: number | number[] | Reduce, keepdim?: boolean | Reduce, options?: Reduce): Tensor;
  mean(dim?: number | number[] | Reduce, keepdim?: boolean | Reduce, options?: Reduce): Tensor;
  prod(dim?: number | Reduce, keepdim?: boolean | Reduce, options?: Reduce): Tensor;
  logsumexp(dim: number | number[], keepdim?: boolean): Tensor;
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean): Pair;
  max(options: { dim: number; keepdim?: boolean }): Pair;
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean): Pair;
  min(options: { dim: number; keepdim?: boolean }): Pair;
  median(): Tensor;
  median(dim: number, keepdim?: boolean): Pair;
  amax(dim?: number | number[] | Reduce, keepdim?: boolean): Tensor;
  amin(dim?: number | number[] | Reduce, keepdim?: boolean): Tensor;
  argmax(dim?: number | Reduce | null, keepdim?: boolean): Tensor;
  argmin(dim?: number | Reduce | null, keepdim?: boolean): Tensor;
  all(dim?: number | Reduce, keepdim?: boolean): Tensor;
  any(dim?: number | Reduce, keepdim?: boolean): Tensor;
  count_nonzero(dim?: number | number[]): Tensor;
  std(dim?: number | number[] | boolean | StdOptions, unbiased?: boolean | StdOptions, keepdim?: boolean): Tensor;
  std_mean(dim?: number | number[] | boolean | StdOptions, unbiased?: boolean | StdOptions, keepdim?: boolean): [Tensor, Tensor];
  var_mean(dim?: number | number[] | boolean | StdOptions, unbiased?: boolean | StdOptions, keepdim?: boolean): [Tensor, Tensor];
  var(dim?: number | number[] | boolean | StdOptions, unbiased?: boolean | StdOptions, keepdim?: boolean): Tensor;
  norm(p?: number | "fro" | "nuc" | { p?: number | "fro" | "nuc"; dim?: number | number[]; keepdim?: boolean; dtype?: dtype }, dim?: number | number[] | Reduce, keepdim?: boolean): Tensor;
  cumsum(dim: number | Reduce, options?: { dtype?: dtype }): Tensor;
  cumprod(dim: number | Reduce, options?: { dtype?: dtype }): Tensor;
  topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): Pair;
  sort(dim?: number, descending?: boolean): Pair;
  sort(options: { dim?: number; descending?: boolean; stable?: boolean }): Pair;
  argsort(dim?: number, descending?: boolean): Tensor;

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor;
  mm(other: Tensor): Tensor;
  bmm(other: Tensor): Tensor;
  mv(other: Tensor): Tensor;
  dot(other: Tensor): Tensor;
  outer(other: Tensor): Tensor;
  inner(other: Tensor): Tensor;
  kron(other: Tensor): Tensor;
  addmm(mat1: Tensor, mat2: Tensor, options?: { beta?: Scalar; alpha?: Scalar }): Tensor;
  addmm_(mat1: Tensor, mat2: Tensor, options?: { beta?: Scalar; alpha?: Scalar }): this;

  // ---- views and shapes ----
  view(...shape: number[]): Tensor;
  view(shape: Shape): Tensor;
  view(dtype: dtype): Tensor;
  reshape(...shape: number[]): Tensor;
  reshape(shape: Shape): Tensor;
  expand(...sizes: number[]): Tensor;
  expand(sizes: Shape): Tensor;
  repeat(...sizes: number[]): Tensor;
  repeat(sizes: Shape): Tensor;
  permute(...dims: number[]): Tensor;
  permute(dims: Shape): Tensor;
  flip(...dims: number[]): Tensor;
  flip(dims: Shape): Tensor;
  view_as(other: Tensor): Tensor;
  reshape_as(other: Tensor): Tensor;
  expand_as(other: Tensor): Tensor;
  flatten(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number): Tensor;
  unflatten(dim: number, sizes: Shape): Tensor;
  squeeze(dim?: number): Tensor;
  squeeze_(dim?: number): this;
  unsqueeze(dim: number): Tensor;
  unsqueeze_(dim: number): this;
  transpose(dim0: number, dim1: number): Tensor;
  transpose_(dim0: number, dim1: number): this;
  swapaxes(dim0: number, dim1: number): Tensor;
  swapdims(dim0: number, dim1: number): Tensor;
  movedim(source: number | number[], destination: number | number[]): Tensor;
  t(): Tensor;
  t_(): this;
  narrow(dim: number, start: number, length: number): Tensor;
  roll(shifts: number | number[], dims?: number | number[]): Tensor;
  chunk(chunks: number, dim?: number): Tensor[];
  split(split_size: number | number[], dim?: number): Tensor[];
  unbind(dim?: number): Tensor[];
  tril(diagonal?: number): Tensor;
  triu(diagonal?: number): Tensor;

  // ---- indexing ----
  /** Python's subscript: `t.index(0, ":", null)` is `t[0, :, None]`. */
  index(...indices: IndexItem[]): Tensor;
  index(indices: IndexItem[]): Tensor;
  /** Python's subscript assignment: `t.index_put_([0, ":"], v)` is `t[0, :] = v`. */
  index_put_(indices: IndexItem | IndexItem[], value: TensorOrScalar, options?: { accumulate?: boolean }): this;
  diag(diagonal?: number): Tensor;
  repeat_interleave(repeats: number | Tensor, dim?: number): Tensor;
  select(dim: number, index: number): Tensor;
  index_select(dim: number, index: Tensor): Tensor;
  gather(dim: number, index: Tensor): Tensor;
  take(index: Tensor): Tensor;
  scatter(dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: "add" | "multiply" }): Tensor;
  scatter_(dim: number, index: Tensor, src: TensorOrScalar, options?: { reduce?: "add" | "multiply" }): this;
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor;
  scatter_add_(dim: number, index: Tensor, src: Tensor): this;
  index_add_(dim: number, index: Tensor, source: Tensor): this;
  masked_fill(mask: Tensor, value: TensorOrScalar): Tensor;
  masked_fill_(mask: Tensor, value: TensorOrScalar): this;
  masked_select(mask: Tensor): Tensor;
  masked_scatter(mask: Tensor, source: Tensor): Tensor;
  nonzero(): Tensor;

  // ---- random ----
  uniform_(from?: number | { from?: number; to?: number; generator?: Generator | null }, to?: number, options?: { generator?: Generator | null }): this;
  normal_(mean?: number | { mean?: number; std?: number; generator?: Generator | null }, std?: number, options?: { generator?: Generator | null }): this;
  bernoulli_(p?: number | Tensor): this;
  bernoulli(p?: number): Tensor;
  exponential_(lambd?: number): this;
  /** random_(), random_(to), random_(from, to), each with an optional trailing { generator }. */
  random_(...args: (number | { generator?: Generator | null } | undefined)[]): this;
  multinomial(num_samples: number, replacement?: boolean | { replacement?: boolean }): Tensor;

  // ---- new tensors like this one ----
  new_zeros(size: Shape, options?: { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean }): Tensor;
  new_ones(size: Shape, options?: { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean }): Tensor;
  new_empty(size: Shape, options?: { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean }): Tensor;
  new_full(size: Shape, fill_value: Scalar, options?: { dtype?: dtype; device?: DeviceLike; requires_grad?: boolean }): Tensor;
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

// ---- what the TypeScript layer adds to the native class ----------------------
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
method("new_zeros", function (size: Shape, options?: NewOptions) {
  return withGrad(native._zeros(size, newOptions(this, options)), options);
});
method("new_ones", function (size: Shape, options?: NewOptions) {
  return withGrad(native._ones(size, newOptions(this, options)), options);
});
method("new_empty", function (size: Shape, options?: NewOptions) {
  return withGrad(native._empty(size, newOptions(this, options)), options);
});
method("new_tensor", function (data: unknown, options?: NewOptions) {
  const o = newOptions(this, options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tensor } = require("./creation") as typeof import("./creation");
  return withGrad(tensor(data as never, { dtype: o.dtype, device: o.device }), options);
});
method("new_full", function (size: Shape, fill_value: Scalar, options?: NewOptions) {
  const o = newOptions(this, options);
  return withGrad(native._full(size, fill_value, o, o.dtype), options);
});

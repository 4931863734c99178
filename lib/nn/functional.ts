/**
 * torch.nn.functional (torch/nn/functional.py): the functions behind the
 * layers, on the generated bindings they call. Python's builtins (conv2d,
 * avg_pool2d, gelu…) are those bindings themselves; Python's defs are ported
 * here with their checks, messages and calls, following the Python of the
 * libtorch in use where 1.13 and 2.x differ.
 *
 * Arguments are Python's: positional ones in order, then one trailing
 * options object with PyTorch's keyword names (`F.max_pool2d(x, 2, { ceil_mode: true })`).
 */
import * as aten from "../_generated/torch";
import * as nn from "../_generated/nn";
import { NotImplementedError, RuntimeError, ValueError, AssertionError, TorchTypeError } from "../errors";
import { floatRepr, pyRepr, pyTypeName } from "../_pyformat";
import { def } from "../_pydef";
import { ntuple } from "./modules/utils";
import { broadcast_tensors } from "../ops";
import { broadcast_shapes } from "../functional";
import { contiguous_format } from "../layout";
import { Size } from "../size";
import { Tensor, type IntList } from "../tensor";
import { libtorch_version, torchAtLeast } from "../version";
import { is_grad_enabled, no_grad } from "../autograd/grad_mode";
import { int64 } from "../dtype";

type Ops = Record<string, (...args: unknown[]) => Tensor>;
type Tuple = (...args: unknown[]) => [Tensor, Tensor];
const T = aten as unknown as Ops;
const N = nn as unknown as Ops;

/** A function of one tensor and Python's further arguments. */
export type F1 = (input: Tensor, ...args: unknown[]) => Tensor;
/** A function of two tensors (input and target, or input and weight) and further arguments. */
export type F2 = (input: Tensor, other: Tensor, ...args: unknown[]) => Tensor;
/** A function of three tensors and further arguments. */
export type F3 = (a: Tensor, b: Tensor, c: Tensor, ...args: unknown[]) => Tensor;
/** The *_with_indices functions: the result and the indices. */
export type WithIndices = (input: Tensor, ...args: unknown[]) => [Tensor, Tensor];

export type Reduction = "none" | "mean" | "sum";

// cuDNN is on by default in PyTorch (torch.backends.cudnn.enabled); CPU kernels ignore the flag.
const CUDNN_ENABLED = true;
const V2 = torchAtLeast(2);
/** Whether this release has F.linear_cross_entropy and nn.LinearCrossEntropyLoss (2.15 has them; 1.13 does not). */
export const LINEAR_CROSS_ENTROPY = torchAtLeast(2, 15);

const warned = new Set<string>();
/** warnings.warn: a UserWarning, once per message (Python's default filter shows it once per place). */
function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

// ---- torch/nn/_reduction.py -------------------------------------------------------

/** _Reduction.get_enum */
export function reductionEnum(reduction: string): number {
  if (reduction === "none") return 0;
  if (reduction === "mean") return 1;
  if (reduction === "elementwise_mean") {
    warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return 1;
  }
  if (reduction === "sum") return 2;
  throw new ValueError(`${reduction} is not a valid value for reduction`);
}

/** _Reduction.legacy_get_string: size_average and reduce as a reduction (with its deprecation warning). */
export function legacyReduction(size_average: boolean | null, reduce: boolean | null): Reduction {
  const avg = size_average ?? true, red = reduce ?? true;
  const ret = avg && red ? "mean" : red ? "sum" : "none";
  warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/** The reduction's enum, the legacy arguments first where given. */
function reductionOf(size_average: boolean | null, reduce: boolean | null, reduction: string): number {
  return reductionEnum(size_average !== null || reduce !== null ? legacyReduction(size_average, reduce) : reduction);
}

// ---- Python's builtins: the bindings themselves -----------------------------------

export const {
  conv1d, conv2d, conv3d, conv_tbc, conv_transpose1d, conv_transpose2d, conv_transpose3d,
  avg_pool1d, adaptive_avg_pool1d, bilinear, celu_, channel_shuffle, native_channel_shuffle,
  cosine_similarity, hardshrink, pairwise_distance, pdist, pixel_shuffle, pixel_unshuffle,
  prelu, relu_, rrelu_, selu_, threshold_,
} = aten;
export const { avg_pool2d, avg_pool3d, elu_, gelu, hardtanh_, leaky_relu_, one_hot, softplus, softshrink } = nn;
/** F.linear(input, weight, bias = None): input @ weight.T + bias */
export const linear = nn.linear;
/** F.logsigmoid is torch._C._nn.log_sigmoid */
export const logsigmoid = nn.log_sigmoid;
/** F.scaled_dot_product_attention (PyTorch 2.0 and later). */
export const scaled_dot_product_attention = nn.scaled_dot_product_attention;

// ---- pooling -----------------------------------------------------------------------

const maxPool = (name: string, withIndices: (...a: unknown[]) => [Tensor, Tensor], plain: (...a: unknown[]) => Tensor) => ({
  withIndices: def<WithIndices>(`${name}_with_indices`, "input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    (input, kernel_size, stride, padding, dilation, ceil_mode) => withIndices(input, kernel_size, stride ?? [], padding, dilation, ceil_mode)),
  // boolean_dispatch on return_indices
  dispatch: def<F1>(name, "input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    (input, kernel_size, stride, padding, dilation, ceil_mode, return_indices) =>
      return_indices ? withIndices(input, kernel_size, stride ?? [], padding, dilation, ceil_mode) : plain(input, kernel_size, stride ?? [], padding, dilation, ceil_mode)),
});
const mp1 = maxPool("max_pool1d", aten.max_pool1d_with_indices as unknown as Tuple, T.max_pool1d);
const mp2 = maxPool("max_pool2d", nn.max_pool2d_with_indices as unknown as Tuple, T.max_pool2d);
const mp3 = maxPool("max_pool3d", nn.max_pool3d_with_indices as unknown as Tuple, T.max_pool3d);
/** F.max_pool1d(input, kernel_size, stride = None, padding = 0, dilation = 1, ceil_mode = False, return_indices = False) */
export const max_pool1d = mp1.dispatch, max_pool1d_with_indices = mp1.withIndices;
/** F.max_pool2d(input, kernel_size, stride = None, padding = 0, dilation = 1, ceil_mode = False, return_indices = False) */
export const max_pool2d = mp2.dispatch, max_pool2d_with_indices = mp2.withIndices;
/** F.max_pool3d(input, kernel_size, stride = None, padding = 0, dilation = 1, ceil_mode = False, return_indices = False) */
export const max_pool3d = mp3.dispatch, max_pool3d_with_indices = mp3.withIndices;


// _unpool_output_size
function unpoolOutputSize(input: Tensor, kernel_size: number[], stride: number[], padding: number[], output_size: number[] | null): number[] {
  const size = input.shape, k = kernel_size.length;
  const defaults = kernel_size.map((ks, d) => (size[size.length - k + d] - 1) * stride[d] + ks - 2 * padding[d]);
  if (output_size === null) return defaults;
  let out = [...output_size];
  if (out.length === k + 2) out = out.slice(2);
  if (out.length !== k) {
    throw new ValueError(`output_size should be a sequence containing ${k} or ${k + 2} elements, but it has a length of '${out.length}'`);
  }
  out.forEach((o, d) => {
    const min = defaults[d] - stride[d], max = defaults[d] + stride[d];
    if (!(min < o && o < max)) throw new ValueError(`invalid output_size "${pyRepr(output_size)}" (dim ${d} must be between ${min} and ${max})`);
  });
  return out;
}
const unpoolArgs = (n: number, input: Tensor, kernel_size: unknown, stride: unknown, padding: unknown, output_size: unknown) => {
  const k = ntuple(kernel_size, n), s = stride === null ? k : ntuple(stride, n), p = ntuple(padding, n);
  return { k, s, p, size: unpoolOutputSize(input, k, s, p, output_size === null ? null : ntuple(output_size, n)) };
};
const UNPOOL = "input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None";
/** F.max_unpool1d(input, indices, kernel_size, stride = None, padding = 0, output_size = None) */
export const max_unpool1d = def<F2>("max_unpool1d", UNPOOL, (input, indices, kernel_size, stride, padding, output_size) => {
  const { size } = unpoolArgs(1, input, kernel_size, stride, padding, output_size);
  return N.max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), [...size, 1]).squeeze(-1);
});
/** F.max_unpool2d(input, indices, kernel_size, stride = None, padding = 0, output_size = None) */
export const max_unpool2d = def<F2>("max_unpool2d", UNPOOL, (input, indices, kernel_size, stride, padding, output_size) =>
  N.max_unpool2d(input, indices, unpoolArgs(2, input, kernel_size, stride, padding, output_size).size));
/** F.max_unpool3d(input, indices, kernel_size, stride = None, padding = 0, output_size = None) */
export const max_unpool3d = def<F2>("max_unpool3d", UNPOOL, (input, indices, kernel_size, stride, padding, output_size) => {
  const { s, p, size } = unpoolArgs(3, input, kernel_size, stride, padding, output_size);
  return N.max_unpool3d(input, indices, size, s, p);
});

// lp_pool1d/2d/3d: 2.x also takes norm_type ±inf (a max pool) and refuses 0.
function lpPool(n: 1 | 2 | 3): F1 {
  const avg = [avg_pool1d, avg_pool2d, avg_pool3d][n - 1] as unknown as (...a: unknown[]) => Tensor;
  const max = [max_pool1d, max_pool2d, max_pool3d][n - 1];
  return def<F1>(`lp_pool${n}d`, "input: Tensor, norm_type, kernel_size, stride=None, ceil_mode=False", (input, norm_type, kernel_size, stride, ceil_mode) => {
    if (V2 && typeof norm_type === "number") {
      if (norm_type === 0) throw new ValueError(`norm_type must be a non-zero value, but got ${pyRepr(norm_type)}`);
      if (norm_type === Infinity) return max(input.abs(), kernel_size, stride, 0, 1, ceil_mode);
      if (norm_type === -Infinity) return max(input.abs().neg(), kernel_size, stride, 0, 1, ceil_mode).neg();
    }
    const out = stride !== null ? avg(input.pow(norm_type), kernel_size, stride, 0, ceil_mode) : avg(input.pow(norm_type), kernel_size, { padding: 0, ceil_mode });
    const k = n === 1 ? kernel_size : ntuple(kernel_size, n).reduce((a, b) => a * b, 1);
    return aten.sign(out).mul(aten.relu(aten.abs(out))).mul(k).pow(1.0 / norm_type);
  });
}
/** F.lp_pool1d(input, norm_type, kernel_size, stride = None, ceil_mode = False) */
export const lp_pool1d = lpPool(1);
/** F.lp_pool2d(input, norm_type, kernel_size, stride = None, ceil_mode = False) */
export const lp_pool2d = lpPool(2);
/** F.lp_pool3d(input, norm_type, kernel_size, stride = None, ceil_mode = False) (PyTorch 2.2 and later) */
export const lp_pool3d = lpPool(3);

// _list_with_default: None entries of an output size take the input's size.
function withDefault(out: unknown, defaults: readonly number[]): unknown {
  if (!Array.isArray(out)) return out;
  if (defaults.length <= out.length) throw new ValueError(`Input dimension should be at least ${out.length + 1}`);
  const tail = defaults.slice(defaults.length - out.length);
  return out.map((v, i) => v ?? tail[i]);
}
const adaptiveMax = (n: 1 | 2 | 3) => {
  const kernel = n === 1 ? (aten.adaptive_max_pool1d as unknown as Tuple) : ((n === 2 ? nn.adaptive_max_pool2d : nn.adaptive_max_pool3d) as unknown as Tuple);
  const pool = (input: Tensor, output_size: unknown) => kernel(input, n === 1 ? output_size : withDefault(output_size, input.shape));
  return {
    withIndices: def<WithIndices>(`adaptive_max_pool${n}d_with_indices`, "input: Tensor, output_size, return_indices=False", (input, output_size) => pool(input, output_size)),
    dispatch: def<F1>(`adaptive_max_pool${n}d`, "input: Tensor, output_size, return_indices=False", (input, output_size, return_indices) =>
      return_indices ? pool(input, output_size) : pool(input, output_size)[0]),
  };
};
const amp1 = adaptiveMax(1), amp2 = adaptiveMax(2), amp3 = adaptiveMax(3);
/** F.adaptive_max_pool1d(input, output_size, return_indices = False) */
export const adaptive_max_pool1d = amp1.dispatch, adaptive_max_pool1d_with_indices = amp1.withIndices;
/** F.adaptive_max_pool2d(input, output_size, return_indices = False) */
export const adaptive_max_pool2d = amp2.dispatch, adaptive_max_pool2d_with_indices = amp2.withIndices;
/** F.adaptive_max_pool3d(input, output_size, return_indices = False) */
export const adaptive_max_pool3d = amp3.dispatch, adaptive_max_pool3d_with_indices = amp3.withIndices;
/** F.adaptive_avg_pool2d(input, output_size) */
export const adaptive_avg_pool2d = def<F1>("adaptive_avg_pool2d", "input: Tensor, output_size", (input, output_size) =>
  N.adaptive_avg_pool2d(input, withDefault(output_size, input.shape)));
/** F.adaptive_avg_pool3d(input, output_size) */
export const adaptive_avg_pool3d = def<F1>("adaptive_avg_pool3d", "input: Tensor, output_size", (input, output_size) =>
  N.adaptive_avg_pool3d(input, withDefault(output_size, input.shape)));

// fractional_max_pool2d/3d: random samples drawn as Python draws them when not given.
const fractional = (n: 2 | 3) => {
  const kernel = (n === 2 ? nn.fractional_max_pool2d : nn.fractional_max_pool3d) as unknown as Tuple;
  const spec = "input: Tensor, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None";
  const pool = (input: Tensor, kernel_size: unknown, output_size: unknown, output_ratio: unknown, samples: Tensor | null) => {
    if (output_size === null && output_ratio === null) {
      throw new ValueError(`fractional_max_pool${n}d requires specifying either an output_size or an output_ratio`);
    }
    if (output_size === null) {
      if (V2 && n === 2 && Array.isArray(output_ratio) && output_ratio.length > 2) {
        throw new ValueError("fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints.");
      }
      const ratio = ntuple(output_ratio, n);
      output_size = ratio.map((r, i) => Math.trunc(input.size(i - n) * r));
    }
    if (samples === null) {
      const batch = input.dim() === n + 1 ? 1 : input.size(0);
      samples = aten.rand(batch, input.size(-n - 1), n, { dtype: input.dtype, device: input.device });
    }
    return kernel(input, kernel_size, output_size, samples);
  };
  return {
    withIndices: def<WithIndices>(`fractional_max_pool${n}d_with_indices`, spec, (input, kernel_size, output_size, output_ratio, _r, samples) =>
      pool(input, kernel_size, output_size, output_ratio, samples)),
    dispatch: def<F1>(`fractional_max_pool${n}d`, spec, (input, kernel_size, output_size, output_ratio, return_indices, samples) => {
      const r = pool(input, kernel_size, output_size, output_ratio, samples);
      return return_indices ? r : r[0];
    }),
  };
};
const fmp2 = fractional(2), fmp3 = fractional(3);
/** F.fractional_max_pool2d(input, kernel_size, output_size = None, output_ratio = None, return_indices = False, _random_samples = None) */
export const fractional_max_pool2d = fmp2.dispatch, fractional_max_pool2d_with_indices = fmp2.withIndices;
/** F.fractional_max_pool3d(input, kernel_size, output_size = None, output_ratio = None, return_indices = False, _random_samples = None) */
export const fractional_max_pool3d = fmp3.dispatch, fractional_max_pool3d_with_indices = fmp3.withIndices;

// ---- dropout ----------------------------------------------------------------------

export function checkDropoutP(p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${typeof p === "number" ? floatRepr(p) : p}`);
  }
}
const DROPOUT = "input: Tensor, p=0.5, training=True, inplace=False";
/** F.dropout(input, p = 0.5, training = True, inplace = False) */
export const dropout = def<F1>("dropout", DROPOUT, (input, p, training, inplace) => {
  checkDropoutP(p);
  return inplace ? T.dropout_(input, p, training) : T.dropout(input, p, training);
});
/** F.alpha_dropout(input, p = 0.5, training = False, inplace = False) */
export const alpha_dropout = def<F1>("alpha_dropout", "input: Tensor, p=0.5, training=False, inplace=False", (input, p, training, inplace) => {
  checkDropoutP(p);
  return inplace ? T.alpha_dropout_(input, p, training) : T.alpha_dropout(input, p, training);
});
/** F.feature_alpha_dropout(input, p = 0.5, training = False, inplace = False) */
export const feature_alpha_dropout = def<F1>("feature_alpha_dropout", "input: Tensor, p=0.5, training=False, inplace=False", (input, p, training, inplace) => {
  checkDropoutP(p);
  return inplace ? T.feature_alpha_dropout_(input, p, training) : T.feature_alpha_dropout(input, p, training);
});
// Channel-wise dropout over an input that may lack its batch dimension.
function featureDropout(input: Tensor, p: number, training: boolean, inplace: boolean, batched: boolean): Tensor {
  if (!batched) input = inplace ? input.unsqueeze_(0) : input.unsqueeze(0);
  let result = inplace ? T.feature_dropout_(input, p, training) : T.feature_dropout(input, p, training);
  if (!batched) result = inplace ? result.squeeze_(0) : result.squeeze(0);
  return result;
}
const NO_BATCH = (n: number, given: number, ok: string) =>
  `dropout${n}d: Received a ${given}-D input to dropout${n}d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout${n}d exists to provide channel-wise dropout on inputs with ${n} spatial dimensions, a channel dimension, and an optional batch dimension (i.e. ${ok} inputs).`;
/** F.dropout1d(input, p = 0.5, training = True, inplace = False) */
export const dropout1d = def<F1>("dropout1d", DROPOUT, (input, p, training, inplace) => {
  checkDropoutP(p);
  const d = input.dim();
  if (d !== 2 && d !== 3) {
    throw new RuntimeError(
      `dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  return featureDropout(input, p, training, inplace, d === 3);
});
/** F.dropout2d(input, p = 0.5, training = True, inplace = False) */
export const dropout2d = def<F1>("dropout2d", DROPOUT, (input, p, training, inplace) => {
  checkDropoutP(p);
  const d = input.dim();
  if (d !== 3 && d !== 4) warn(NO_BATCH(2, d, "3D or 4D"));
  if (d === 3) {
    warn(
      "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.",
    );
  }
  return featureDropout(input, p, training, inplace, true);
});
/** F.dropout3d(input, p = 0.5, training = True, inplace = False) */
export const dropout3d = def<F1>("dropout3d", DROPOUT, (input, p, training, inplace) => {
  checkDropoutP(p);
  const d = input.dim();
  if (d !== 4 && d !== 5) warn(NO_BATCH(3, d, "4D or 5D"));
  return featureDropout(input, p, training, inplace, d === 5);
});

// ---- activations ------------------------------------------------------------------

/** F.threshold(input, threshold, value, inplace = False) */
export const threshold = def<F1>("_threshold", "input: Tensor, threshold, value, inplace=False", (input, th, value, inplace) =>
  inplace ? T.threshold_(input, th, value) : T.threshold(input, th, value));
/** F.relu(input, inplace = False) */
export const relu = def<F1>("relu", "input: Tensor, inplace=False", (input, inplace) => (inplace ? T.relu_(input) : T.relu(input)));
/** F.glu(input, dim = -1) */
export const glu = def<F1>("glu", "input: Tensor, dim=-1", (input, dim) => {
  if (input.dim() === 0) throw new RuntimeError("glu does not support scalars because halving size must be even");
  return N.glu(input, dim);
});
/** F.hardtanh(input, min_val = -1.0, max_val = 1.0, inplace = False) */
export const hardtanh = def<F1>("hardtanh", "input: Tensor, min_val=-1.0, max_val=1.0, inplace=False", (input, min_val, max_val, inplace) => {
  if (V2 && min_val > max_val) throw new ValueError("min_val cannot be greater than max_val");
  return inplace ? N.hardtanh_(input, min_val, max_val) : N.hardtanh(input, min_val, max_val);
});
// def f(input, inplace=False): the in-place twin or the function.
const inplaceable = (name: string, f: (x: Tensor) => Tensor, f_: (x: Tensor) => Tensor) =>
  def<F1>(name, "input: Tensor, inplace=False", (input, inplace) => (inplace ? f_(input) : f(input)));
/** F.relu6(input, inplace = False) */
export const relu6 = inplaceable("relu6", N.relu6, N.relu6_);
/** F.selu(input, inplace = False) */
export const selu = inplaceable("selu", T.selu, T.selu_);
/** F.hardsigmoid(input, inplace = False) */
export const hardsigmoid = inplaceable("hardsigmoid", N.hardsigmoid, N.hardsigmoid_);
/** F.silu(input, inplace = False) */
export const silu = inplaceable("silu", N.silu, N.silu_);
/** F.mish(input, inplace = False) */
export const mish = inplaceable("mish", N.mish, N.mish_);
/** F.hardswish(input, inplace = False) */
export const hardswish = inplaceable("hardswish", N.hardswish, N.hardswish_);
/** F.elu(input, alpha = 1.0, inplace = False) */
export const elu = def<F1>("elu", "input: Tensor, alpha=1.0, inplace=False", (input, alpha, inplace) => (inplace ? N.elu_(input, alpha) : N.elu(input, alpha)));
/** F.celu(input, alpha = 1.0, inplace = False) */
export const celu = def<F1>("celu", "input: Tensor, alpha=1.0, inplace=False", (input, alpha, inplace) => (inplace ? T.celu_(input, alpha) : T.celu(input, alpha)));
/** F.leaky_relu(input, negative_slope = 0.01, inplace = False) */
export const leaky_relu = def<F1>("leaky_relu", "input: Tensor, negative_slope=0.01, inplace=False", (input, slope, inplace) =>
  inplace ? N.leaky_relu_(input, slope) : N.leaky_relu(input, slope));
/** F.rrelu(input, lower = 1/8, upper = 1/3, training = False, inplace = False) */
export const rrelu = def<F1>("rrelu", `input: Tensor, lower=${1.0 / 8}, upper=${1.0 / 3}, training=False, inplace=False`, (input, lower, upper, training, inplace) =>
  inplace ? T.rrelu_(input, lower, upper, training) : T.rrelu(input, lower, upper, training));
/** F.tanhshrink(input) = input - input.tanh() */
export const tanhshrink = def<F1>("tanhshrink", "input: Tensor", (input) => input.sub(input.tanh()));
/** F.softsign(input) = input / (input.abs() + 1) */
export const softsign = def<F1>("softsign", "input: Tensor", (input) => input.div(input.abs().add(1)));
/** F.tanh (deprecated in favour of torch.tanh) */
export const tanh = def<F1>("tanh", "input: Tensor", (input) => {
  warn("nn.functional.tanh is deprecated. Use torch.tanh instead.");
  return input.tanh();
});
/** F.sigmoid (deprecated in favour of torch.sigmoid) */
export const sigmoid = def<F1>("sigmoid", "input: Tensor", (input) => {
  warn("nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.");
  return input.sigmoid();
});

// _get_softmax_dim: the legacy implicit dim.
function softmaxDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
const softmaxLike = (name: string, call: (x: Tensor, dim: number, dtype: unknown) => Tensor) =>
  def<F1>(name, "input: Tensor, dim=None, _stacklevel=3, dtype=None", (input, dim, _stacklevel, dtype) =>
    call(input, dim ?? softmaxDim(name, input.dim()), dtype));
/** F.softmax(input, dim = None, _stacklevel = 3, dtype = None) */
export const softmax = softmaxLike("softmax", (x, dim, dtype) => (dtype === null ? x.softmax(dim) : x.softmax(dim, { dtype } as never)));
/** F.log_softmax(input, dim = None, _stacklevel = 3, dtype = None) */
export const log_softmax = softmaxLike("log_softmax", (x, dim, dtype) => (dtype === null ? x.log_softmax(dim) : x.log_softmax(dim, { dtype } as never)));
/** F.softmin(input, dim = None, _stacklevel = 3, dtype = None) */
export const softmin = softmaxLike("softmin", (x, dim, dtype) => (dtype === null ? x.neg().softmax(dim) : x.neg().softmax(dim, { dtype } as never)));

/** F.gumbel_softmax(logits, tau = 1, hard = False, eps = 1e-10, dim = -1) */
export const gumbel_softmax = def<F1>("gumbel_softmax", "logits: Tensor, tau=1, hard=False, eps=1e-10, dim=-1", (logits, tau, hard, eps, dim) => {
  if (eps !== 1e-10) warn("`eps` parameter is deprecated and has no effect.");
  const gumbels = aten.empty_like(logits, { memory_format: contiguous_format }).exponential_().log().neg();
  const y_soft = logits.add(gumbels).div(tau).softmax(dim);
  if (!hard) return y_soft;
  const index = y_soft.max(dim, { keepdim: true })[1];
  const y_hard = aten.zeros_like(logits, { memory_format: contiguous_format }).scatter_(dim, index, 1.0);
  return y_hard.sub(y_soft.detach()).add(y_soft);
});

// ---- embeddings -------------------------------------------------------------------

/** F.embedding(input, weight, padding_idx = None, max_norm = None, norm_type = 2.0, scale_grad_by_freq = False, sparse = False) */
export const embedding = def<F2>("embedding", "input: Tensor, weight: Tensor, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False",
  (input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse) => {
    const rows = weight.size(0);
    if (padding_idx !== null) {
      if ((padding_idx > 0 && padding_idx >= rows) || (padding_idx < 0 && padding_idx < -rows)) throw new AssertionError("Padding_idx must be within num_embeddings");
      if (padding_idx < 0) padding_idx = rows + padding_idx;
    } else padding_idx = -1;
    if (max_norm !== null) {
      input = input.contiguous();
      no_grad(() => T.embedding_renorm_(weight, input, max_norm, norm_type));
    }
    return T.embedding(weight, input, padding_idx, scale_grad_by_freq, sparse);
  });

/** F.embedding_bag(input, weight, offsets = None, max_norm = None, norm_type = 2, scale_grad_by_freq = False, mode = 'mean', sparse = False, per_sample_weights = None, include_last_offset = False, padding_idx = None) */
export const embedding_bag = def<F2>("embedding_bag",
  "input: Tensor, weight, offsets: Tensor=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights: Tensor=None, include_last_offset=False, padding_idx=None",
  (input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse, psw, include_last_offset, padding_idx) => {
    if (weight.dtype.name === "int64" && input.is_floating_point()) [weight, input] = [input, weight];
    if (psw !== null && !input.shape.equals(psw.shape)) {
      throw new ValueError(`embedding_bag: If per_sample_weights (${psw.shape}) is not None, then it must have the same shape as the input (${input.shape})`);
    }
    if (V2 && weight.dim() !== 2) throw new ValueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.dim()}`);
    if (input.dim() === 2) {
      if (offsets !== null) {
        throw new ValueError(`if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>`);
      }
      offsets = aten.arange(0, input.numel(), input.size(1), { dtype: input.dtype, device: input.device });
      input = input.reshape(-1);
      if (psw !== null) psw = psw.reshape(-1);
      if (V2) include_last_offset = false;
    } else if (input.dim() === 1) {
      if (offsets === null) throw new ValueError("offsets has to be a 1D Tensor but got None");
      if (offsets.dim() !== 1) throw new ValueError("offsets has to be a 1D Tensor");
    } else throw new ValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`);
    const modes: Record<string, number> = { sum: 0, mean: 1, max: 2 };
    if (!(mode in modes)) throw new ValueError("mode has to be one of sum, mean or max");
    if (mode === "max" && scale_grad_by_freq) throw new ValueError("max mode does not support scaling the gradient by the frequency");
    if (mode === "max" && sparse) throw new ValueError("max mode does not support sparse weights");
    if (max_norm !== null) no_grad(() => T.embedding_renorm_(weight, input, max_norm, norm_type));
    if (psw !== null && mode !== "sum") {
      throw new NotImplementedError(
        `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`,
      );
    }
    return (T.embedding_bag as unknown as (...a: unknown[]) => Tensor[])(weight, input, offsets, scale_grad_by_freq, modes[mode], sparse, psw, include_last_offset, padding_idx)[0];
  });

// ---- normalisation ----------------------------------------------------------------

function verifyBatchSize(size: readonly number[]): void {
  let prods = size[0];
  for (let i = 0; i < size.length - 2; i++) prods *= size[i + 2];
  // Python formats what it was given: a torch.Size, or group_norm's list.
  const shown = size instanceof Size ? String(size) : pyRepr(size);
  if (prods === 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size ${shown}`);
}
/** F.batch_norm(input, running_mean, running_var, weight = None, bias = None, training = False, momentum = 0.1, eps = 1e-05) */
export const batch_norm = def<(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, ...args: unknown[]) => Tensor>(
  "batch_norm", "input: Tensor, running_mean, running_var, weight: Tensor=None, bias: Tensor=None, training=False, momentum=0.1, eps=1e-05",
  (input, running_mean, running_var, weight, bias, training, momentum, eps) => {
    if (training) verifyBatchSize(input.shape);
    if (V2) {
      if (training && eps <= 0.0) throw new ValueError(`batch_norm eps must be positive during training, but got ${floatRepr(eps)}`);
      if (eps < 0.0) throw new ValueError(`batch_norm eps must be non-negative, but got ${floatRepr(eps)}`);
    }
    return T.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, CUDNN_ENABLED);
  });
/** F.instance_norm(input, running_mean = None, running_var = None, weight = None, bias = None, use_input_stats = True, momentum = 0.1, eps = 1e-05) */
export const instance_norm = def<F1>("instance_norm", "input: Tensor, running_mean: Tensor=None, running_var: Tensor=None, weight: Tensor=None, bias: Tensor=None, use_input_stats=True, momentum=0.1, eps=1e-05",
  (input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps) => {
    if (use_input_stats && input.shape.slice(2).reduce((a: number, b: number) => a * b, 1) === 1) {
      throw new ValueError(`Expected more than 1 spatial element when training, got input size ${input.shape}`);
    }
    return T.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, CUDNN_ENABLED);
  });
/** F.layer_norm(input, normalized_shape, weight = None, bias = None, eps = 1e-05) */
export const layer_norm = def<F1>("layer_norm", "input: Tensor, normalized_shape, weight: Tensor=None, bias: Tensor=None, eps=1e-05", (input, shape, weight, bias, eps) =>
  T.layer_norm(input, shape, weight, bias, eps, CUDNN_ENABLED));
/** F.rms_norm(input, normalized_shape, weight = None, eps = None) (PyTorch 2.4 and later) */
export const rms_norm = def<F1>("rms_norm", "input: Tensor, normalized_shape, weight: Tensor=None, eps=None", (input, shape, weight, eps) => T.rms_norm(input, shape, weight, eps));
/** F.group_norm(input, num_groups, weight = None, bias = None, eps = 1e-05) */
export const group_norm = def<F1>("group_norm", "input: Tensor, num_groups, weight: Tensor=None, bias: Tensor=None, eps=1e-05", (input, num_groups, weight, bias, eps) => {
  if (V2 && input.dim() < 2) throw new RuntimeError(`Expected at least 2 dimensions for input tensor but received ${input.dim()}`);
  verifyBatchSize([Math.floor((input.size(0) * input.size(1)) / num_groups), num_groups, ...input.shape.slice(2)]);
  return T.group_norm(input, num_groups, weight, bias, eps, CUDNN_ENABLED);
});
/** F.local_response_norm(input, size, alpha = 0.0001, beta = 0.75, k = 1.0) */
export const local_response_norm = def<F1>("local_response_norm", "input: Tensor, size, alpha=0.0001, beta=0.75, k=1.0", (input, size, alpha, beta, k) => {
  const dim = input.dim();
  if (dim < 3) throw new ValueError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  if (input.numel() === 0) return input;
  let div = input.mul(input);
  if (!V2 || dim === 3) div = div.unsqueeze(1);
  if (dim === 3) {
    div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
    div = avg_pool2d(div, [size, 1], { stride: 1 }).squeeze(1);
  } else {
    const sizes = input.shape;
    div = div.view(sizes[0], 1, sizes[1], sizes[2], -1);
    div = pad(div, [0, 0, 0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
    div = avg_pool3d(div, [size, 1, 1], { stride: 1 }).squeeze(1);
    div = div.view(sizes);
  }
  return input.div(div.mul(alpha).add(k).pow(beta));
});
/** F.normalize(input, p = 2.0, dim = 1, eps = 1e-12, out = None) */
export const normalize = def<F1>("normalize", "input: Tensor, p=2.0, dim=1, eps=1e-12, out=None", (input, p, dim, eps, out) => {
  if (out === null) return input.div(input.norm(p, dim, { keepdim: true }).clamp_min(eps).expand_as(input));
  return aten.div(input, input.norm(p, dim, { keepdim: true }).clamp_min_(eps).expand_as(input), { out });
});

// ---- padding, shapes, sampling ----------------------------------------------------

/** F.pad(input, pad, mode = 'constant', value = None) */
export const pad = def<(input: Tensor, pad: IntList, ...args: unknown[]) => Tensor>("pad", "input: Tensor, pad, mode='constant', value=None", (input, p, mode, value) =>
  N.pad(input, p, mode, value));
/** F.unfold(input, kernel_size, dilation = 1, padding = 0, stride = 1) */
export const unfold = def<F1>("unfold", "input: Tensor, kernel_size, dilation=1, padding=0, stride=1", (input, kernel_size, dilation, padding, stride) =>
  N.im2col(input, ntuple(kernel_size, 2), ntuple(dilation, 2), ntuple(padding, 2), ntuple(stride, 2)));
/** F.fold(input, output_size, kernel_size, dilation = 1, padding = 0, stride = 1) */
export const fold = def<F1>("fold", "input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1", (input, output_size, kernel_size, dilation, padding, stride) =>
  N.col2im(input, ntuple(output_size, 2), ntuple(kernel_size, 2), ntuple(dilation, 2), ntuple(padding, 2), ntuple(stride, 2)));

const GRID_MODES: Record<string, number> = { bilinear: 0, nearest: 1, bicubic: 2 };
const GRID_PADDING: Record<string, number> = { zeros: 0, border: 1, reflection: 2 };
/**
 * F.affine_grid(theta, size, align_corners = None): the sampling grid of a batch of 2D (N×2×3) or 3D (N×3×4)
 * affine matrices, for grid_sample.
 */
export const affine_grid = def<(theta: Tensor, size: IntList, ...args: unknown[]) => Tensor>("affine_grid", "theta: Tensor, size, align_corners=None", (theta: Tensor, size: number[], align_corners) => {
  if (align_corners === null) {
    warn("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.");
    align_corners = false;
  }
  if (!theta.is_floating_point()) throw new ValueError(`Expected theta to have floating point type, but got ${theta.dtype}`);
  const dims = size.length === 4 ? [2, 3] : size.length === 5 ? [3, 4] : null;
  if (dims === null) {
    throw new NotImplementedError(`affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${pyRepr(size)}.`);
  }
  if (theta.dim() !== 3 || theta.shape[1] !== dims[0] || theta.shape[2] !== dims[1]) {
    const kind = size.length === 4 ? "2D affine matrices of shape Nx2x3" : "3D affine matrices of shape Nx3x4";
    throw new ValueError(`Expected a batch of ${kind} for size ${pyRepr(size)}. Got ${theta.shape}.`);
  }
  const spatial = size.slice(2);
  if (align_corners && Math.min(...spatial) === 1) {
    warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.");
  } else if (Math.min(...size) <= 0) throw new ValueError(`Expected non-zero, positive output size. Got ${pyRepr(size)}`);
  return T.affine_grid_generator(theta, [...size], align_corners);
});
/** F.grid_sample(input, grid, mode = 'bilinear', padding_mode = 'zeros', align_corners = None) */
export const grid_sample = def<F2>("grid_sample", "input: Tensor, grid: Tensor, mode='bilinear', padding_mode='zeros', align_corners=None", (input, grid, mode, padding_mode, align_corners) => {
  if (!(mode in GRID_MODES)) throw new ValueError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  if (!(padding_mode in GRID_PADDING)) {
    throw new ValueError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding_mode}'`);
  }
  return T.grid_sampler(input, grid, GRID_MODES[mode], GRID_PADDING[padding_mode], align_corners ?? false);
});

// ---- losses -----------------------------------------------------------------------

// The size check that the pointwise losses make before broadcasting.
function sizeWarning(input: Tensor, target: Tensor): void {
  if (!target.shape.equals(input.shape)) {
    warn(
      `Using a target size (${target.shape}) that is different to the input size (${input.shape}). ` +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  }
}
const pointwise = (name: string, kernel: (a: Tensor, b: Tensor, r: number) => Tensor) =>
  def<F2>(name, "input: Tensor, target: Tensor, size_average=None, reduce=None, reduction='mean'", (input, target, size_average, reduce, reduction) => {
    sizeWarning(input, target);
    const r = reductionOf(size_average, reduce, reduction);
    const [a, b] = broadcast_tensors(input, target) as [Tensor, Tensor];
    return kernel(a, b, r);
  });
/** F.l1_loss(input, target, size_average = None, reduce = None, reduction = 'mean') */
export const l1_loss = pointwise("l1_loss", N.l1_loss);
/** F.mse_loss(input, target, size_average = None, reduce = None, reduction = 'mean') */
export const mse_loss = pointwise("mse_loss", N.mse_loss);
/** F.smooth_l1_loss(input, target, size_average = None, reduce = None, reduction = 'mean', beta = 1.0) */
export const smooth_l1_loss = def<F2>("smooth_l1_loss", "input: Tensor, target: Tensor, size_average=None, reduce=None, reduction='mean', beta=1.0",
  (input, target, size_average, reduce, reduction, beta) => {
    sizeWarning(input, target);
    const r = reductionOf(size_average, reduce, reduction);
    const [a, b] = broadcast_tensors(input, target) as [Tensor, Tensor];
    return N.smooth_l1_loss(a, b, r, beta);
  });
/** F.huber_loss(input, target, reduction = 'mean', delta = 1.0) */
export const huber_loss = def<F2>("huber_loss", "input: Tensor, target: Tensor, reduction='mean', delta=1.0", (input, target, reduction, delta) => {
  sizeWarning(input, target);
  const [a, b] = broadcast_tensors(input, target) as [Tensor, Tensor];
  return N.huber_loss(a, b, reductionEnum(reduction), delta);
});
/** F.nll_loss(input, target, weight = None, size_average = None, ignore_index = -100, reduce = None, reduction = 'mean') */
export const nll_loss = def<F2>("nll_loss", "input: Tensor, target: Tensor, weight: Tensor=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'",
  (input, target, weight, size_average, ignore_index, reduce, reduction) =>
    N.nll_loss_nd(input, target, weight, reductionOf(size_average, reduce, reduction), ignore_index));
/** F.cross_entropy(input, target, weight = None, size_average = None, ignore_index = -100, reduce = None, reduction = 'mean', label_smoothing = 0.0) */
export const cross_entropy = def<F2>("cross_entropy",
  "input: Tensor, target: Tensor, weight: Tensor=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0",
  (input, target, weight, size_average, ignore_index, reduce, reduction, label_smoothing) =>
    N.cross_entropy_loss(input, target, weight, reductionOf(size_average, reduce, reduction), ignore_index, label_smoothing));
/** The linear_cross_entropy options' chunked path: whether PyTorch would take it (_linear_cross_entropy_chunked_applies), warning where given options are ignored. */
function lceChunkedApplies(input: Tensor, linear_weight: Tensor, target: Tensor, linear_bias: Tensor | null, reduction: string, label_smoothing: number): boolean {
  const outFeatures = linear_weight.shape.slice(1, -1);
  const logitsShape = [...input.shape.slice(0, -1), linear_weight.shape[0], ...outFeatures];
  const chunkableProb = sameShape(target.shape, logitsShape) && target.dtype === input.dtype && !(target.requires_grad && is_grad_enabled());
  const applies = ["mean", "sum", "none"].includes(reduction) && label_smoothing === 0.0 && (target.dtype === int64 || chunkableProb) && outFeatures.length === 0;
  if (!applies) {
    warn(
      "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in {'mean','sum','none'}, label_smoothing == 0, target.dtype" +
        " == int64 (or a probability target with dtype matching input and requires_grad == False), out_features == (). Got " +
        `reduction=${pyRepr(reduction)}, label_smoothing=${floatRepr(label_smoothing)}, target.dtype=${target.dtype}, out_features=${pyRepr(outFeatures)}` +
        `, tracing=False, target.requires_grad=${pyRepr(target.requires_grad)}, linear_bias.shape=${linear_bias ? pyRepr([...linear_bias.shape]) : "None"}.`,
    );
  }
  return applies;
}
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * F.linear_cross_entropy(input, linear_weight, target, *, linear_bias = None, weight = None, reduction = 'mean',
 * ignore_index = None, label_smoothing = 0.0, options = None) (PyTorch 2.x): cross_entropy of a linear projection,
 * computed as PyTorch's reference path (options = None) computes it.
 */
export const linear_cross_entropy = def<F3>("linear_cross_entropy",
  "input: Tensor, linear_weight: Tensor, target: Tensor, *, linear_bias: Tensor=None, weight: Tensor=None, reduction='mean', ignore_index=None, label_smoothing=0.0, options=None",
  (input: Tensor, linear_weight: Tensor, target: Tensor, linear_bias: Tensor | null, weight, reduction, ignore_index, label_smoothing, options) => {
    if (!LINEAR_CROSS_ENTROPY) throw new NotImplementedError(`F.linear_cross_entropy is not in PyTorch ${libtorch_version} (PyTorch 2.15 has it)`);
    if (input.dim() < 1 || input.dim() > 2) throw new RuntimeError(`expected input with dimensionality 1 or 2, got ${input.dim()}`);
    if (linear_weight.dim() < 2) throw new RuntimeError(`expected linear_weight with dimensionality at least 2, got ${linear_weight.dim()}`);
    const batches = input.shape.slice(0, -1), inFeatures = input.shape[input.dim() - 1];
    if (inFeatures !== linear_weight.shape[linear_weight.dim() - 1]) {
      throw new RuntimeError(`expected equal input and linear_weight last dimensions (in_features), got ${inFeatures} and ${linear_weight.shape[linear_weight.dim() - 1]}, respectively`);
    }
    const numClasses = linear_weight.shape[0], outFeatures = linear_weight.shape.slice(1, -1);
    if (linear_bias !== null && !sameShape(linear_bias.shape, [numClasses, ...outFeatures])) {
      throw new RuntimeError(`expected linear_bias shape ${pyRepr([numClasses, ...outFeatures])}, got ${pyRepr([...linear_bias.shape])}`);
    }
    if (outFeatures.length > 0 && batches.length === 0) {
      throw new RuntimeError(`K-dimensional loss defined by linear_weight shape ${pyRepr([...linear_weight.shape])} requires batched input, (N, ${inFeatures}), got unbatched input with shape ${pyRepr([...input.shape])}`);
    }
    const logitsShape = [...batches, numClasses, ...outFeatures];
    if (sameShape(target.shape, logitsShape) && ignore_index !== null) throw new RuntimeError("ignore_index cannot be specified when target contains probabilities");
    if (options !== null && lceChunkedApplies(input, linear_weight, target, linear_bias, reduction, label_smoothing)) {
      throw new NotImplementedError("F.linear_cross_entropy's chunked path (options given) is not ported to torchnode; pass options=None for PyTorch's reference path");
    }
    let w = linear_weight, b = linear_bias;
    if (outFeatures.length > 0) {
      const rows = outFeatures.reduce((a, x) => a * x, numClasses);
      w = w.reshape([rows, inFeatures]);
      if (b !== null) b = b.reshape(rows);
    }
    const logits = linear(input, w, b).reshape(logitsShape);
    return cross_entropy(logits, target, { weight, reduction, ignore_index: ignore_index ?? -100, label_smoothing });
  });
/** F.binary_cross_entropy(input, target, weight = None, size_average = None, reduce = None, reduction = 'mean') */
export const binary_cross_entropy = def<F2>("binary_cross_entropy", "input: Tensor, target: Tensor, weight: Tensor=None, size_average=None, reduce=None, reduction='mean'",
  (input, target, weight, size_average, reduce, reduction) => {
    const r = reductionOf(size_average, reduce, reduction);
    if (!target.shape.equals(input.shape)) {
      throw new ValueError(`Using a target size (${target.shape}) that is different to the input size (${input.shape}) is deprecated. Please ensure they have the same size.`);
    }
    if (weight !== null) weight = weight.expand(broadcast_shapes(target.shape, weight.shape));
    return N.binary_cross_entropy(input, target, weight, r);
  });
/** F.binary_cross_entropy_with_logits(input, target, weight = None, size_average = None, reduce = None, reduction = 'mean', pos_weight = None) */
export const binary_cross_entropy_with_logits = def<F2>("binary_cross_entropy_with_logits",
  "input: Tensor, target: Tensor, weight: Tensor=None, size_average=None, reduce=None, reduction='mean', pos_weight: Tensor=None",
  (input, target, weight, size_average, reduce, reduction, pos_weight) => {
    const r = reductionOf(size_average, reduce, reduction);
    if (!target.shape.equals(input.shape)) throw new ValueError(`Target size (${target.shape}) must be the same as input size (${input.shape})`);
    return T.binary_cross_entropy_with_logits(input, target, weight, pos_weight, r);
  });
/** F.kl_div(input, target, size_average = None, reduce = None, reduction = 'mean', log_target = False) */
export const kl_div = def<F2>("kl_div", "input: Tensor, target: Tensor, size_average=None, reduce=None, reduction='mean', log_target=False",
  (input, target, size_average, reduce, reduction, log_target) => {
    let r: number;
    if (size_average !== null || reduce !== null) r = reductionEnum(legacyReduction(size_average, reduce));
    else {
      if (reduction === "mean") {
        warn(
          "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.",
        );
      }
      r = reductionEnum(reduction === "batchmean" ? "sum" : reduction);
    }
    const reduced = T.kl_div(input, target, r, { log_target });
    return reduction === "batchmean" && input.dim() !== 0 ? reduced.div(input.size(0)) : reduced;
  });
/** F.poisson_nll_loss(input, target, log_input = True, full = False, size_average = None, eps = 1e-08, reduce = None, reduction = 'mean') */
export const poisson_nll_loss = def<F2>("poisson_nll_loss",
  "input: Tensor, target: Tensor, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'",
  (input, target, log_input, full, size_average, eps, reduce, reduction) => {
    if (size_average !== null || reduce !== null) reduction = legacyReduction(size_average, reduce);
    if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") {
      throw new ValueError(reduction + (V2 ? " is not a valid value for reduction" : " is not valid"));
    }
    return T.poisson_nll_loss(input, target, log_input, full, eps, reductionEnum(reduction));
  });
/** F.gaussian_nll_loss(input, target, var, full = False, eps = 1e-06, reduction = 'mean') */
export const gaussian_nll_loss = def<F3>("gaussian_nll_loss", "input: Tensor, target: Tensor, var, full=False, eps=1e-06, reduction='mean'",
  (input, target, v, full, eps, reduction) => {
    // 2.x takes a float var and checks its sign first; 1.13 checks the shape, then the reduction, then the sign.
    if (V2 && typeof v === "number") {
      if (v < 0) throw new ValueError("var has negative entry/entries");
      v = aten.ones_like(input).mul(v);
    }
    if (!(v instanceof Tensor)) {
      // Where PyTorch first uses var: 2.x compares it with 0, 1.13 takes its size (an AttributeError, here a TypeError).
      throw new TorchTypeError(V2 ? `'<' not supported between instances of '${pyTypeName(v)}' and 'int'` : `'${pyTypeName(v)}' object has no attribute 'size'`);
    }
    if (V2 && aten.any(v.lt(0)).item()) throw new ValueError("var has negative entry/entries");
    if (!v.shape.equals(input.shape)) {
      const lead = input.shape.slice(0, -1);
      const broadcastable = V2
        ? input.dim() === v.dim() && sumOfMismatched(input.shape, v.shape) === 1
        : v.dim() >= 1 && v.shape.slice(0, -1).length === lead.length && v.shape.slice(0, -1).every((x: number, i: number) => x === lead[i]) && v.size(-1) === 1;
      if (v.shape.equals(lead)) v = aten.unsqueeze(v, -1);
      else if (!broadcastable) throw new ValueError("var is of incorrect size");
    }
    if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new ValueError(reduction + " is not valid");
    if (!V2 && aten.any(v.lt(0)).item()) throw new ValueError("var has negative entry/entries");
    v = v.clone();
    no_grad(() => v.clamp_({ min: eps }));
    let loss = aten.log(v).add(input.sub(target).pow(2).div(v)).mul(0.5);
    if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
    return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
  });
// sum(y for x, y in zip(input.size(), var.size()) if x != y)
function sumOfMismatched(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, x, i) => (x !== b[i] ? s + b[i] : s), 0);
}
// Losses whose last three parameters are size_average, reduce and reduction: the kernel gets the reduction's enum.
const enumLoss = <F>(name: string, spec: string, kernel: (...a: unknown[]) => Tensor) =>
  def<F>(name, spec, (...a: unknown[]) => {
    const [size_average, reduce, reduction] = a.slice(-3) as [boolean | null, boolean | null, string];
    return kernel(...a.slice(0, -3), reductionOf(size_average, reduce, reduction));
  });
const LEGACY = "size_average=None, reduce=None, reduction='mean'";
/** F.hinge_embedding_loss(input, target, margin = 1.0, size_average = None, reduce = None, reduction = 'mean') */
export const hinge_embedding_loss = enumLoss<F2>("hinge_embedding_loss", `input: Tensor, target: Tensor, margin=1.0, ${LEGACY}`, T.hinge_embedding_loss);
/** F.multilabel_margin_loss(input, target, size_average = None, reduce = None, reduction = 'mean') */
export const multilabel_margin_loss = enumLoss<F2>("multilabel_margin_loss", `input: Tensor, target: Tensor, ${LEGACY}`, N.multilabel_margin_loss);
/** F.soft_margin_loss(input, target, size_average = None, reduce = None, reduction = 'mean') */
export const soft_margin_loss = enumLoss<F2>("soft_margin_loss", `input: Tensor, target: Tensor, ${LEGACY}`, N.soft_margin_loss);
/** F.cosine_embedding_loss(input1, input2, target, margin = 0, size_average = None, reduce = None, reduction = 'mean') */
export const cosine_embedding_loss = enumLoss<F3>("cosine_embedding_loss", `input1: Tensor, input2: Tensor, target: Tensor, margin=0, ${LEGACY}`, T.cosine_embedding_loss);
/** F.triplet_margin_loss(anchor, positive, negative, margin = 1.0, p = 2, eps = 1e-06, swap = False, size_average = None, reduce = None, reduction = 'mean') */
export const triplet_margin_loss = enumLoss<F3>("triplet_margin_loss", `anchor: Tensor, positive: Tensor, negative: Tensor, margin=1.0, p=2, eps=1e-06, swap=False, ${LEGACY}`,
  T.triplet_margin_loss);
/** F.margin_ranking_loss(input1, input2, target, margin = 0, size_average = None, reduce = None, reduction = 'mean') */
export const margin_ranking_loss = def<F3>("margin_ranking_loss", `input1: Tensor, input2: Tensor, target: Tensor, margin=0, ${LEGACY}`,
  (input1, input2, target, margin, size_average, reduce, reduction) => {
    const r = reductionOf(size_average, reduce, reduction);
    if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
      throw new RuntimeError(
        `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${input1.shape}, input2: ${input2.shape}, target: ${target.shape} `,
      );
    }
    return T.margin_ranking_loss(input1, input2, target, margin, r);
  });
/** F.multi_margin_loss(input, target, p = 1, margin = 1.0, weight = None, size_average = None, reduce = None, reduction = 'mean') */
export const multi_margin_loss = def<F2>("multi_margin_loss", `input: Tensor, target: Tensor, p=1, margin=1.0, weight: Tensor=None, ${LEGACY}`,
  (input, target, p, margin, weight, size_average, reduce, reduction) => {
    const r = reductionOf(size_average, reduce, reduction);
    if (p !== 1 && p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    if (weight !== null && weight.dim() !== 1) throw new ValueError("weight must be one-dimensional");
    return N.multi_margin_loss(input, target, p, margin, weight, r);
  });
/** F.multilabel_soft_margin_loss(input, target, weight = None, size_average = None, reduce = None, reduction = 'mean') */
export const multilabel_soft_margin_loss = def<F2>("multilabel_soft_margin_loss", `input: Tensor, target: Tensor, weight: Tensor=None, ${LEGACY}`,
  (input, target, weight, size_average, reduce, reduction) => {
    if (size_average !== null || reduce !== null) reduction = legacyReduction(size_average, reduce);
    let loss = target.mul(logsigmoid(input)).add(aten.rsub(target, 1).mul(logsigmoid(input.neg()))).neg();
    if (weight !== null) loss = loss.mul(weight);
    const classDim = input.dim() - 1;
    loss = loss.sum(classDim).div(input.size(classDim));
    if (reduction === "none") return loss;
    if (reduction === "mean") return loss.mean();
    if (reduction === "sum") return loss.sum();
    throw new ValueError(reduction + (V2 ? " is not a valid value for reduction" : " is not valid"));
  });
/** F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank = 0, reduction = 'mean', zero_infinity = False) */
export const ctc_loss = def<(log_probs: Tensor, targets: Tensor, input_lengths: Tensor, target_lengths: Tensor, ...args: unknown[]) => Tensor>(
  "ctc_loss", "log_probs: Tensor, targets: Tensor, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False",
  (log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity) =>
    T.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reductionEnum(reduction), zero_infinity));
/** 1.13's torch.min(a, b) on values that are not tensors: the overloads Python lists. */
function invalidMin(a: unknown, b: unknown): string {
  return `min() received an invalid combination of arguments - got (${pyTypeName(a)}, ${pyTypeName(b)}), but expected one of:\n` +
    " * (Tensor input)\n * (Tensor input, Tensor other, *, Tensor out)\n * (Tensor input, int dim, bool keepdim, *, tuple of Tensors out)\n" +
    " * (Tensor input, name dim, bool keepdim, *, tuple of Tensors out)\n";
}

/**
 * margin + dist_pos - dist_neg (2.x; 1.13 adds the margin last) for what a user's distance function returned:
 * Python's arithmetic takes a tensor on either side; two numbers make a float that clamp refuses, as PyTorch's does.
 */
function tripletDifference(pos: unknown, neg: unknown, margin: number): Tensor {
  if (pos instanceof Tensor) return V2 ? pos.add(margin).sub(neg as Tensor) : pos.sub(neg as Tensor).add(margin);
  const isNumber = (v: unknown) => typeof v === "number" || typeof v === "boolean";
  if (!isNumber(pos) || !(neg instanceof Tensor || isNumber(neg))) {
    const [op, left, right] = V2
      ? (isNumber(pos) ? ["-", "float", pyTypeName(neg)] : ["+", "float", pyTypeName(pos)])
      : ["-", pyTypeName(pos), pyTypeName(neg)];
    throw new TorchTypeError(`unsupported operand type(s) for ${op}: '${left}' and '${right}'`);
  }
  if (neg instanceof Tensor) return neg.neg().add(Number(pos) + margin);
  throw new TorchTypeError(V2
    ? "clamp_min() received an invalid combination of arguments - got (float, int), but expected one of:\n" +
      " * (Tensor input, Tensor min, *, Tensor out = None)\n * (Tensor input, Number min, *, Tensor out = None)\n"
    : "clamp() received an invalid combination of arguments - got (float, min=float), but expected one of:\n" +
      " * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n");
}

/** F.triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function = None, margin = 1.0, swap = False, reduction = 'mean') */
export const triplet_margin_with_distance_loss = def<F3>("triplet_margin_with_distance_loss",
  "anchor: Tensor, positive: Tensor, negative: Tensor, *, distance_function=None, margin=1.0, swap=False, reduction='mean'",
  (anchor, positive, negative, distance_function, margin, swap, reduction) => {
    if (V2) {
      const [a_dim, p_dim, n_dim] = [anchor.dim(), positive.dim(), negative.dim()];
      if (!(a_dim === p_dim && p_dim === n_dim)) {
        throw new RuntimeError(
          "The anchor, positive, and negative tensors are expected to have the same number of dimensions, " +
            `but got: anchor ${a_dim}D, positive ${p_dim}D, and negative ${n_dim}D inputs`,
        );
      }
    }
    const distance = (distance_function ?? pairwise_distance) as (a: Tensor, b: Tensor) => unknown;
    const pos = distance(anchor, positive);
    let neg = distance(anchor, negative);
    if (swap) {
      const swapped = distance(positive, negative);
      if (!(neg instanceof Tensor)) {
        throw new TorchTypeError(V2 ? `minimum(): argument 'input' (position 1) must be Tensor, not ${pyTypeName(neg)}` : invalidMin(neg, swapped));
      }
      neg = V2 ? aten.minimum(neg, swapped as Tensor) : aten.min(neg, swapped as Tensor);
    }
    const output = aten.clamp(tripletDifference(pos, neg, margin), { min: 0.0 });
    const r = reductionEnum(reduction);
    return r === 1 ? output.mean() : r === 2 ? output.sum() : output;
  });

// ---- interpolation ----------------------------------------------------------------

const LINEAR_MODES = "nearest | linear | bilinear | bicubic | trilinear" + (V2 ? " | lanczos" : "") + " | area | nearest-exact";
/** F.interpolate(input, size = None, scale_factor = None, mode = 'nearest', align_corners = None, recompute_scale_factor = None, antialias = False) */
export const interpolate = def<F1>("interpolate",
  "input: Tensor, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False",
  (input, size, scale_factor, mode, align_corners, recompute_scale_factor, antialias) => {
    if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
      if (align_corners !== null) throw new ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
    } else if (align_corners === null) align_corners = false;
    const dim = input.dim() - 2;
    let output_size: number[] | null = null, scale_factors: number[] | null = null;
    if (size !== null && scale_factor !== null) throw new ValueError("only one of size or scale_factor should be defined");
    else if (size !== null) {
      if (Array.isArray(size)) {
        if (size.length !== dim) {
          throw new ValueError(
            `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyRepr(input.shape.slice(2))} and output size of ${pyRepr(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
          );
        }
        output_size = size;
      } else output_size = Array(dim).fill(size);
    } else if (scale_factor !== null) {
      if (Array.isArray(scale_factor)) {
        if (scale_factor.length !== dim) {
          throw new ValueError(
            `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyRepr(input.shape.slice(2))} and scale_factor of shape ${pyRepr(scale_factor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
          );
        }
        scale_factors = scale_factor;
      } else scale_factors = Array(dim).fill(scale_factor);
    } else throw new ValueError("either size or scale_factor should be defined");
    if (recompute_scale_factor && size !== null) throw new ValueError("recompute_scale_factor is not meaningful with an explicit size.");
    if (mode === "area" && output_size === null) recompute_scale_factor = true;
    if (recompute_scale_factor) {
      output_size = scale_factors!.map((s, i) => Math.floor(input.size(i + 2) * s));
      scale_factors = null;
    }
    const aaModes = V2 ? ["bilinear", "bicubic", "lanczos"] : ["bilinear", "bicubic"];
    if (antialias && !(aaModes.includes(mode) && input.dim() === 4)) {
      throw new ValueError(V2 ? "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input" : "Anti-alias option is only supported for bilinear and bicubic modes");
    }
    const d = input.dim();
    const key = `${d}:${mode}`;
    const nearest: Record<string, string> = {
      "3:nearest": "upsample_nearest1d", "4:nearest": "upsample_nearest2d", "5:nearest": "upsample_nearest3d",
      "3:nearest-exact": "_upsample_nearest_exact1d", "4:nearest-exact": "_upsample_nearest_exact2d", "5:nearest-exact": "_upsample_nearest_exact3d",
    };
    if (key in nearest) return N[nearest[key]](input, output_size, scale_factors);
    if (key === "3:area") return adaptive_avg_pool1d(input, output_size as never);
    if (key === "4:area") return adaptive_avg_pool2d(input, output_size);
    if (key === "5:area") return adaptive_avg_pool3d(input, output_size);
    const linear: Record<string, string> = {
      "3:linear": "upsample_linear1d", "4:bilinear": antialias ? "_upsample_bilinear2d_aa" : "upsample_bilinear2d",
      "5:trilinear": "upsample_trilinear3d", "4:bicubic": antialias ? "_upsample_bicubic2d_aa" : "upsample_bicubic2d",
    };
    if (key in linear) return N[linear[key]](input, output_size, align_corners, scale_factors);
    if (V2 && key === "4:lanczos") {
      if (align_corners) throw new ValueError("Lanczos mode does not support align_corners=True");
      if (!antialias) throw new ValueError("Lanczos mode requires antialias=True");
      return N._upsample_lanczos2d_aa(input, output_size, align_corners, scale_factors);
    }
    const needs: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
    if (d >= 3 && d <= 5 && mode in needs) throw new NotImplementedError(`Got ${d}D input, but ${mode} mode needs ${needs[mode]}D input`);
    throw new NotImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${d}D) for the modes: ${LINEAR_MODES} (got ${mode})`);
  });
/** F.upsample(input, size = None, scale_factor = None, mode = 'nearest', align_corners = None) (deprecated: interpolate) */
export const upsample = def<F1>("upsample", "input: Tensor, size=None, scale_factor=None, mode='nearest', align_corners=None", (input, size, scale_factor, mode, align_corners) => {
  warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.");
  return interpolate(input, size, scale_factor, mode, align_corners);
});
/** F.upsample_nearest(input, size = None, scale_factor = None) (deprecated: interpolate) */
export const upsample_nearest = def<F1>("upsample_nearest", "input: Tensor, size=None, scale_factor=None", (input, size, scale_factor) => {
  warn("nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.");
  return interpolate(input, size, scale_factor, { mode: "nearest" });
});
/** F.upsample_bilinear(input, size = None, scale_factor = None) (deprecated: interpolate with align_corners) */
export const upsample_bilinear = def<F1>("upsample_bilinear", "input: Tensor, size=None, scale_factor=None", (input, size, scale_factor) => {
  warn("nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.");
  return interpolate(input, size, scale_factor, { mode: "bilinear", align_corners: true });
});

// ---- multi-head attention (lib/nn/_multi_head_attention.ts) ------------------------
export { multi_head_attention_forward, _in_projection_packed, _in_projection, _mha_shape_check, _canonical_mask, _none_or_dtype } from "./_multi_head_attention";

/**
 * torch.nn.init (torch/nn/init.py): in-place initialisers, computing their
 * bounds in double precision exactly as PyTorch does and drawing from the
 * random stream in PyTorch's order, so that initial weights are the same bits
 * as Python's for the same seed. Arguments are Python's: positional, or one
 * trailing options object (`kaiming_uniform_(w, { a: Math.sqrt(5) })`);
 * `generator` where the running release takes it (2.2 and later).
 */
import { no_grad } from "../autograd/grad_mode";
import { ValueError } from "../errors";
import type { Generator } from "../generator";
import { native } from "../native";
import { binder, type Optional } from "../_pydef";
import * as torch from "../_generated/torch";
import * as linalg from "../_generated/linalg";
import { tensor as makeTensor } from "../creation";
import type { Tensor } from "../tensor";
import { torchAtLeast } from "../version";

export type Nonlinearity = "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";
export type FanMode = "fan_in" | "fan_out";

// nn.init's `generator` arrived in PyTorch 2.2; trunc_normal_ became rejection sampling in 2.12.
const GENERATOR = torchAtLeast(2, 2);
const REJECTION_TRUNC_NORMAL = torchAtLeast(2, 12);
const GEN = GENERATOR ? ", generator=None" : "";
type Gen = Generator | null;

/** Python's float ** float (C's pow), which V8's Math.pow may miss by an ulp. */
export const pyPow = (base: number, exponent: number): number => native._py_pow(base, exponent);

const warned = new Set<string>();
/** warnings.warn, once per message (Python's default filter shows a warning once per place). */
function warn(message: string, category = "UserWarning"): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, category);
}

// math.erf: libm's erf; ATen's float64 erf agrees with it to the last bit or one ulp, which the
// float32 bounds of trunc_normal_ (and its 2.x acceptance test) do not see.
function erf(x: number): number {
  return torch.erf(makeTensor(x, { dtype: "float64" as never })).item();
}
// Python's str() of an argument in a message.
const pyStr = (v: unknown): string => (typeof v === "boolean" ? (v ? "True" : "False") : v === null ? "None" : String(v));
const normCdf = (x: number): number => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;

// tensor.uniform_/normal_ with the generator only where this release passes one.
const genOpt = (generator: Gen | undefined) => (GENERATOR ? { generator: generator ?? null } : {});

const LINEAR_FNS = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];

const bindGain = binder("calculate_gain", "nonlinearity, param=None");
/**
 * nn.init.calculate_gain(nonlinearity, param = null): the recommended gain for a nonlinearity.
 * https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.calculate_gain
 */
export function calculate_gain(...args: [Nonlinearity | { nonlinearity: Nonlinearity; param?: number | null }, (number | null)?] | [Nonlinearity, { param?: number | null }]): number {
  const [nonlinearity, param] = bindGain(args) as [string, unknown];
  if (LINEAR_FNS.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let slope = 0.01;
    if (param !== null) {
      if (typeof param !== "number") throw new ValueError(`negative_slope ${pyStr(param)} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + pyPow(slope, 2)));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${pyStr(nonlinearity)}`);
}

/** [fan_in, fan_out] of a weight tensor, as PyTorch computes them. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const dims = tensor.dim();
  if (dims < 2) throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const shape = tensor.shape;
  let receptive = 1;
  for (let i = 2; i < dims; i++) receptive *= shape[i];
  return [shape[1] * receptive, shape[0] * receptive];
}

function _calculate_correct_fan(tensor: Tensor, mode: string): number {
  mode = mode.toLowerCase();
  if (mode !== "fan_in" && mode !== "fan_out") throw new ValueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** A Python def of nn.init: the binder over its parameter list, the body over the bound values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function initDef<F>(name: string, spec: string, body: (...args: any[]) => Tensor): F {
  const bind = binder(name, spec);
  const f = (...args: unknown[]) => body(...bind(args));
  Object.defineProperty(f, "name", { value: name });
  return f as F;
}

type Init<P extends unknown[], O> = (tensor: Tensor, ...args: Optional<P, O>) => Tensor;

/** nn.init.uniform_(tensor, a = 0, b = 1, generator = null): fills with U(a, b). */
export const uniform_: Init<[a: number, b: number, generator: Gen], { a?: number; b?: number; generator?: Gen }> = initDef(
  "uniform_", `tensor: Tensor, a=0.0, b=1.0${GEN}`,
  (tensor: Tensor, a: number, b: number, generator?: Gen) => no_grad(() => tensor.uniform_(a, b, genOpt(generator))),
);

/** nn.init.normal_(tensor, mean = 0, std = 1, generator = null): fills with N(mean, std²). */
export const normal_: Init<[mean: number, std: number, generator: Gen], { mean?: number; std?: number; generator?: Gen }> = initDef(
  "normal_", `tensor: Tensor, mean=0.0, std=1.0${GEN}`,
  (tensor: Tensor, mean: number, std: number, generator?: Gen) => no_grad(() => tensor.normal_(mean, std, genOpt(generator))),
);

// 1.13 to 2.11: the inverse-CDF method, clamped to [a, b].
function truncNormalInverseCdf(tensor: Tensor, mean: number, std: number, a: number, b: number, generator?: Gen): void {
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  tensor.uniform_(2 * l - 1, 2 * u - 1, genOpt(generator));
  tensor.erfinv_();
  tensor.mul_(std * Math.sqrt(2.0));
  tensor.add_(mean);
  tensor.clamp_({ min: a, max: b });
}

// 2.12 on: resampling from the normal where [a, b] holds enough of it, else uniform proposals accepted by the density.
function truncNormalRejection(tensor: Tensor, mean: number, std: number, a: number, b: number, generator?: Gen): void {
  const g = genOpt(generator);
  const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
  if (p > 0.3) {
    const lo = makeTensor(a, { dtype: tensor.dtype }).item();
    const hi = makeTensor(b, { dtype: tensor.dtype }).item();
    let result = tensor.normal_(mean, std, g);
    for (;;) {
      const mask = result.lt(lo).bitwise_or(result.gt(hi));
      if (!mask.any().item()) break;
      result = torch.where(mask, torch.empty_like(result).normal_(mean, std, g), result);
    }
    if (result !== tensor) tensor.copy_(result);
    return;
  }
  const mode = Math.max(a, Math.min(mean, b));
  const logPeak = -0.5 * pyPow((mode - mean) / std, 2);
  const candidates = torch.empty_like(tensor);
  const acceptBuf = torch.empty_like(tensor);
  const score = (c: Tensor) => c.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
  tensor.uniform_(a, b, g);
  score(candidates.copy_(tensor));
  let pending = acceptBuf.uniform_(g).log_().gt(candidates);
  if (!pending.any().item()) return;
  let result = tensor;
  for (;;) {
    candidates.uniform_(a, b, g);
    result = torch.where(pending, candidates, result);
    score(candidates);
    pending = torch.where(pending, acceptBuf.uniform_(g).log_().gt(candidates), pending);
    if (!pending.any().item()) break;
  }
  tensor.copy_(result);
}

/** nn.init.trunc_normal_(tensor, mean = 0, std = 1, a = -2, b = 2, generator = null): N(mean, std²) truncated to [a, b]. */
export const trunc_normal_: Init<
  [mean: number, std: number, a: number, b: number, generator: Gen],
  { mean?: number; std?: number; a?: number; b?: number; generator?: Gen }
> = initDef("trunc_normal_", `tensor: Tensor, mean=0.0, std=1.0, a=-2.0, b=2.0${GEN}`, (tensor: Tensor, mean: number, std: number, a: number, b: number, generator?: Gen) => {
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.");
  }
  no_grad(() => (REJECTION_TRUNC_NORMAL ? truncNormalRejection : truncNormalInverseCdf)(tensor, mean, std, a, b, generator));
  return tensor;
});

/** nn.init.constant_(tensor, val): fills with val. */
export const constant_: (tensor: Tensor, val: number | { val: number }) => Tensor = initDef(
  "constant_", "tensor: Tensor, val",
  (tensor: Tensor, val: number) => no_grad(() => tensor.fill_(val)),
);
/** nn.init.ones_(tensor) */
export const ones_: (tensor: Tensor) => Tensor = initDef("ones_", "tensor: Tensor", (tensor: Tensor) => no_grad(() => tensor.fill_(1.0)));
/** nn.init.zeros_(tensor) */
export const zeros_: (tensor: Tensor) => Tensor = initDef("zeros_", "tensor: Tensor", (tensor: Tensor) => no_grad(() => tensor.zero_()));

/** nn.init.eye_(tensor): the identity matrix in a 2-D tensor. */
export const eye_: (tensor: Tensor) => Tensor = initDef("eye_", "tensor: Tensor", (tensor: Tensor) => {
  if (tensor.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  no_grad(() => torch.eye(tensor.shape[0], tensor.shape[1], { out: tensor }));
  return tensor;
});

/** nn.init.dirac_(tensor, groups = 1): the Dirac delta in a 3-, 4- or 5-D (convolution) weight, per group. */
export const dirac_: Init<[groups: number], { groups?: number }> = initDef("dirac_", "tensor: Tensor, groups=1", (tensor: Tensor, groups: number) => {
  const dims = tensor.dim();
  if (dims < 3 || dims > 5) throw new ValueError("Only tensors with 3, 4, or 5 dimensions are supported");
  const sizes = tensor.shape;
  if (sizes[0] % groups !== 0) throw new ValueError("dim 0 must be divisible by groups");
  const perGroup = Math.floor(sizes[0] / groups);
  const minDim = Math.min(perGroup, sizes[1]);
  const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
  no_grad(() => {
    tensor.zero_();
    for (let g = 0; g < groups; g++) for (let d = 0; d < minDim; d++) tensor.index([g * perGroup + d, d, ...centre]).fill_(1);
  });
  return tensor;
});

/** nn.init.xavier_uniform_(tensor, gain = 1, generator = null): Glorot's uniform initialisation. */
export const xavier_uniform_: Init<[gain: number, generator: Gen], { gain?: number; generator?: Gen }> = initDef(
  "xavier_uniform_", `tensor: Tensor, gain=1.0${GEN}`,
  (tensor: Tensor, gain: number, generator?: Gen) => {
    const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
    const a = Math.sqrt(3.0) * (gain * Math.sqrt(2.0 / (fanIn + fanOut)));
    return no_grad(() => tensor.uniform_(-a, a, genOpt(generator)));
  },
);

/** nn.init.xavier_normal_(tensor, gain = 1, generator = null): Glorot's normal initialisation. */
export const xavier_normal_: Init<[gain: number, generator: Gen], { gain?: number; generator?: Gen }> = initDef(
  "xavier_normal_", `tensor: Tensor, gain=1.0${GEN}`,
  (tensor: Tensor, gain: number, generator?: Gen) => {
    const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
    const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
    return no_grad(() => tensor.normal_(0.0, std, genOpt(generator)));
  },
);

type KaimingOptions = { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity; generator?: Gen };
type Kaiming = Init<[a: number, mode: FanMode, nonlinearity: Nonlinearity, generator: Gen], KaimingOptions>;
const KAIMING = `tensor: Tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'${GEN}`;

function kaimingStd(tensor: Tensor, a: number, mode: string, nonlinearity: Nonlinearity): number | null {
  if (tensor.shape.includes(0)) {
    warn("Initializing zero-element tensors is a no-op");
    return null;
  }
  return calculate_gain(nonlinearity, a) / Math.sqrt(_calculate_correct_fan(tensor, mode));
}

/** nn.init.kaiming_uniform_(tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", generator = null): He's uniform initialisation. */
export const kaiming_uniform_: Kaiming = initDef("kaiming_uniform_", KAIMING, (tensor: Tensor, a: number, mode: string, nonlinearity: Nonlinearity, generator?: Gen) => {
  const std = kaimingStd(tensor, a, mode, nonlinearity);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-bound, bound, genOpt(generator)));
});

/** nn.init.kaiming_normal_(tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu", generator = null): He's normal initialisation. */
export const kaiming_normal_: Kaiming = initDef("kaiming_normal_", KAIMING, (tensor: Tensor, a: number, mode: string, nonlinearity: Nonlinearity, generator?: Gen) => {
  const std = kaimingStd(tensor, a, mode, nonlinearity);
  if (std === null) return tensor;
  return no_grad(() => tensor.normal_(0, std, genOpt(generator)));
});

/** nn.init.orthogonal_(tensor, gain = 1, generator = null): a (semi-)orthogonal matrix, from the QR of a normal one. */
export const orthogonal_: Init<[gain: number, generator: Gen], { gain?: number; generator?: Gen }> = initDef(
  "orthogonal_", `tensor: Tensor, gain=1${GEN}`,
  (tensor: Tensor, gain: number, generator?: Gen) => {
    if (tensor.dim() < 2) throw new ValueError("Only tensors with 2 or more dimensions are supported");
    if (tensor.numel() === 0) return tensor;
    const rows = tensor.shape[0];
    const cols = Math.floor(tensor.numel() / rows);
    const flattened = tensor.new_empty([rows, cols]).normal_(0, 1, genOpt(generator));
    if (rows < cols) flattened.t_();
    const [q, r] = linalg.qr(flattened) as unknown as [Tensor, Tensor];
    q.mul_(torch.diag(r, 0).sign());
    if (rows < cols) q.t_();
    no_grad(() => {
      tensor.view_as(q).copy_(q);
      tensor.mul_(gain);
    });
    return tensor;
  },
);

/** nn.init.sparse_(tensor, sparsity, std = 0.01, generator = null): N(0, std²) with a fraction `sparsity` of each column zeroed. */
export const sparse_: (tensor: Tensor, ...args: [number | { sparsity: number; std?: number; generator?: Gen }] | [number, ...Optional<[std: number, generator: Gen], { std?: number; generator?: Gen }>]) => Tensor = initDef(
  "sparse_", `tensor: Tensor, sparsity, std=0.01${GEN}`,
  (tensor: Tensor, sparsity: number, std: number, generator?: Gen) => {
    if (tensor.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
    const [rows, cols] = tensor.shape;
    const numZeros = Math.ceil(sparsity * rows);
    no_grad(() => {
      tensor.normal_(0, std, genOpt(generator));
      // PyTorch draws each column's permutation from the default generator, not `generator`.
      for (let col = 0; col < cols; col++) {
        const zeroIndices = torch.randperm(rows).index({ stop: numZeros });
        tensor.select(1, col).index_fill_(0, zeroIndices, 0);
      }
    });
    return tensor;
  },
);

// The deprecated names without the underscore: the same function, with PyTorch's warning.
function deprecate<F>(init: F): F {
  const call = init as (...args: unknown[]) => Tensor;
  const now = call.name;
  const old = now.slice(0, -1);
  const message = torchAtLeast(2)
    ? `\`nn.init.${old}\` is now deprecated in favor of \`nn.init.${now}\`.`
    : `nn.init.${old} is now deprecated in favor of nn.init.${now}.`;
  const f = (...args: unknown[]) => {
    warn(message, torchAtLeast(2) ? "FutureWarning" : "UserWarning");
    return call(...args);
  };
  Object.defineProperty(f, "name", { value: old });
  return f as unknown as F;
}

/** Deprecated: nn.init.uniform_. */
export const uniform = deprecate(uniform_);
/** Deprecated: nn.init.normal_. */
export const normal = deprecate(normal_);
/** Deprecated: nn.init.constant_. */
export const constant = deprecate(constant_);
/** Deprecated: nn.init.eye_. */
export const eye = deprecate(eye_);
/** Deprecated: nn.init.dirac_. */
export const dirac = deprecate(dirac_);
/** Deprecated: nn.init.xavier_uniform_. */
export const xavier_uniform = deprecate(xavier_uniform_);
/** Deprecated: nn.init.xavier_normal_. */
export const xavier_normal = deprecate(xavier_normal_);
/** Deprecated: nn.init.kaiming_uniform_. */
export const kaiming_uniform = deprecate(kaiming_uniform_);
/** Deprecated: nn.init.kaiming_normal_. */
export const kaiming_normal = deprecate(kaiming_normal_);
/** Deprecated: nn.init.orthogonal_. */
export const orthogonal = deprecate(orthogonal_);
/** Deprecated: nn.init.sparse_. */
export const sparse = deprecate(sparse_);

/**
 * The torch.* function forms of tensor methods: `torch.add(a, b)` is
 * `a.add(b)`, with the same arguments after the input.
 */
import { native } from "./native";
import { checkTensor, Tensor, type Scalar, type TensorOrScalar } from "./tensor";

type Method<K extends keyof Tensor> = Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never;

function fromMethod<K extends keyof Tensor>(name: K): Method<K> {
  const fn = (input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) {
      throw new TypeError(`${String(name)}(): argument 'input' must be Tensor, not ${input === null ? "null" : typeof input}`);
    }
    return (input[name] as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperty(fn, "name", { value: name });
  return fn as unknown as Method<K>;
}

export const add = fromMethod("add");
export const sub = fromMethod("sub");
export const subtract = fromMethod("subtract");
export const rsub = fromMethod("rsub");
export const mul = fromMethod("mul");
export const multiply = fromMethod("multiply");
export const div = fromMethod("div");
export const divide = fromMethod("divide");
export const true_divide = fromMethod("true_divide");
export const remainder = fromMethod("remainder");
export const fmod = fromMethod("fmod");
export const floor_divide = fromMethod("floor_divide");
export const xlogy = fromMethod("xlogy");
export const eq = fromMethod("eq");
export const ne = fromMethod("ne");
export const equal = fromMethod("equal");
export const isclose = fromMethod("isclose");
export const allclose = fromMethod("allclose");
export const lt = fromMethod("lt");
export const le = fromMethod("le");
export const gt = fromMethod("gt");
export const ge = fromMethod("ge");
export const maximum = fromMethod("maximum");
export const minimum = fromMethod("minimum");
export const fmax = fromMethod("fmax");
export const fmin = fromMethod("fmin");
export const atan2 = fromMethod("atan2");
export const logical_and = fromMethod("logical_and");
export const logical_or = fromMethod("logical_or");
export const logical_xor = fromMethod("logical_xor");
export const logical_not = fromMethod("logical_not");
export const bitwise_and = fromMethod("bitwise_and");
export const bitwise_or = fromMethod("bitwise_or");
export const bitwise_xor = fromMethod("bitwise_xor");
export const bitwise_not = fromMethod("bitwise_not");
export const hypot = fromMethod("hypot");
export const copysign = fromMethod("copysign");
export const abs = fromMethod("abs");
export const neg = fromMethod("neg");
export const negative = fromMethod("negative");
export const sqrt = fromMethod("sqrt");
export const rsqrt = fromMethod("rsqrt");
export const exp = fromMethod("exp");
export const exp2 = fromMethod("exp2");
export const expm1 = fromMethod("expm1");
export const log = fromMethod("log");
export const log2 = fromMethod("log2");
export const log10 = fromMethod("log10");
export const log1p = fromMethod("log1p");
export const sin = fromMethod("sin");
export const cos = fromMethod("cos");
export const tan = fromMethod("tan");
export const asin = fromMethod("asin");
export const acos = fromMethod("acos");
export const atan = fromMethod("atan");
export const sinh = fromMethod("sinh");
export const cosh = fromMethod("cosh");
export const tanh = fromMethod("tanh");
export const sigmoid = fromMethod("sigmoid");
export const relu = fromMethod("relu");
export const floor = fromMethod("floor");
export const ceil = fromMethod("ceil");
export const round = fromMethod("round");
export const trunc = fromMethod("trunc");
export const frac = fromMethod("frac");
export const sign = fromMethod("sign");
export const sgn = fromMethod("sgn");
export const reciprocal = fromMethod("reciprocal");
export const square = fromMethod("square");
export const erf = fromMethod("erf");
export const erfc = fromMethod("erfc");
export const erfinv = fromMethod("erfinv");
export const deg2rad = fromMethod("deg2rad");
export const rad2deg = fromMethod("rad2deg");
export const digamma = fromMethod("digamma");
export const lgamma = fromMethod("lgamma");
export const i0 = fromMethod("i0");
export const sinc = fromMethod("sinc");
export const isnan = fromMethod("isnan");
export const isinf = fromMethod("isinf");
export const isfinite = fromMethod("isfinite");
export const signbit = fromMethod("signbit");
export const clamp = fromMethod("clamp");
export const clip = fromMethod("clip");
export const clamp_min = fromMethod("clamp_min");
export const clamp_max = fromMethod("clamp_max");
export const lerp = fromMethod("lerp");
export const addcmul = fromMethod("addcmul");
export const addcdiv = fromMethod("addcdiv");
export const sum = fromMethod("sum");
export const nansum = fromMethod("nansum");
export const mean = fromMethod("mean");
export const prod = fromMethod("prod");
export const logsumexp = fromMethod("logsumexp");
export const max = fromMethod("max");
export const min = fromMethod("min");
export const amax = fromMethod("amax");
export const amin = fromMethod("amin");
export const argmax = fromMethod("argmax");
export const argmin = fromMethod("argmin");
export const median = fromMethod("median");
export const all = fromMethod("all");
export const any = fromMethod("any");
export const count_nonzero = fromMethod("count_nonzero");
export const std = fromMethod("std");
export const std_mean = fromMethod("std_mean");
export const var_mean = fromMethod("var_mean");
export const diag = fromMethod("diag");
export const repeat_interleave = fromMethod("repeat_interleave");
export const var_ = fromMethod("var");
export const norm = fromMethod("norm");
export const cumsum = fromMethod("cumsum");
export const cumprod = fromMethod("cumprod");
export const topk = fromMethod("topk");
export const sort = fromMethod("sort");
export const argsort = fromMethod("argsort");
export const matmul = fromMethod("matmul");
export const mm = fromMethod("mm");
export const bmm = fromMethod("bmm");
export const mv = fromMethod("mv");
export const dot = fromMethod("dot");
export const outer = fromMethod("outer");
export const inner = fromMethod("inner");
export const kron = fromMethod("kron");
export const addmm = fromMethod("addmm");
export const reshape = fromMethod("reshape");
export const flatten = fromMethod("flatten");
export const unflatten = fromMethod("unflatten");
export const squeeze = fromMethod("squeeze");
export const unsqueeze = fromMethod("unsqueeze");
export const permute = fromMethod("permute");
export const transpose = fromMethod("transpose");
export const swapaxes = fromMethod("swapaxes");
export const swapdims = fromMethod("swapdims");
export const movedim = fromMethod("movedim");
export const t = fromMethod("t");
export const narrow = fromMethod("narrow");
export const flip = fromMethod("flip");
export const roll = fromMethod("roll");
export const chunk = fromMethod("chunk");
export const split = fromMethod("split");
export const unbind = fromMethod("unbind");
export const tril = fromMethod("tril");
export const triu = fromMethod("triu");
export const select = fromMethod("select");
export const index_select = fromMethod("index_select");
export const gather = fromMethod("gather");
export const take = fromMethod("take");
export const scatter = fromMethod("scatter");
export const scatter_add = fromMethod("scatter_add");
export const masked_fill = fromMethod("masked_fill");
export const masked_select = fromMethod("masked_select");
export const nonzero = fromMethod("nonzero");
export const bernoulli = fromMethod("bernoulli");
export const multinomial = fromMethod("multinomial");
export const clone = fromMethod("clone");
export const detach = fromMethod("detach");

/** torch.pow(input, exponent): input may be a number (the base). */
export function pow(input: TensorOrScalar, exponent: TensorOrScalar): Tensor {
  if (input instanceof Tensor) return input.pow(exponent);
  return native._pow_scalar_base(input, exponent);
}

/** torch.where(condition, input, other): input where condition holds, else other (each a Tensor or number). */
export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor {
  return native._where(condition, input, other);
}

/** torch.numel(input) */
export function numel(input: Tensor): number {
  checkTensor(input, "numel", "input");
  return input.numel();
}

/** torch.cat(tensors, dim = 0) */
export const cat: (tensors: Tensor[], dim?: number) => Tensor = native.cat;
/** torch.concat(tensors, dim = 0) */
export const concat: (tensors: Tensor[], dim?: number) => Tensor = native.concat;
/** torch.stack(tensors, dim = 0) */
export const stack: (tensors: Tensor[], dim?: number) => Tensor = native.stack;
/** torch.hstack(tensors) */
export const hstack: (tensors: Tensor[]) => Tensor = native.hstack;
/** torch.vstack(tensors) */
export const vstack: (tensors: Tensor[]) => Tensor = native.vstack;
/** torch.broadcast_tensors(...tensors) */
export function broadcast_tensors(...tensors: Tensor[]): Tensor[] {
  return native.broadcast_tensors(tensors);
}

export type { Scalar };

/**
 * torch.nn.functional: the functions behind the layers, with
 * torch/nn/functional.py's checks and messages, calling the same ATen
 * kernels in the same way.
 */
import { ValueError } from "../errors";
import { native } from "../native";
import { checkTensor, Tensor } from "../tensor";
import { broadcast_tensors } from "../ops";
import type { dtype } from "../dtype";
import { floatRepr } from "../_pyformat";

export type Reduction = "none" | "mean" | "sum";

/** _Reduction.get_enum */
export function reductionEnum(reduction: string): number {
  if (reduction === "none") return 0;
  if (reduction === "mean") return 1;
  if (reduction === "sum") return 2;
  throw new ValueError(`${reduction} is not a valid value for reduction`);
}

/** F.linear(input, weight, bias = null): input @ weight.T + bias */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensor(input, "linear", "input");
  return native._linear(input, weight, bias);
}

/** F.relu(input, inplace = false) */
export function relu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  checkTensor(input, "relu", "input");
  const inPlace = typeof inplace === "object" ? !!inplace.inplace : inplace;
  return inPlace ? input.relu_() : input.relu();
}

/** F.dropout(input, p = 0.5, training = true, inplace = false) */
export function dropout(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  if (typeof p === "object") ({ p = 0.5, training = true, inplace = false } = p as { p?: number; training?: boolean; inplace?: boolean });
  checkDropoutP(p);
  return native._dropout(input, p, training, inplace);
}

export function checkDropoutP(p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${typeof p === "number" ? floatRepr(p) : p}`);
  }
}

function verifyBatchSize(shape: number[] & { toString(): string }): void {
  let sizeProds = shape[0];
  for (let i = 0; i < shape.length - 2; i++) sizeProds *= shape[i + 2];
  if (sizeProds === 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size ${shape}`);
}

/**
 * F.batch_norm(input, running_mean, running_var, { weight, bias, training = false, momentum = 0.1, eps = 1e-5 })
 */
export function batch_norm(
  input: Tensor, running_mean: Tensor | null, running_var: Tensor | null,
  options: { weight?: Tensor | null; bias?: Tensor | null; training?: boolean; momentum?: number; eps?: number } = {},
): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (training) verifyBatchSize(input.shape);
  return native._batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps);
}

/** F.flatten = torch.flatten(input, start_dim = 0, end_dim = -1) */
export function flatten(input: Tensor, start_dim = 0, end_dim = -1): Tensor {
  return input.flatten(start_dim, end_dim);
}

// The legacy implicit dim of softmax-like functions.
function softmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
type SoftmaxOptions = { dim?: number | null; dtype?: dtype | null };
function softmaxArgs(input: Tensor, dim: number | null | SoftmaxOptions | undefined, options?: SoftmaxOptions): [number, dtype | null] {
  if (typeof dim === "object" && dim !== null) [options, dim] = [dim, dim.dim];
  const d = dim ?? softmaxDim(input.dim());
  return [d, options?.dtype ?? null];
}
/** F.softmax(input, dim, { dtype }) */
export function softmax(input: Tensor, dim?: number | null | SoftmaxOptions, options?: SoftmaxOptions): Tensor {
  const [d, dt] = softmaxArgs(input, dim, options);
  return native._softmax(input, d, dt);
}
/** F.log_softmax(input, dim, { dtype }) */
export function log_softmax(input: Tensor, dim?: number | null | SoftmaxOptions, options?: SoftmaxOptions): Tensor {
  const [d, dt] = softmaxArgs(input, dim, options);
  return native._log_softmax(input, d, dt);
}

export type CrossEntropyOptions = { weight?: Tensor | null; ignore_index?: number; reduction?: Reduction; label_smoothing?: number };

/** F.cross_entropy(input, target, { weight, ignore_index = -100, reduction = "mean", label_smoothing = 0 }) */
export function cross_entropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const { weight = null, ignore_index = -100, reduction = "mean", label_smoothing = 0.0 } = options;
  checkTensor(input, "cross_entropy_loss", "input");
  return native._cross_entropy(input, target, weight, reductionEnum(reduction), ignore_index, label_smoothing);
}

/** F.nll_loss(input, target, { weight, ignore_index = -100, reduction = "mean" }) */
export function nll_loss(input: Tensor, target: Tensor, options: { weight?: Tensor | null; ignore_index?: number; reduction?: Reduction } = {}): Tensor {
  const { weight = null, ignore_index = -100, reduction = "mean" } = options;
  checkTensor(input, "nll_loss_nd", "input");
  return native._nll_loss(input, target, weight, reductionEnum(reduction), ignore_index);
}

function pointwiseLoss(kernel: string, input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  checkTensor(input, kernel, "input");
  checkTensor(target, kernel, "target");
  if (!input.shape.equals(target.shape)) {
    process.emitWarning(
      `Using a target size (${target.shape}) that is different to the input size (${input.shape}). ` +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  }
  const [a, b] = broadcast_tensors(input, target) as [Tensor, Tensor];
  return native[kernel](a, b, reductionEnum(reduction));
}
/** F.mse_loss(input, target, { reduction = "mean" }) */
export function mse_loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  return pointwiseLoss("_mse_loss", input, target, options.reduction ?? "mean");
}
/** F.l1_loss(input, target, { reduction = "mean" }) */
export function l1_loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  return pointwiseLoss("_l1_loss", input, target, options.reduction ?? "mean");
}

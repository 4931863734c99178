/**
 * torch.nn.utils.clip_grad (torch/nn/utils/clip_grad.py): gradient clipping
 * by total norm and by value, on the CPU paths PyTorch takes by default.
 *
 * The arithmetic follows each release: 1.13 takes each gradient's norm with
 * torch.norm and their total with torch.norm of the stacked norms (torch.max
 * for inf); 2.x takes them with linalg.vector_norm (what _foreach_norm does on
 * the CPU, per dtype group in first-seen order) and splits the clipping into
 * get_total_norm and clip_grads_with_norm_. Both scale by
 * clamp(max_norm / (total + 1e-6), max=1), where Python's float / Tensor is
 * total.reciprocal() * max_norm.
 */
import { no_grad } from "../../autograd/grad_mode";
import { tensor } from "../../creation";
import { expected, RuntimeError, TorchTypeError } from "../../errors";
import { floatRepr, pyTypeName } from "../../_pyformat";
import { vector_norm } from "../../_generated/linalg";
import { clamp, max, stack } from "../../_generated/torch";
import { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";

// PyTorch 2.0 moved the norms to linalg.vector_norm (and the CPU's default path to torch._foreach_norm).
const V2 = torchAtLeast(2);

/** A tensor or an iterable of tensors (PyTorch's _tensor_or_tensors). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

/** The tensors of a _tensor_or_tensors argument; an item that is not a Tensor fails where PyTorch reads `attr` from it (its AttributeError, as a TypeError). */
function tensorList(tensors: TensorOrTensors, name: string, attr: string): Tensor[] {
  if (tensors instanceof Tensor) return [tensors];
  if (tensors === null || typeof (tensors as Iterable<Tensor> | undefined)?.[Symbol.iterator] !== "function") {
    throw expected("a Tensor or an iterable of Tensors", name, tensors);
  }
  const list = [...tensors] as unknown[];
  for (const t of list) if (!(t instanceof Tensor)) throw new TorchTypeError(`'${pyTypeName(t)}' object has no attribute '${attr}'`);
  return list as Tensor[];
}

function gradsOf(parameters: Tensor[]): Tensor[] {
  return parameters.flatMap((p) => (p.grad ? [p.grad] : []));
}

function checkNumber(value: unknown, name: string): number {
  if (typeof value !== "number") throw expected("a number", name, value);
  return value;
}

/** The tensors grouped by dtype, groups in the order their dtype first appears (PyTorch's _group_tensors_by_device_and_dtype on one device). */
function byDtype(tensors: Tensor[]): Tensor[] {
  const groups = new Map<string, Tensor[]>();
  for (const t of tensors) {
    const key = `${t.device.toString()}/${t.dtype.name}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(t);
  }
  return [...groups.values()].flat();
}

function nonfiniteCheck(total_norm: Tensor, norm_type: number): void {
  if (total_norm.isnan().logical_or(total_norm.isinf()).item()) {
    throw new RuntimeError(
      `The total norm of order ${floatRepr(norm_type)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
        "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
    );
  }
}

export type ClipGradNormOptions = { norm_type?: number; error_if_nonfinite?: boolean; foreach?: boolean | null };
export type TotalNormOptions = ClipGradNormOptions;

function normOptions(norm_type: number | TotalNormOptions | undefined, error_if_nonfinite?: boolean): { norm_type: number; error_if_nonfinite: boolean } {
  const o = typeof norm_type === "object" && norm_type !== null ? norm_type : { norm_type, error_if_nonfinite };
  // 1.13's clip_grad_norm_ has no foreach argument.
  if (!V2 && "foreach" in o) throw new TypeError("clip_grad_norm_() got an unexpected keyword argument 'foreach'");
  return { norm_type: checkNumber(o.norm_type ?? 2.0, "norm_type"), error_if_nonfinite: Boolean(o.error_if_nonfinite) };
}

/** The total norm as PyTorch 1.13's clip_grad_norm_ takes it. */
function totalNorm113(grads: Tensor[], norm_type: number): Tensor {
  if (norm_type === Infinity) {
    const norms = grads.map((g) => g.detach().abs().max());
    return norms.length === 1 ? norms[0] : max(stack(norms));
  }
  return stack(grads.map((g) => g.detach().norm(norm_type))).norm(norm_type);
}

/**
 * nn.utils.get_total_norm(tensors, norm_type = 2, error_if_nonfinite = false, foreach = null) (PyTorch 2.x):
 * the norm of the tensors' norms, as if they were one vector.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.get_total_norm.html
 */
export function get_total_norm(tensors: TensorOrTensors, norm_type?: number | TotalNormOptions, error_if_nonfinite?: boolean): Tensor {
  const list = tensorList(tensors, "tensors", "device");
  const o = normOptions(norm_type, error_if_nonfinite);
  return no_grad(() => {
    if (list.length === 0) return tensor(0.0);
    const total = V2
      ? vector_norm(stack(byDtype(list).map((g) => vector_norm(g, o.norm_type))), o.norm_type)
      : totalNorm113(list, o.norm_type);
    if (o.error_if_nonfinite) nonfiniteCheck(total, o.norm_type);
    return total;
  });
}

/**
 * nn.utils.clip_grads_with_norm_(parameters, max_norm, total_norm, foreach = null) (PyTorch 2.x): scales the
 * gradients by min(max_norm / (total_norm + 1e-6), 1).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grads_with_norm_.html
 */
export function clip_grads_with_norm_(parameters: TensorOrTensors, max_norm: number, total_norm: Tensor, _foreach: boolean | null = null): void {
  const grads = gradsOf(tensorList(parameters, "parameters", "grad"));
  checkNumber(max_norm, "max_norm");
  if (!(total_norm instanceof Tensor)) throw expected("a Tensor", "total_norm", total_norm);
  if (grads.length === 0) return;
  no_grad(() => {
    const coef = clamp(total_norm.add(1e-6).reciprocal().mul(max_norm), { max: 1.0 });
    for (const g of byDtype(grads)) g.detach().mul_(coef.to(g.device));
  });
}

/**
 * nn.utils.clip_grad_norm_(parameters, max_norm, norm_type = 2, error_if_nonfinite = false, foreach = null):
 * scales the gradients in place so that their total norm is at most max_norm; returns the total norm.
 * `norm_type` may be Infinity; the options may also come as one object ({ norm_type, error_if_nonfinite, foreach }).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html
 *
 * @example
 * loss.backward();
 * nn.utils.clip_grad_norm_(model.parameters(), 1.0);
 * optimizer.step();
 */
export function clip_grad_norm_(parameters: TensorOrTensors, max_norm: number, norm_type?: number | ClipGradNormOptions, error_if_nonfinite?: boolean): Tensor {
  const params = tensorList(parameters, "parameters", "grad");
  checkNumber(max_norm, "max_norm");
  const options = normOptions(norm_type, error_if_nonfinite);
  const grads = gradsOf(params);
  if (grads.length === 0 && !V2) return tensor(0.0);
  const total = get_total_norm(grads, options);
  clip_grads_with_norm_(params, max_norm, total);
  return total;
}

/** nn.utils.clip_grad_norm (deprecated in PyTorch for clip_grad_norm_). */
export function clip_grad_norm(parameters: TensorOrTensors, max_norm: number, norm_type?: number | ClipGradNormOptions, error_if_nonfinite?: boolean): Tensor {
  return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite);
}

/**
 * nn.utils.clip_grad_value_(parameters, clip_value, foreach = null): clamps every gradient to
 * [-clip_value, clip_value] in place.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html
 */
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number | { clip_value: number; foreach?: boolean | null }): void {
  const params = tensorList(parameters, "parameters", "grad");
  const value = checkNumber(typeof clip_value === "object" && clip_value !== null ? clip_value.clip_value : clip_value, "clip_value");
  no_grad(() => {
    for (const g of gradsOf(params)) g.detach().clamp_(-value, value);
  });
}

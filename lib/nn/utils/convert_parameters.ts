/** torch.nn.utils.convert_parameters (torch/nn/utils/convert_parameters.py): parameters to one vector and back. */
import { cat } from "../../_generated/torch";
import { pyTypeName } from "../../_pyformat";
import { expected, TorchTypeError } from "../../errors";
import { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";

/**
 * The iterable of parameters. Python's for loop refuses an int with "'int' object is not iterable";
 * the invalid-input table takes "is not iterable" for the JS engine's words, so this says it as the rest of torchnode does.
 */
function iterableOf(parameters: unknown): Iterable<unknown> {
  const iterable = typeof parameters === "string" || (typeof parameters === "object" && parameters !== null && Symbol.iterator in parameters);
  if (!iterable) throw expected("an iterable of Tensors", "parameters", parameters);
  return parameters as Iterable<unknown>;
}

/** PyTorch's _check_param_device: every parameter on one device (-1 for the CPU). */
function checkParamDevice(param: unknown, old: number | null): number {
  // Python reads param.is_cuda (1.13) or param.device (2.x) first: a non-tensor fails there with its AttributeError, here a TypeError.
  if (!(param instanceof Tensor)) throw new TorchTypeError(`'${pyTypeName(param)}' object has no attribute '${torchAtLeast(2) ? "device" : "is_cuda"}'`);
  const here = param.is_cuda ? (param.device.index ?? 0) : -1;
  if (old === null) return here;
  if (here !== old) throw new TypeError("Found two parameters on different devices, this is currently not supported.");
  return old;
}

/**
 * nn.utils.parameters_to_vector(parameters): the parameters flattened and concatenated into one vector.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.parameters_to_vector.html
 */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  let device: number | null = null;
  const vec: Tensor[] = [];
  for (const param of iterableOf(parameters)) {
    device = checkParamDevice(param, device);
    vec.push((param as Tensor).view(-1));
  }
  return cat(vec);
}

/**
 * nn.utils.vector_to_parameters(vec, parameters): each parameter's data becomes its slice of vec
 * (a view of vec, as PyTorch's `param.data = ...` makes it).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.vector_to_parameters.html
 */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${pyTypeName(vec)}`);
  let device: number | null = null;
  let pointer = 0;
  for (const param of iterableOf(parameters) as Iterable<Tensor>) {
    device = checkParamDevice(param, device);
    const n = param.numel();
    (param as unknown as { _set_data(t: Tensor): void })._set_data(vec.index(`${pointer}:${pointer + n}`).view_as(param).data);
    pointer += n;
  }
}

/** torch.nn.utils.convert_parameters (torch/nn/utils/convert_parameters.py): parameters to one vector and back. */
import { cat } from "../../_generated/torch";
import { pyTypeName } from "../../_pyformat";
import { Tensor } from "../../tensor";

/** PyTorch's _check_param_device: every parameter on one device (-1 for the CPU). */
function checkParamDevice(param: Tensor, old: number | null): number {
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
  for (const param of parameters) {
    device = checkParamDevice(param, device);
    vec.push(param.view(-1));
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
  for (const param of parameters) {
    device = checkParamDevice(param, device);
    const n = param.numel();
    (param as unknown as { _set_data(t: Tensor): void })._set_data(vec.index(`${pointer}:${pointer + n}`).view_as(param).data);
    pointer += n;
  }
}

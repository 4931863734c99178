/** torch.autograd: grad, backward and the grad mode switches. */
import { native } from "../native";
import type { Tensor } from "../tensor";

export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from "./grad_mode";

export type GradOptions = {
  grad_outputs?: Tensor | (Tensor | null)[] | null;
  retain_graph?: boolean;
  create_graph?: boolean;
  allow_unused?: boolean;
};

/** torch.autograd.grad(outputs, inputs, options): gradients of outputs with respect to inputs. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options?: GradOptions): (Tensor | null)[] {
  return native._autograd_grad(outputs, inputs, options ?? {});
}

/** torch.autograd.backward(tensors, grad_tensors): tensors[i].backward(grad_tensors[i]) in one pass. */
export function backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, options?: { retain_graph?: boolean; create_graph?: boolean }): void {
  const ts = Array.isArray(tensors) ? tensors : [tensors];
  const gs = grad_tensors == null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
  native._autograd_backward(ts, gs, options?.retain_graph, options?.create_graph);
}

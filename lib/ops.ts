/**
 * The torch.* functions PyTorch writes in Python (torch/functional.py)
 * rather than binding: norm, split, broadcast_tensors… Every bound function
 * is generated (lib/_generated/torch.ts).
 */
import * as declarations from "./_generated/declarations";
import { fn } from "./_ops/install";
import { checkTensor, Tensor, type Scalar } from "./tensor";

type Method<K extends keyof Tensor> = Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never;

function fromMethod<K extends keyof Tensor>(name: K): Method<K> {
  const f = (input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) {
      throw new TypeError(`${String(name)}(): argument 'input' must be Tensor, not ${input === null ? "null" : typeof input}`);
    }
    return (input[name] as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperty(f, "name", { value: name });
  return f as unknown as Method<K>;
}

export const norm = fromMethod("norm");
export const nonzero = fromMethod("nonzero");
export const detach = fromMethod("detach");

/** torch.numel(input) */
export function numel(input: Tensor): number {
  checkTensor(input, "numel", "input");
  return input.numel();
}

const broadcastTensors = fn<(tensors: Tensor[]) => Tensor[]>("broadcast_tensors", declarations.torch.broadcast_tensors);
/** torch.broadcast_tensors(*tensors): varargs in Python (torch/functional.py). */
export function broadcast_tensors(...tensors: Tensor[]): Tensor[] {
  return broadcastTensors(tensors);
}

export type { Scalar };

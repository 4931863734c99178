/**
 * Printing tensors as PyTorch prints them (torch/_tensor_str.py).
 */
import type { Tensor } from "./tensor";

/** The string Python's repr(t) gives. */
export function tensorRepr(t: Tensor): string {
  return `tensor(${JSON.stringify(t.tolist())})`;
}

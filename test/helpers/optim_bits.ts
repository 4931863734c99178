/**
 * The encoding scripts/golden_lbfgs.py writes (and golden_optim2.py reuses):
 * numbers as their double's bit pattern in hex, tensors as their elements'
 * bit patterns as doubles; and errors as {type, message} with Python's class
 * names. test/lbfgs.test.ts and test/optim2.test.ts compare with it.
 */
import * as torch from "../../lib";
import type { Tensor } from "../../lib";

export type Encoded = null | { num: string } | { bool: boolean } | { tensor: string; shape: number[]; bits: string[] } | Encoded[];

/** A number's bit pattern as a double, in hex (as the script writes it). */
export function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return [...new Uint8Array(view.buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A tensor's elements as doubles' bit patterns, in row-major order. */
export const tensorBits = (t: Tensor): string[] => [...t.detach().reshape(-1).to(torch.float64).toTypedArray()].map((v) => bits(Number(v)));

export function encode(value: unknown): Encoded {
  if (value === null) return null;
  if (typeof value === "boolean") return { bool: value };
  if (typeof value === "number") return { num: bits(value) };
  if (value instanceof torch.Tensor) return { tensor: String(value.dtype).replace("torch.", ""), shape: [...value.shape], bits: tensorBits(value) };
  if (Array.isArray(value)) return value.map(encode);
  throw new Error(`cannot encode ${String(value)}`);
}

/** fn's error as {type, message}, torchnode's classes by Python's base names; null when it does not throw. */
export function thrown(fn: () => unknown): { type: string; message: string } | null {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    const type = err instanceof torch.ValueError ? "ValueError" : err instanceof torch.RuntimeError ? "RuntimeError" : err instanceof TypeError ? "TypeError" : err.name;
    return { type, message: err.message };
  }
  return null;
}

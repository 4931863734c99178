/**
 * Grad mode: `torch.no_grad(() => ...)` is Python's `with torch.no_grad():`.
 * The mode is libtorch's own (thread-local), so native code sees it too.
 */
import { native } from "../native";

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`Expected a function for fn but received ${typeof fn}`);
  const previous: boolean = native._set_grad_enabled(enabled);
  try {
    return fn();
  } finally {
    native._set_grad_enabled(previous);
  }
}

/** torch.no_grad(fn): runs fn with gradient tracking off and returns its result. */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** torch.enable_grad(fn): runs fn with gradient tracking on. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** torch.set_grad_enabled(mode[, fn]): sets the mode, or runs fn under it. */
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | undefined {
  if (fn) return withGradMode(mode, fn);
  native._set_grad_enabled(mode);
  return undefined;
}

/** torch.is_grad_enabled() */
export function is_grad_enabled(): boolean {
  return native.is_grad_enabled();
}

/**
 * The errors torchnode throws. Native errors carry PyTorch's own message
 * (`c10::Error::what_without_backtrace()`); the class follows PyTorch's
 * Python exception (RuntimeError, IndexError, TypeError, ValueError).
 *
 * `TorchError` is the base: `e instanceof TorchError` holds for all of them,
 * and the IndexError/TypeError twins also extend JS's RangeError/TypeError.
 */
const BRAND = Symbol.for("torchnode.error");

function brand(error: Error, name: string): void {
  Object.defineProperty(error, BRAND, { value: true });
  Object.defineProperty(error, "name", { value: name, configurable: true, writable: true });
}

/** Base class of every error torchnode throws. */
export class TorchError extends Error {
  constructor(message?: string) {
    super(message);
    brand(this, "TorchError");
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this === TorchError) return typeof value === "object" && value !== null && BRAND in value;
    return typeof this === "function" && typeof value === "object" && value !== null && Object.prototype.isPrototypeOf.call(this.prototype, value);
  }
}

/** PyTorch's RuntimeError: most libtorch failures (shape mismatch, bad device...). */
export class RuntimeError extends TorchError {
  constructor(message?: string) {
    super(message);
    brand(this, "RuntimeError");
  }
}

/** PyTorch's ValueError. */
export class ValueError extends TorchError {
  constructor(message?: string) {
    super(message);
    brand(this, "ValueError");
  }
}

/** Python's AssertionError (what PyTorch's `assert` checks raise). */
export class AssertionError extends TorchError {
  constructor(message?: string) {
    super(message);
    brand(this, "AssertionError");
  }
}

/** Python's KeyError (e.g. registering a name a module already has). */
export class KeyError extends TorchError {
  constructor(message?: string) {
    super(message);
    brand(this, "KeyError");
  }
}

/** PyTorch's NotImplementedError. */
export class NotImplementedError extends TorchError {
  constructor(message?: string) {
    super(message);
    brand(this, "NotImplementedError");
  }
}

/** PyTorch's IndexError; also a JS RangeError. */
export class IndexError extends RangeError {
  constructor(message?: string) {
    super(message);
    brand(this, "IndexError");
  }
}

/** PyTorch's TypeError; also a JS TypeError (wrong argument types). */
export class TorchTypeError extends TypeError {
  constructor(message?: string) {
    super(message);
    brand(this, "TypeError");
  }
}

/** "Expected X for Y but received Z", the one wording argument checks use. */
export function expected(what: string, name: string, value: unknown): TorchTypeError {
  return new TorchTypeError(`Expected ${what} for ${name} but received ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "number") return `number ${value}`;
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

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

/**
 * Python's OSError, raised where a file cannot be read or written, with
 * Python's fields and message ("[Errno 2] No such file or directory: 'x.pt'").
 * `code` is Node's name for the errno (ENOENT); the Node error is the `cause`.
 */
export class OSError extends TorchError {
  errno: number | null = null;
  strerror: string | null = null;
  filename: string | null = null;
  code: string | null = null;
  constructor(message?: string) {
    super(message);
    brand(this, "OSError");
  }
}
/** Python's FileNotFoundError (ENOENT). */
export class FileNotFoundError extends OSError {
  constructor(message?: string) {
    super(message);
    brand(this, "FileNotFoundError");
  }
}
/** Python's IsADirectoryError (EISDIR). */
export class IsADirectoryError extends OSError {
  constructor(message?: string) {
    super(message);
    brand(this, "IsADirectoryError");
  }
}
/** Python's NotADirectoryError (ENOTDIR). */
export class NotADirectoryError extends OSError {
  constructor(message?: string) {
    super(message);
    brand(this, "NotADirectoryError");
  }
}
/** Python's PermissionError (EACCES, EPERM). */
export class PermissionError extends OSError {
  constructor(message?: string) {
    super(message);
    brand(this, "PermissionError");
  }
}

// Node's code -> Python's class and strerror (glibc's wording, which Python prints).
const OS_ERRORS: Record<string, [typeof OSError, string]> = {
  ENOENT: [FileNotFoundError, "No such file or directory"],
  EISDIR: [IsADirectoryError, "Is a directory"],
  ENOTDIR: [NotADirectoryError, "Not a directory"],
  EACCES: [PermissionError, "Permission denied"],
  EPERM: [PermissionError, "Operation not permitted"],
};

/** A Node fs error as the OSError Python raises for it (about `file`, when Node's error names none); anything else unchanged. */
export function osError(error: unknown, file?: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof e.code !== "string" || typeof e.errno !== "number") return error;
  // Node's message is "ENOENT: no such file or directory, open 'x'".
  const libuv = /^[A-Z0-9]+: ([^,]+)/.exec(e.message)?.[1] ?? e.message;
  const [Class, strerror] = OS_ERRORS[e.code] ?? [OSError, libuv.charAt(0).toUpperCase() + libuv.slice(1)];
  const errno = Math.abs(e.errno);
  const filename = e.path ?? file ?? null;
  const out = new Class(`[Errno ${errno}] ${strerror}${filename ? `: '${filename}'` : ""}`);
  Object.assign(out, { errno, strerror, filename, code: e.code, cause: e });
  return out;
}

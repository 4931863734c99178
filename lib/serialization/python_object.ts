/**
 * What torch.load(f, { weights_only: false }) makes of Python globals outside
 * the weights-only allowlist. Python would import the class and call it; here
 * the common ones become their JavaScript twins (NumPy scalars become numbers
 * and booleans, sets Sets, `_codecs.encode`'s bytes Buffers) and any other
 * object a PythonObject: its class's name, the arguments it was made with,
 * and its pickled state, a dict state becoming its own fields as Python's
 * default __setstate__ fills __dict__ (so `ckpt.args.lr` reads an
 * argparse.Namespace's option).
 */
import { setOwn } from "./pickle";

export class PythonObject {
  /** "module.Name" of the Python class (or function) that made it. */
  declare readonly __class__: string;
  /** The arguments it was called with. */
  declare readonly __args__: unknown[];
  /** Its pickled state when that was not a dict (a dict's entries are fields). */
  declare __state__?: unknown;
  [field: string]: unknown;
  constructor(className: string, args: unknown[]) {
    Object.defineProperty(this, "__class__", { value: className });
    Object.defineProperty(this, "__args__", { value: args });
  }
  /** BUILD: Python's default object.__setstate__ (a dict, or a (dict, slots) pair). */
  __setstate__(state: unknown): this {
    const fields = (s: unknown) => s !== null && typeof s === "object" && Object.getPrototypeOf(s) === Object.prototype;
    // Own fields, defined rather than assigned: keys such as __proto__ stay data.
    const assign = (...sources: unknown[]) => {
      for (const src of sources) if (src) for (const [k, v] of Object.entries(src)) setOwn(this, k, v);
    };
    if (fields(state)) assign(state);
    else if (Array.isArray(state) && state.length === 2 && (state[0] === null || fields(state[0])) && (state[1] === null || fields(state[1]))) assign(state[0], state[1]);
    else Object.defineProperty(this, "__state__", { value: state, writable: true });
    return this;
  }
  toString(): string {
    return `${this.__class__}(${Object.entries(this).map(([k, v]) => `${k}=${String(v)}`).join(", ")})`;
  }
}
Object.defineProperty(PythonObject.prototype, "__setstate__", { enumerable: false });

// NumPy type codes (dtype('f8') and so on) of the scalars checkpoints hold.
const NUMPY_READ: Record<string, (b: Buffer, little: boolean) => unknown> = {
  f8: (b, le) => (le ? b.readDoubleLE(0) : b.readDoubleBE(0)),
  f4: (b, le) => (le ? b.readFloatLE(0) : b.readFloatBE(0)),
  i8: (b, le) => safe(le ? b.readBigInt64LE(0) : b.readBigInt64BE(0)),
  u8: (b, le) => safe(le ? b.readBigUInt64LE(0) : b.readBigUInt64BE(0)),
  i4: (b, le) => (le ? b.readInt32LE(0) : b.readInt32BE(0)),
  u4: (b, le) => (le ? b.readUInt32LE(0) : b.readUInt32BE(0)),
  i2: (b, le) => (le ? b.readInt16LE(0) : b.readInt16BE(0)),
  u2: (b, le) => (le ? b.readUInt16LE(0) : b.readUInt16BE(0)),
  i1: (b) => b.readInt8(0),
  u1: (b) => b.readUInt8(0),
  b1: (b) => b[0] !== 0,
};
function safe(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** numpy.core.multiarray.scalar(dtype, bytes): the value, or a PythonObject for a type without a twin here. */
function numpyScalar(name: string, args: unknown[]): unknown {
  const [dtype, data] = args;
  const code = dtype instanceof PythonObject ? String(dtype.__args__[0]) : "";
  const state = dtype instanceof PythonObject ? (dtype.__state__ as unknown[] | undefined) : undefined;
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const read = NUMPY_READ[code];
  if (!read || !Buffer.isBuffer(bytes) || bytes.length < Number(code.slice(1))) return new PythonObject(name, args);
  return read(bytes, !(Array.isArray(state) && state[1] === ">"));
}

/** The stand-in for the global `name` (see the file comment). */
export function anyGlobal(global: string): (...args: unknown[]) => unknown {
  // Protocol 2 writes Python 2's module names, as Python's _compat_pickle maps them back.
  const name = global.replace(/^__builtin__\./, "builtins.").replace(/^copy_reg\./, "copyreg.");
  switch (name) {
    case "_codecs.encode":
      return (text, encoding) => Buffer.from(String(text), encoding === "latin1" || encoding === "latin-1" ? "latin1" : "utf8");
    case "builtins.set":
    case "builtins.frozenset":
      return (items) => new Set(Array.isArray(items) ? items : []);
    case "numpy.core.multiarray.scalar":
    case "numpy._core.multiarray.scalar":
      return (...args) => numpyScalar(name, args);
    default:
      return (...args) => new PythonObject(name, args);
  }
}

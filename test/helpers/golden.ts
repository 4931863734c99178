/**
 * Runs the golden cases of test/fixtures/ops.json (written by
 * scripts/golden_ops.py with real PyTorch) through torchnode, and compares
 * what comes out with what PyTorch computed: tensors bit for bit (NaN matches
 * any NaN), dtypes, shapes, strides, errors, and plain values (item, tolist).
 *
 * A case is a small program: each step makes a variable from an explicit
 * tensor, a torch.* function, a Tensor method, an attribute, a subscript or a
 * part of a tuple. The argument encoding is described in the generator's
 * docstring: a plain number stays a number, {"int"} is a bigint, {"float"} a
 * non-finite number, and keyword arguments become the trailing options object.
 */
import * as fs from "node:fs";
import * as torch from "../../lib";

// ---- the fixture's shape ------------------------------------------------------

export type Arg =
  | null
  | boolean
  | number
  | string
  | Arg[]
  | { ref: string }
  | { int: string }
  | { float: string }
  | { dtype: string }
  | { slice: [Arg, Arg, Arg] };

export interface EncodedTensor {
  dtype: string;
  shape: number[];
  /** Present only when it is not the row-major stride of `shape`. */
  stride?: number[];
  /** The elements in row-major order, little-endian, base64. */
  b64: string;
}

export type Value =
  | null
  | boolean
  | number
  | Value[]
  | { t: EncodedTensor }
  | { int: string }
  | { float: string }
  | { dtype: string }
  | { missing: true };

export interface Step {
  out: string;
  value?: EncodedTensor;
  fn?: string;
  op?: string;
  self?: string;
  attr?: string;
  part?: number;
  index?: Arg[];
  setitem?: Arg[];
  args?: Arg[];
  kwargs?: Record<string, Arg>;
  raises?: "must" | "may";
  error?: { type: string; message: string };
}

export interface Check {
  var: string;
  /** "typed": compare toTypedArray() (float16 and bfloat16 widen to Float32Array). */
  kind?: "typed";
  expect: Value;
}

export interface GoldenCase {
  name: string;
  steps: Step[];
  checks: Check[];
}

export interface Fixture {
  generator: string;
  torch_version: string;
  num_threads: number;
  cases: GoldenCase[];
}

export function loadFixture(file: string): Fixture {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Fixture;
}

/** The seed the generator sets before every case. */
export const CASE_SEED = 0x5eed;

// ---- tensors <-> bytes ----------------------------------------------------------

type Typed = Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

function dtypeByName(name: string): torch.dtype {
  const d = (torch as unknown as Record<string, unknown>)[name];
  if (!(d instanceof torch.dtype)) throw new Error(`fixture names an unknown dtype ${name}`);
  return d;
}

function fromBytes(bytes: Uint8Array, dtype: string): Typed {
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  switch (dtype) {
    case "float32": return new Float32Array(buffer);
    case "float64": return new Float64Array(buffer);
    case "int64": return new BigInt64Array(buffer);
    case "int32": return new Int32Array(buffer);
    case "int16": case "float16": case "bfloat16": return new Int16Array(buffer);
    case "int8": return new Int8Array(buffer);
    case "uint8": case "bool": return new Uint8Array(buffer);
    default: throw new Error(`no TypedArray for ${dtype}`);
  }
}

/** Builds an input tensor from its bytes, through torchnode's public API. */
export function decodeTensor(enc: EncodedTensor): torch.Tensor {
  const data = fromBytes(Buffer.from(enc.b64, "base64"), enc.dtype);
  let t: torch.Tensor;
  if (enc.dtype === "float16" || enc.dtype === "bfloat16") {
    t = torch.tensor(data).view(dtypeByName(enc.dtype));
  } else {
    t = torch.tensor(data, { dtype: dtypeByName(enc.dtype) });
  }
  return t.reshape(enc.shape).clone(); // a tensor of its own, not a view (as the generator's)
}

function asBytes(a: Typed): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The raw row-major bytes of a tensor, read through torchnode's public API. */
export function tensorBytes(t: torch.Tensor): Uint8Array {
  if (t.dtype === torch.float16 || t.dtype === torch.bfloat16) {
    return asBytes(t.contiguous().view(torch.int16).toTypedArray());
  }
  return asBytes(t.toTypedArray());
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides.unshift(step);
    step *= Math.max(shape[i], 1);
  }
  return strides;
}

// ---- element comparison ------------------------------------------------------------

const itemsize: Record<string, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Element i of a row-major byte buffer, as a number or bigint. */
function element(bytes: Uint8Array, dtype: string, i: number): number | bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const o = i * itemsize[dtype];
  switch (dtype) {
    case "float32": return view.getFloat32(o, true);
    case "float64": return view.getFloat64(o, true);
    case "float16": return halfToNumber(view.getUint16(o, true));
    case "bfloat16": {
      const b = new DataView(new ArrayBuffer(4));
      b.setUint32(0, view.getUint16(o, true) << 16, true);
      return b.getFloat32(0, true);
    }
    case "int64": return view.getBigInt64(o, true);
    case "int32": return view.getInt32(o, true);
    case "int16": return view.getInt16(o, true);
    case "int8": return view.getInt8(o);
    default: return view.getUint8(o);
  }
}

function hex(bytes: Uint8Array, dtype: string, i: number): string {
  const n = itemsize[dtype];
  let s = "";
  for (let k = n - 1; k >= 0; k--) s += bytes[i * n + k].toString(16).padStart(2, "0");
  return `0x${s}`;
}

function isFloat(dtype: string): boolean {
  return dtype.startsWith("float") || dtype === "bfloat16";
}

/** Indices (up to `limit`) where the buffers differ: bit for bit, NaN equal to any NaN. */
function differingElements(actual: Uint8Array, expected: Uint8Array, dtype: string, limit = 5): { count: number; shown: string[] } {
  const n = itemsize[dtype];
  const total = expected.length / n;
  const shown: string[] = [];
  let count = 0;
  for (let i = 0; i < total; i++) {
    let same = true;
    for (let k = 0; k < n; k++) {
      if (actual[i * n + k] !== expected[i * n + k]) {
        same = false;
        break;
      }
    }
    if (same) continue;
    if (isFloat(dtype)) {
      const a = element(actual, dtype, i) as number;
      const e = element(expected, dtype, i) as number;
      if (Number.isNaN(a) && Number.isNaN(e)) continue;
    }
    count++;
    if (shown.length < limit) {
      const a = element(actual, dtype, i);
      const e = element(expected, dtype, i);
      shown.push(`[${i}] got ${fmtNum(a)} (${hex(actual, dtype, i)}), want ${fmtNum(e)} (${hex(expected, dtype, i)})`);
    }
  }
  return { count, shown };
}

function fmtNum(v: number | bigint): string {
  if (typeof v === "bigint") return `${v}`;
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

// ---- comparing values -----------------------------------------------------------------

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Typed arrays toTypedArray() must return, by dtype. */
const typedClass: Record<string, string> = {
  float32: "Float32Array", float64: "Float64Array", float16: "Float32Array", bfloat16: "Float32Array",
  int64: "BigInt64Array", int32: "Int32Array", int16: "Int16Array", int8: "Int8Array", uint8: "Uint8Array", bool: "Uint8Array",
};

function compareTensor(actual: unknown, enc: EncodedTensor, typed: boolean, where: string, out: string[]): void {
  if (!(actual instanceof torch.Tensor)) {
    out.push(`${where}: want a ${enc.dtype} tensor of shape [${enc.shape}], got ${describe(actual)}`);
    return;
  }
  const problems: string[] = [];
  const dtype = actual.dtype.name;
  if (typed) {
    // The expected bytes are those of the tensor toTypedArray() should give (half floats widened).
    const arr = actual.toTypedArray();
    if (arr.constructor.name !== typedClass[dtype]) problems.push(`toTypedArray() gave ${arr.constructor.name}, want ${typedClass[dtype]}`);
    if (!sameList([...actual.shape], enc.shape)) problems.push(`shape [${[...actual.shape]}], want [${enc.shape}]`);
    const want = Buffer.from(enc.b64, "base64");
    const got = asBytes(arr);
    if (got.length !== want.length) problems.push(`${got.length} bytes, want ${want.length}`);
    else {
      const d = differingElements(got, want, enc.dtype);
      if (d.count) problems.push(`${d.count} element(s) differ: ${d.shown.join("; ")}`);
    }
    const widened = dtype === "float16" || dtype === "bfloat16" ? "float32" : dtype;
    if (widened !== enc.dtype) problems.push(`dtype ${dtype}, want ${enc.dtype}`);
  } else {
    if (dtype !== enc.dtype) problems.push(`dtype ${dtype}, want ${enc.dtype}`);
    if (!sameList([...actual.shape], enc.shape)) problems.push(`shape [${[...actual.shape]}], want [${enc.shape}]`);
    const wantStride = enc.stride ?? rowMajorStrides(enc.shape);
    if (problems.length === 0 && !sameList(actual.stride(), wantStride)) {
      problems.push(`stride [${actual.stride()}], want [${wantStride}]`);
    }
    if (dtype === enc.dtype && sameList([...actual.shape], enc.shape)) {
      const d = differingElements(tensorBytes(actual), Buffer.from(enc.b64, "base64"), dtype);
      if (d.count) {
        const total = enc.shape.reduce((a, b) => a * b, 1);
        problems.push(`${d.count} of ${total} element(s) differ: ${d.shown.join("; ")}`);
      }
    }
  }
  if (problems.length) out.push(`${where}: ${problems.join("; ")}`);
}

function describe(v: unknown): string {
  if (v instanceof torch.Tensor) return `a ${v.dtype.name} tensor of shape [${[...v.shape]}]`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return fmtNum(v);
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A Python float: a JSON number, or {"float": "nan" | "inf" | "-inf" | "2.0"}. */
function floatOf(e: number | { float: string }): number {
  if (typeof e === "number") return e;
  if (e.float === "nan") return NaN;
  if (e.float === "inf") return Infinity;
  if (e.float === "-inf") return -Infinity;
  return Number(e.float);
}

/** Compares a torchnode value with PyTorch's, appending what differs to `out`. */
export function compareValue(actual: unknown, expect: Value, where: string, out: string[], typed = false): void {
  if (expect === null) {
    if (actual !== null) out.push(`${where}: want None (null), got ${describe(actual)}`);
    return;
  }
  if (typeof expect === "boolean") {
    if (actual !== expect) out.push(`${where}: want ${expect}, got ${describe(actual)}`);
    return;
  }
  if (typeof expect === "number" || (typeof expect === "object" && "float" in expect)) {
    const e = floatOf(expect);
    const ok = typeof actual === "number" && (Object.is(actual, e) || (Number.isNaN(actual) && Number.isNaN(e)));
    if (!ok) out.push(`${where}: want the float ${fmtNum(e)}, got ${describe(actual)}`);
    return;
  }
  if (Array.isArray(expect)) {
    if (!Array.isArray(actual) || actual.length !== expect.length) {
      out.push(`${where}: want a sequence of ${expect.length}, got ${describe(actual)}`);
      return;
    }
    expect.forEach((e, i) => compareValue(actual[i], e, `${where}[${i}]`, out, typed));
    return;
  }
  if ("t" in expect) return compareTensor(actual, expect.t, typed, where, out);
  if ("int" in expect) {
    const e = BigInt(expect.int);
    const ok = (typeof actual === "bigint" && actual === e) || (typeof actual === "number" && Number.isSafeInteger(actual) && BigInt(actual) === e);
    if (!ok) out.push(`${where}: want the int ${expect.int}, got ${describe(actual)}`);
    return;
  }
  if ("dtype" in expect) {
    if (!(actual instanceof torch.dtype) || actual.name !== expect.dtype) out.push(`${where}: want torch.${expect.dtype}, got ${describe(actual)}`);
    return;
  }
  throw new Error(`${where}: cannot compare with ${JSON.stringify(expect)}`);
}

// ---- running a case ---------------------------------------------------------------------

/** What a step could not do because torchnode lacks the function, method or attribute. */
export class Missing extends Error {}
/** A step skipped because a variable it uses failed earlier. */
class Skipped extends Error {}

function decodeArg(a: Arg, env: Map<string, unknown>): unknown {
  if (a === null || typeof a !== "object") return a;
  if (Array.isArray(a)) return a.map((x) => decodeArg(x, env));
  if ("ref" in a) {
    if (!env.has(a.ref)) throw new Skipped(a.ref);
    return env.get(a.ref);
  }
  if ("int" in a) return BigInt(a.int);
  if ("float" in a) return floatOf(a);
  if ("dtype" in a) return dtypeByName(a.dtype);
  if ("slice" in a) {
    const [start, stop, step] = a.slice.map((x) => decodeArg(x, env));
    return { start, stop, step };
  }
  throw new Error(`bad argument ${JSON.stringify(a)}`);
}

/** Positional arguments, then keyword arguments as one trailing options object. */
function callArgs(step: Step, env: Map<string, unknown>): unknown[] {
  const args = (step.args ?? []).map((a) => decodeArg(a, env));
  const kw = step.kwargs ?? {};
  if (Object.keys(kw).length) {
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(kw)) options[k] = decodeArg(v, env);
    args.push(options);
  }
  return args;
}

function self(step: Step, env: Map<string, unknown>): Record<string, unknown> {
  if (!step.self || !env.has(step.self)) throw new Skipped(step.self ?? "?");
  return env.get(step.self) as Record<string, unknown>;
}

type Fn = (...args: unknown[]) => unknown;

function runStep(step: Step, env: Map<string, unknown>): unknown {
  if (step.value) return decodeTensor(step.value);
  if (step.fn !== undefined) {
    let target: unknown = torch;
    let owner: unknown = undefined;
    for (const part of step.fn.split(".")) {
      owner = target;
      target = (target as Record<string, unknown>)?.[part];
    }
    if (typeof target !== "function") throw new Missing(`torch.${step.fn} does not exist`);
    return (target as Fn).apply(owner, callArgs(step, env));
  }
  const obj = self(step, env);
  if (step.op !== undefined) {
    const m = obj[step.op];
    if (typeof m !== "function") throw new Missing(`Tensor.${step.op}() does not exist`);
    return (m as Fn).apply(obj, callArgs(step, env));
  }
  if (step.attr !== undefined) {
    if (!(step.attr in obj)) throw new Missing(`Tensor.${step.attr} does not exist`);
    return obj[step.attr];
  }
  if (step.part !== undefined) return (obj as unknown as unknown[])[step.part];
  if (step.index !== undefined) {
    const items = step.index.map((x) => decodeArg(x, env));
    return (obj.index as Fn).apply(obj, items);
  }
  if (step.setitem !== undefined) {
    const items = step.setitem.map((x) => decodeArg(x, env));
    const value = decodeArg((step.args ?? [])[0], env);
    return (obj.index_put_ as Fn).call(obj, items, value);
  }
  throw new Error(`bad step ${JSON.stringify(step)}`);
}

// ---- printing steps as Python ------------------------------------------------------------

function showArg(a: Arg): string {
  if (a === null) return "None";
  if (typeof a === "boolean") return a ? "True" : "False";
  if (typeof a === "number") return fmtNum(a);
  if (typeof a === "string") return JSON.stringify(a);
  if (Array.isArray(a)) return `[${a.map(showArg).join(", ")}]`;
  if ("ref" in a) return a.ref;
  if ("int" in a) return a.int;
  if ("float" in a) return /^-?\d+\.\d+$/.test(a.float) ? a.float : `float('${a.float}')`;
  if ("dtype" in a) return `torch.${a.dtype}`;
  return a.slice.map((x) => (x === null ? "" : showArg(x))).join(":");
}

function showIndex(a: Arg): string {
  return typeof a === "string" ? a : showArg(a);
}

/** The step as the Python line it stands for (torchnode's spelling follows from the porting rules). */
export function showStep(step: Step): string {
  const call = (): string => {
    const parts = (step.args ?? []).map(showArg);
    for (const [k, v] of Object.entries(step.kwargs ?? {})) parts.push(`${k}=${showArg(v)}`);
    return `(${parts.join(", ")})`;
  };
  let rhs: string;
  if (step.value) rhs = `tensor(<${step.value.dtype} [${step.value.shape}]>)`;
  else if (step.fn !== undefined) rhs = `torch.${step.fn}${call()}`;
  else if (step.op !== undefined) rhs = `${step.self}.${step.op}${call()}`;
  else if (step.attr !== undefined) rhs = `${step.self}.${step.attr}`;
  else if (step.part !== undefined) rhs = `${step.self}[${step.part}]`;
  else if (step.index !== undefined) rhs = `${step.self}[${step.index.map(showIndex).join(", ")}]`;
  else if (step.setitem !== undefined) {
    rhs = `${step.self}; ${step.self}[${step.setitem.map(showIndex).join(", ")}] = ${showArg((step.args ?? [])[0])}`;
  } else rhs = "?";
  return `${step.out} = ${rhs}`;
}

// ---- the whole case -------------------------------------------------------------------------

export interface CaseResult {
  /** Every difference from PyTorch, one line each. */
  failures: string[];
  /** Steps torchnode cannot run for lack of a function, method or attribute. */
  missing: string[];
  /** Where both fail but with different messages (not a failure). */
  notes: string[];
}

function isMissing(v: Value): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "missing" in v;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}

/** Runs one case through torchnode and compares every step's outcome and every check. */
export function runCase(c: GoldenCase): CaseResult {
  const failures: string[] = [];
  const missing: string[] = [];
  const notes: string[] = [];
  const env = new Map<string, unknown>();
  torch.tidy(() => {
    torch.manual_seed(CASE_SEED);
    for (const step of c.steps) {
      const line = showStep(step);
      let result: unknown;
      let thrown: unknown = undefined;
      let threw = false;
      try {
        result = runStep(step, env);
      } catch (e) {
        threw = true;
        thrown = e;
      }
      if (threw && thrown instanceof Skipped) continue;
      if (threw && thrown instanceof Missing) {
        missing.push(`${line}: ${thrown.message}`);
        failures.push(`${line}: missing in torchnode: ${thrown.message}`);
        continue;
      }
      if (step.error) {
        const err = thrown as Error | undefined;
        if (!threw) {
          failures.push(`${line}: PyTorch raised ${step.error.type}: ${step.error.message}; torchnode returned ${describe(result)}`);
          env.set(step.out, result);
        } else if (err?.name !== step.error.type) {
          failures.push(`${line}: PyTorch raised ${step.error.type}: ${step.error.message}; torchnode threw ${err?.name}: ${firstLine(String(err?.message))}`);
        } else if (firstLine(String(err.message)).slice(0, 200) !== step.error.message) {
          notes.push(`${line}: both raise ${step.error.type}; PyTorch: ${step.error.message}; torchnode: ${firstLine(String(err.message))}`);
        }
        continue;
      }
      if (threw) {
        const err = thrown as Error;
        failures.push(`${line}: PyTorch succeeded; torchnode threw ${err?.name}: ${firstLine(String(err?.message))}`);
        continue;
      }
      env.set(step.out, result);
    }
    const byOut = new Map(c.steps.map((s) => [s.out, s]));
    for (const check of c.checks) {
      if (isMissing(check.expect) || !env.has(check.var)) continue; // the failure (if any) was reported at its step
      const step = byOut.get(check.var);
      const where = step ? showStep(step) : check.var;
      compareValue(env.get(check.var), check.expect, where, failures, check.kind === "typed");
    }
  });
  return { failures, missing, notes };
}

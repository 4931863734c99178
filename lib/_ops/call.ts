/**
 * Python's argument parser for the generated ops (what
 * torch/csrc/utils/python_arg_parser.cpp does for `torch.add(...)`): the
 * overloads are tried in Python's order, positional arguments then one
 * trailing options object of keywords, and the first that binds is called
 * through the dispatcher (native/dispatch.cc). No match throws Python's own
 * "received an invalid combination of arguments" TypeError.
 */
import { device } from "../device";
import { dtype, fromCode } from "../dtype";
import { NotImplementedError, RuntimeError, TorchTypeError } from "../errors";
import { Generator } from "../generator";
import { layout, memory_format } from "../layout";
import { native } from "../native";
import { pyTypeName } from "../_pyformat";
import { Tensor } from "../tensor";
import { libtorch_version } from "../version";
import { releases } from "../_generated/declarations";
import { formatSignature, NUMBERS_AS_TENSORS, pySignature, pyTypeOf, UNSUPPORTED_TYPES, type PyParam, type PySignature, type Schema } from "./schema";

/** One overload as the generated tables list it. */
export interface OverloadDecl {
  /** The ATen schema of the functional form. */
  schema: string;
  /** Its out= twin, when Python offers `out`. */
  out?: string;
  /** Python adds dtype/layout/device/pin_memory/requires_grad. */
  factory?: boolean;
  /** Only in these PyTorch releases (of the ones the tables were generated from). */
  only?: string[];
}

interface Overload {
  sig: PySignature;
  handle: number;
  outHandle: number;
  only?: string[];
}

/** A Python-visible name: torch.add, Tensor.add, torch._C._nn.linear… */
export interface Op {
  readonly name: string;
  readonly method: boolean;
  readonly decls: readonly OverloadDecl[];
  overloads?: Overload[];
}

// The schema's handle, or -1 where this libtorch lacks it or declares it
// with other arguments than the generated tables (a release they were not
// read from).
function find(schema: Schema): number {
  const handle = native._op_find(`aten::${schema.name}`, schema.overload) as number;
  if (handle < 0) return -1;
  return native._op_arg_names(handle) === schema.args.map((a) => a.name).join(",") ? handle : -1;
}

// This libtorch's release when the tables were read from it (its overloads
// only); for another release, every overload whose arguments match.
const running = libtorch_version.split(".").slice(0, 2).join(".");
const known = releases.includes(running);

export function prepare(op: Op): Overload[] {
  if (op.overloads) return op.overloads;
  op.overloads = op.decls.filter((d) => !known || !d.only || d.only.includes(running)).map((d) => {
    const sig = pySignature(op.name, d.schema, d.out ?? null, d.factory === true, op.method);
    const outHandle = sig.out ? find(sig.out) : -1;
    return { sig, handle: find(sig.schema), outHandle, only: d.only };
  });
  return op.overloads;
}

const isInt = (v: unknown): boolean => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
const isNumber = (v: unknown): boolean => typeof v === "number" || typeof v === "bigint";
const isScalar = (v: unknown): boolean => isNumber(v) || typeof v === "boolean";

function acceptsOne(base: string, v: unknown, numbersAsTensors: boolean): boolean {
  switch (base) {
    case "Tensor":
      return v instanceof Tensor || (numbersAsTensors && isScalar(v));
    case "int":
    case "SymInt":
      return isInt(v);
    case "float":
      return isNumber(v);
    case "bool":
      return typeof v === "boolean";
    case "Scalar":
      return isScalar(v) || (v instanceof Tensor && v.dim() === 0 && !v.requires_grad);
    case "str":
      return typeof v === "string";
    case "ScalarType":
      return v instanceof dtype;
    case "Layout":
      return v instanceof layout;
    case "MemoryFormat":
      return v instanceof memory_format;
    case "Device":
      return typeof v === "string" || v instanceof device || isInt(v);
    case "Generator":
      return v instanceof Generator;
    default:
      return false; // Dimname, Storage, Stream…: not offered in JS
  }
}

export function accepts(p: PyParam, v: unknown, numbersAsTensors: boolean): boolean {
  const a = p.arg;
  if (v === null) return a.optional || a.default === "None" || p.name === "out";
  if (!a.list) return acceptsOne(a.base, v, numbersAsTensors);
  if (!Array.isArray(v)) {
    // int[2] and friends take one int for all (kernel_size=3).
    return a.fixed > 0 && (a.base === "int" || a.base === "SymInt" || a.base === "float") && acceptsOne(a.base, v, false);
  }
  return v.every((e) => (e === null && a.elemOptional) || acceptsOne(a.base, e, false));
}

type Failure =
  | { kind: "type"; param: PyParam; value: unknown; position: number }
  | { kind: "missing"; names: string[] }
  | { kind: "many"; min: number; max: number; given: number }
  | { kind: "keyword"; key: string }
  | { kind: "twice"; key: string };

/** The arguments bound to the signature's parameters, or why they do not bind. */
function bind(sig: PySignature, pos: unknown[], kw: Record<string, unknown> | null, numbersAsTensors: boolean): Map<PyParam, unknown> | Failure {
  const positional = sig.params.filter((p) => !p.kwonly);
  const given = pos.length;
  if (sig.varargs && pos.length >= 1 && isInt(pos[0])) pos = [pos];
  if (pos.length > positional.length) {
    return { kind: "many", min: positional.filter((p) => !p.optional).length, max: positional.length, given: pos.length };
  }
  const bound = new Map<PyParam, unknown>();
  let used = 0;
  for (let i = 0; i < sig.params.length; i++) {
    const p = sig.params[i];
    let v: unknown = undefined;
    const byPosition = !p.kwonly && i < pos.length;
    if (byPosition) v = pos[i];
    else if (kw !== null) {
      const k = keywordFor(kw, p.name);
      if (k !== null) {
        v = kw[k];
        used++;
      }
    }
    if (v === undefined) {
      // Python names every required parameter from here on (missing_args).
      if (!p.optional) return { kind: "missing", names: sig.params.slice(i).filter((q) => !q.optional).map((q) => q.name) };
      continue;
    }
    if (!accepts(p, v, numbersAsTensors)) return { kind: "type", param: p, value: v, position: byPosition ? i + 1 : 0 };
    bound.set(p, v);
  }
  if (kw !== null && used < Object.keys(kw).length) {
    // As python_arg_parser's extra_kwargs: the first keyword left over names no
    // parameter, or one that was given by position too.
    for (const key of Object.keys(kw)) {
      const at = sig.params.findIndex((p) => p.name === key);
      if (at < 0) return { kind: "keyword", key };
      if (at < given && !sig.params[at].kwonly) return { kind: "twice", key };
    }
  }
  return bound;
}

// NumPy's names, which Python's parser accepts too (python_arg_parser.cpp).
const NUMPY_NAMES: Record<string, string[]> = { dim: ["axis"], keepdim: ["keepdims"], input: ["x", "a", "x1"], other: ["x2"] };

function keywordFor(kw: Record<string, unknown>, name: string): string | null {
  if (Object.prototype.hasOwnProperty.call(kw, name)) return name;
  for (const alt of NUMPY_NAMES[name] ?? []) if (Object.prototype.hasOwnProperty.call(kw, alt)) return alt;
  return null;
}

function isOptionsObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(pos: unknown[], kw: Record<string, unknown> | null): string {
  const parts = pos.map(pyTypeName);
  if (kw) for (const [k, v] of Object.entries(kw)) parts.push(`${k}=${pyTypeName(v)}`);
  // Python's _argDesc drops the last ", " only after a positional argument.
  return parts.join(", ") + (pos.length === 0 && parts.length > 0 ? ", " : "");
}

function failureMessage(name: string, f: Failure): string {
  switch (f.kind) {
    case "type":
      return f.position > 0
        ? `${name}(): argument '${f.param.name}' (position ${f.position}) must be ${pyTypeOf(f.param.arg)}, not ${pyTypeName(f.value)}`
        : `${name}(): argument '${f.param.name}' must be ${pyTypeOf(f.param.arg)}, not ${pyTypeName(f.value)}`;
    case "missing": // "arguments" for one, as Python words it
      return `${name}() missing ${f.names.length} required positional argument${f.names.length === 1 ? "s" : ""}: ${f.names.map((n) => `"${n}"`).join(", ")}`;
    case "many":
      return `${name}() takes ${f.min === f.max ? "" : `from ${f.min} to `}${f.max} positional argument${f.max === 1 ? "" : "s"} but ${f.given} ${f.given === 1 ? "was" : "were"} given`;
    case "keyword":
      return `${name}() got an unexpected keyword argument '${f.key}'`;
    case "twice":
      return `${name}() got multiple values for argument '${f.key}'`;
  }
}

/** What the native layer takes for a value: an enum's code, anything else as it is. */
export function toNative(v: unknown): unknown {
  return v instanceof layout || v instanceof memory_format ? v.code : v;
}

function call(ov: Overload, self: Tensor | undefined, bound: Map<PyParam, unknown>): unknown {
  const sig = ov.sig;
  let out: unknown = undefined;
  let requiresGrad = false;
  for (const [p, v] of bound) {
    if (p.name === "requires_grad" && p.at < 0) requiresGrad = v === true;
    else if (p.at < 0 && p.outAt.length > 0 && v !== null) out = v;
  }
  const useOut = out !== undefined && sig.out !== null;
  const handle = useOut ? ov.outHandle : ov.handle;
  const stack: unknown[] = new Array((useOut ? sig.out! : sig.schema).args.length);
  if (sig.selfAt >= 0) stack[useOut ? sig.out!.args.findIndex((a) => a.name === "self") : sig.selfAt] = self;
  for (const [p, v] of bound) {
    if (p.at < 0 && p.outAt.length > 0) {
      if (v === null) continue;
      const outs = p.outAt.length > 1 ? (v as unknown[]) : [v];
      p.outAt.forEach((at, k) => (stack[at] = outs[k]));
      continue;
    }
    const at = useOut ? p.outAt[0] : p.at;
    if (at === undefined || at < 0) {
      if (useOut && v !== null && p.name !== "requires_grad") checkAgainstOut(p.name, v, out as Tensor);
      continue;
    }
    stack[at] = toNative(v);
  }
  const result = native._op_call(handle, ...stack);
  // A function's self (torch.relu_(x)) is the argument in self's place.
  if (sig.selfAt < 0 && !useOut) self = stack[sig.schema.args.findIndex((a) => a.name === "self")] as Tensor | undefined;
  return shape(sig, result, self, out, useOut, requiresGrad);
}

// Python checks tensor options against out= rather than passing them (torch.zeros(2, out=t, dtype=...)).
function checkAgainstOut(key: string, v: unknown, out: Tensor): void {
  if (key === "dtype" && v !== out.dtype) {
    throw new RuntimeError(`dtype ${String(v)} does not match dtype of out parameter (${String(out.dtype)})`);
  }
}

function shape(sig: PySignature, result: unknown, self: Tensor | undefined, out: unknown, useOut: boolean, requiresGrad: boolean): unknown {
  const returns = sig.schema.returns;
  const fill = (r: unknown, i: number): unknown => {
    if (r !== undefined) return convertReturn(returns[i]?.base, r);
    if (useOut) return Array.isArray(out) ? out[i] : out;
    return sig.aliases[i] === "self" ? self : out;
  };
  let value: unknown;
  if (returns.length === 0) value = useOut ? out : undefined;
  else if (returns.length === 1) value = fill(result, 0);
  else {
    value = withFields((result as unknown[]).map(fill), sig.fields);
  }
  if (requiresGrad && value instanceof Tensor) value.requires_grad_(true);
  return value;
}

/** A named tuple's array gets its fields (`values`, `indices`) as properties. */
export function withFields(arr: unknown[], fields: string[] | null): unknown[] {
  if (fields) fields.forEach((f, i) => Object.defineProperty(arr, f, { value: arr[i], enumerable: false }));
  return arr;
}

function convertReturn(base: string | undefined, r: unknown): unknown {
  if (base === "ScalarType" && typeof r === "number") return fromCode(r);
  return r;
}

/** Calls a generated op: Python's overload resolution over JS arguments. */
export function callOp(op: Op, self: Tensor | undefined, args: unknown[]): unknown {
  const overloads = prepare(op);
  if (overloads.length === 0) {
    // Every overload belongs to other releases: an op added or removed since this libtorch.
    const where = [...new Set(op.decls.flatMap((d) => d.only ?? []))].join(" and ");
    throw new NotImplementedError(`${op.name}() is not in this libtorch (${libtorch_version}); it is in PyTorch ${where}`);
  }
  let kw: Record<string, unknown> | null = null;
  let pos = args;
  if (pos.length > 0 && isOptionsObject(pos[pos.length - 1])) {
    // A key set to undefined is a keyword not given (JS spreads optional fields so).
    kw = Object.fromEntries(Object.entries(pos[pos.length - 1] as Record<string, unknown>).filter(([, v]) => v !== undefined));
    pos = pos.slice(0, -1);
  }
  while (pos.length > 0 && pos[pos.length - 1] === undefined) pos = pos.slice(0, -1);
  const numbers = NUMBERS_AS_TENSORS.has(op.name);
  const failures = new Map<Overload, Failure>();
  let missing: Overload | null = null;
  for (const ov of overloads) {
    const bound = bind(ov.sig, pos, kw, numbers);
    if (bound instanceof Map) {
      if (ov.handle < 0) {
        missing ??= ov;
        continue;
      }
      return call(ov, self, bound);
    }
    failures.set(ov, bound);
  }
  if (missing) {
    const where = missing.only ? `PyTorch ${missing.only.join(" and ")}` : "another PyTorch release";
    throw new NotImplementedError(
      `${op.name}${formatSignature(missing.sig)} is ATen's ${missing.sig.schema.name}${missing.sig.schema.overload ? "." + missing.sig.schema.overload : ""}, which this libtorch (${libtorch_version}) does not have; it is in ${where}`,
    );
  }
  // As python_arg_parser's print_error: the only overload, or the only one whose
  // arity fits the arguments given, reports its own failure.
  const given = pos.length + (kw ? Object.keys(kw).length : 0);
  const present = overloads.filter((o) => o.handle >= 0);
  const fits = present.filter((o) => given >= o.sig.params.filter((p) => !p.optional).length && given <= o.sig.params.length);
  const sole = present.length === 1 ? present[0] : fits.length === 1 ? fits[0] : null;
  const failure = sole ? failures.get(sole) : undefined;
  if (failure) throw new TorchTypeError(failureMessage(op.name, failure));
  const visible = overloads.filter((o) => o.sig.params.every((p) => acceptsAnything(p)));
  const first = failures.values().next();
  if (visible.length === 0 && !first.done) throw new TorchTypeError(failureMessage(op.name, first.value));
  if (visible.length === 1) throw new TorchTypeError(`${op.name}() received an invalid combination of arguments - ${gotOne(formatSignature(visible[0].sig), pos, kw)}`);
  const lines = visible.map((o) => ` * ${formatSignature(o.sig)}${whyNot(o.sig, pos, kw, numbers)}`).join("\n");
  throw new TorchTypeError(`${op.name}() received an invalid combination of arguments - got (${describe(pos, kw)}), but expected one of:\n${lines}\n`);
}

// format_invalid_args for one signature. Python matches keywords against the
// signature's last parameters (its "*" counts as one) and, when they match,
// says what was given against what is expected.
function gotOne(signature: string, pos: unknown[], kw: Record<string, unknown> | null): string {
  const names = signature.slice(1, -1).split(", ").map((t) => t.slice(t.lastIndexOf(" ") + 1));
  const keys = Object.keys(kw ?? {});
  const tail = new Set(names.slice(Math.max(0, names.length - keys.length)));
  const unmatched = keys.filter((k) => !tail.has(k));
  if (unmatched.length > 0) return `got unrecognized keyword arguments: ${unmatched.join(", ")}`;
  return `got (${describe(pos, kw)}), but expected ${signature}`;
}

// Python's second line under each signature: which arguments had the wrong type, or which keywords were wrong.
function whyNot(sig: PySignature, pos: unknown[], kw: Record<string, unknown> | null, numbers: boolean): string {
  const f = bind(sig, pos, kw, numbers);
  if (f instanceof Map) return "";
  if (f.kind === "keyword") {
    const names = new Set(sig.params.map((p) => p.name));
    return `\n      didn't match because some of the keywords were incorrect: ${Object.keys(kw ?? {}).filter((k) => !names.has(k)).join(", ")}`;
  }
  if (f.kind !== "type") return "";
  const positional = sig.params.filter((p) => !p.kwonly);
  const mark = (ok: boolean, text: string) => (ok ? text : `!${text}!`);
  const parts = pos.map((v, i) => mark(i < positional.length && accepts(positional[i], v, numbers), pyTypeName(v)));
  for (const [k, v] of Object.entries(kw ?? {})) {
    const p = sig.params.find((q) => q.name === k);
    parts.push(`${k}=${mark(p !== undefined && accepts(p, v, numbers), pyTypeName(v))}`);
  }
  return `\n      didn't match because some of the arguments have invalid types: (${parts.join(", ")})`;
}

// Overloads with a parameter JS cannot express (named dimensions, streams) are left out of the listing.
function acceptsAnything(p: PyParam): boolean {
  return !UNSUPPORTED_TYPES.has(p.arg.base);
}

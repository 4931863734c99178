/**
 * Python's calling convention for the functions PyTorch writes in Python
 * (torch/functional.py, torch/nn/functional.py): positional arguments, then
 * one trailing options object of keywords, bound to a def's parameters with
 * Python's TypeErrors.
 */
import { TorchTypeError } from "./errors";
import { pyTypeName } from "./_pyformat";
import { Tensor } from "./tensor";

/**
 * Python's positional parameters that may be left out, then an options object
 * of keywords: for P = [p, compute_mode] the calls (), (p), (p, compute_mode),
 * each optionally followed by the options.
 */
export type Optional<P extends unknown[], O> = P extends [...infer Head, unknown] ? [...P, O?] | Optional<Head, O> : [O?];

export type Keywords = Record<string, unknown>;

export function isOptions(v: unknown): v is Keywords {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The trailing options object, if any, apart from the positional arguments before it. */
export function splitOptions(args: readonly unknown[]): [unknown[], Keywords] {
  const last = args[args.length - 1];
  return isOptions(last) ? [args.slice(0, -1), last] : [args.slice(), {}];
}

export function quoteList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/**
 * Binds arguments to a Python def's parameters as Python does, with its
 * TypeErrors: `params` in order, the first `required` of them without
 * defaults. A parameter given as `undefined` counts as left out.
 */
export function bindArgs(name: string, params: readonly string[], required: number, args: readonly unknown[], kwonly: readonly string[] = []): Keywords {
  const [pos, kw] = splitOptions(args);
  while (pos.length > 0 && pos[pos.length - 1] === undefined) pos.pop();
  if (pos.length > params.length) {
    const takes = required === params.length ? `${params.length}` : `from ${required} to ${params.length}`;
    const s = params.length === 1 && required === 1 ? "" : "s";
    throw new TorchTypeError(`${name}() takes ${takes} positional argument${s} but ${pos.length} ${pos.length === 1 ? "was" : "were"} given`);
  }
  const bound: Keywords = {};
  params.forEach((p, i) => (bound[p] = pos[i]));
  for (const [k, v] of Object.entries(kw)) {
    if (!params.includes(k) && !kwonly.includes(k)) throw new TorchTypeError(`${name}() got an unexpected keyword argument '${k}'`);
    if (v === undefined) continue;
    if (bound[k] !== undefined) throw new TorchTypeError(`${name}() got multiple values for argument '${k}'`);
    bound[k] = v;
  }
  const missing = params.slice(0, required).filter((p) => bound[p] === undefined);
  if (missing.length) {
    const s = missing.length === 1 ? "" : "s";
    throw new TorchTypeError(`${name}() missing ${missing.length} required positional argument${s}: ${quoteList(missing)}`);
  }
  return bound;
}

/** Varargs (`def f(*args, kw=None)`): the arguments before the options object, and the keywords checked against `kwonly`. */
export function varargs(name: string, args: readonly unknown[], kwonly: readonly string[]): [unknown[], Keywords] {
  const [pos, kw] = splitOptions(args);
  for (const k of Object.keys(kw)) if (!kwonly.includes(k)) throw new TorchTypeError(`${name}() got an unexpected keyword argument '${k}'`);
  return [pos, kw];
}

/** The argument, or the parameter's default where it was left out (an explicit null is Python's None, not the default). */
export function or(v: unknown, byDefault: unknown): unknown {
  return v === undefined ? byDefault : v;
}

/** A boolean_dispatch flag: the keyword if given, else the argument at `at` (counting the input). */
export function flag(pos: readonly unknown[], kw: Keywords, key: string, at: number): boolean {
  return truthy(kw[key] !== undefined ? kw[key] : pos[at]);
}

/** Python's truth value of a flag (None, 0, "" and empty lists are false). */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** A parameter's default as Python writes it: None, True, False, a number or a quoted string. */
function literal(text: string): unknown {
  if (text === "None") return null;
  if (text === "True" || text === "False") return text === "True";
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`not a Python literal: ${text}`);
  return n;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PyBody = (...args: any[]) => unknown;

/**
 * The binder of a Python def's parameter list, as Python writes it
 * ("input: Tensor, p=0.5, training=True, *, eps=1e-05"): it returns every
 * parameter's value in that order, defaults filled in (an explicit null stays
 * None). Parameters annotated `: Tensor` must be tensors (None too where that
 * is their default), else a TypeError says which argument.
 */
export function binder(name: string, spec: string): (args: readonly unknown[]) => unknown[] {
  const params: string[] = [], kwonly: string[] = [], defaults: unknown[] = [], tensors: number[] = [];
  let required = 0, star = false;
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    if (part === "*") {
      star = true;
      continue;
    }
    const eq = part.indexOf("=");
    const [key, annotation] = (eq < 0 ? part : part.slice(0, eq)).split(":").map((x) => x.trim());
    if (annotation === "Tensor") tensors.push(params.length + kwonly.length);
    (star ? kwonly : params).push(key);
    defaults.push(eq < 0 ? undefined : literal(part.slice(eq + 1).trim()));
    if (eq < 0 && !star) required = params.length;
  }
  const all = [...params, ...kwonly];
  return (args) => {
    const bound = bindArgs(name, params, required, args, kwonly);
    const missing = kwonly.filter((k, i) => bound[k] === undefined && defaults[params.length + i] === undefined);
    if (missing.length) throw new TorchTypeError(`${name}() missing ${missing.length} required keyword-only argument${missing.length === 1 ? "" : "s"}: ${quoteList(missing)}`);
    const values = all.map((k, i) => or(bound[k], defaults[i]));
    for (const i of tensors) {
      const v = values[i];
      if (!(v instanceof Tensor) && !(v === null && defaults[i] === null)) {
        throw new TorchTypeError(`${name}(): argument '${all[i]}' (position ${i + 1}) must be Tensor, not ${pyTypeName(v)}`);
      }
    }
    return values;
  };
}

/** A Python def over `spec` (see binder): the body gets every parameter in order. */
export function def<F>(name: string, spec: string, body: PyBody): F {
  const bind = binder(name, spec);
  const f = (...args: unknown[]) => body(...bind(args));
  Object.defineProperty(f, "name", { value: name });
  return f as F;
}

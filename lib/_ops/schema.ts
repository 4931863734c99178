/**
 * ATen schemas (`add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) ->
 * Tensor`) read into the Python signature PyTorch derives from them
 * (torchgen/api/python.py's rules): `self` is `input` for functions and the
 * bound tensor for methods, keyword-only arguments follow `*`, an out=
 * twin's outputs become `out`, and factories take `requires_grad`.
 */

import { torchAtLeast } from "../version";

// python_arg_parser's should_allow_numbers_as_tensors: for these, a Python
// number given for a Tensor parameter becomes a wrapped 0-d tensor.
export const NUMBERS_AS_TENSORS = new Set(
  ["add", "div", "divide", "mul", "multiply", "sub", "subtract", "true_divide", "floor_divide"].flatMap((n) => [n, `${n}_`]),
);

// Parameter types JS has no value for (named dimensions, storages, streams):
// overloads with one are neither typed nor listed in error messages.
export const UNSUPPORTED_TYPES = new Set(["Dimname", "Storage", "Stream", "QScheme", "ConstQuantizerPtr"]);

/** One schema argument or return. */
export interface SchemaArg {
  name: string;
  /** The type without alias annotations: "Tensor", "int[2]", "Scalar?", "Tensor?[]". */
  type: string;
  /** The base type: "Tensor", "int", "SymInt", "Scalar", "ScalarType"… */
  base: string;
  optional: boolean;
  /** A list ("[]" or "[N]"); `fixed` is N. */
  list: boolean;
  fixed: number;
  /** Optional elements ("Tensor?[]"). */
  elemOptional: boolean;
  default?: string;
  kwonly: boolean;
  /** Annotated `(a!)`: written to (an out argument, or an in-place self). */
  write: boolean;
}

export interface Schema {
  name: string;
  overload: string;
  args: SchemaArg[];
  returns: SchemaArg[];
  text: string;
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur.trim());
      cur = "";
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

function parseArg(text: string, kwonly: boolean): SchemaArg {
  const eq = text.indexOf("=");
  const decl = eq >= 0 ? text.slice(0, eq).trim() : text;
  const def = eq >= 0 ? text.slice(eq + 1).trim() : undefined;
  const space = decl.lastIndexOf(" ");
  let type = space >= 0 ? decl.slice(0, space) : decl;
  const name = space >= 0 ? decl.slice(space + 1) : "";
  const write = /\([a-z0-9.]+!\)/.test(type);
  type = type.replace(/\([^)]*\)/g, "");
  const optional = type.endsWith("?");
  const core = optional ? type.slice(0, -1) : type;
  const m = /^(.*?)(\?)?\[(\d*)\]$/.exec(core);
  const base = m ? m[1] : core;
  return {
    name,
    type,
    base,
    optional,
    list: m !== null,
    fixed: m && m[3] ? Number(m[3]) : 0,
    elemOptional: m !== null && m[2] === "?",
    ...(def !== undefined ? { default: def } : {}),
    kwonly,
    write,
  };
}

export function parseSchema(text: string): Schema {
  const open = text.indexOf("(");
  const arrow = text.lastIndexOf(" -> ");
  const head = text.slice(0, open);
  const dot = head.indexOf(".");
  const args: SchemaArg[] = [];
  let kwonly = false;
  for (const part of splitTop(text.slice(open + 1, text.lastIndexOf(")", arrow)))) {
    if (part === "*") kwonly = true;
    else args.push(parseArg(part, kwonly));
  }
  let ret = text.slice(arrow + 4).trim();
  if (ret.startsWith("(")) ret = ret.slice(1, -1);
  const returns = splitTop(ret).map((r) => parseArg(r, false));
  return {
    name: dot >= 0 ? head.slice(0, dot) : head,
    overload: dot >= 0 ? head.slice(dot + 1) : "",
    args,
    returns,
    text,
  };
}

/** A parameter as Python's parser sees it. */
export interface PyParam {
  name: string;
  arg: SchemaArg;
  kwonly: boolean;
  /** Where it goes on the functional schema's stack (-1: Python-only, requires_grad). */
  at: number;
  /** Where it goes on the out= schema's stack; for a tuple `out`, each output's. */
  outAt: number[];
  /** Has a default: may be left out. (An optional type without one, `bool? stable`, must be given, as in Python.) */
  optional: boolean;
}

export interface PySignature {
  name: string;
  schema: Schema;
  out: Schema | null;
  params: PyParam[];
  /** Stack index of the bound tensor, for methods. */
  selfAt: number;
  /** Exactly one positional parameter, an int list: `x.view(2, 3)` is `x.view([2, 3])`. */
  varargs: boolean;
  /** The return that aliases self (in-place) or out, by return index. */
  aliases: ("self" | "out" | null)[];
  /** The named fields of a named-tuple return. */
  fields: string[] | null;
}

const REQUIRES_GRAD: SchemaArg = {
  name: "requires_grad", type: "bool", base: "bool", optional: false, list: false, fixed: 0,
  elemOptional: false, default: "False", kwonly: true, write: false,
};

/** Python's signature for a schema (and its out= twin), as a function or a method. */
export function pySignature(name: string, schemaText: string, outText: string | null, factory: boolean, method: boolean): PySignature {
  const schema = parseSchema(schemaText);
  const out = outText ? parseSchema(outText) : null;
  const outArgs = out ? out.args.filter((a) => a.write) : schema.args.filter((a) => a.write && a.kwonly);
  const outNames = new Set(outArgs.map((a) => a.name));
  const params: PyParam[] = [];
  let selfAt = -1;
  schema.args.forEach((a, i) => {
    if (outNames.has(a.name) && !out) return;
    if (method && a.name === "self") {
      selfAt = i;
      return;
    }
    const pyName = a.name === "self" && a.type === "Tensor" ? "input" : a.name;
    params.push({
      name: pyName,
      arg: a,
      kwonly: a.kwonly,
      at: i,
      outAt: out ? [out.args.findIndex((o) => o.name === a.name)] : [],
      optional: a.default !== undefined,
    });
  });
  if (outArgs.length > 0) {
    const target = out ?? schema;
    const at = outArgs.map((o) => target.args.indexOf(o));
    const single = outArgs.length === 1;
    params.push({
      name: single ? outArgs[0].name : "out",
      arg: single ? { ...outArgs[0], optional: true } : { ...outArgs[0], type: "Tensor[]", list: true, fixed: outArgs.length, optional: true },
      kwonly: true,
      at: -1,
      outAt: at,
      optional: out !== null,
    });
  }
  if (factory) params.push({ name: "requires_grad", arg: REQUIRES_GRAD, kwonly: true, at: -1, outAt: [], optional: true });
  const positional = params.filter((p) => !p.kwonly);
  const aliases = schema.returns.map((r) => (r.write ? (schema.args.some((a) => a.write && a.name === "self") ? "self" : "out") : null));
  const named = schema.returns.length > 1 && schema.returns.every((r) => r.name);
  return {
    name,
    schema,
    out,
    params,
    selfAt,
    varargs: positional.length === 1 && positional[0].arg.list && (positional[0].arg.base === "int" || positional[0].arg.base === "SymInt"),
    aliases,
    fields: named ? schema.returns.map((r) => r.name) : null,
  };
}

// Python 1.13's messages name SymInt parameters so; 2.x's print them as ints.
const SYMINT = torchAtLeast(2, 0) ? "int" : "SymInt";

/** Python's type names, as its error messages print them. */
export function pyTypeOf(a: SchemaArg): string {
  const base: Record<string, string> = {
    Tensor: "Tensor", Scalar: "Number", int: "int", SymInt: SYMINT, float: "float", bool: "bool", str: "str",
    ScalarType: "torch.dtype", Layout: "torch.layout", Device: "torch.device", MemoryFormat: "torch.memory_format",
    Generator: "torch.Generator", Dimname: "name",
  };
  if (a.list) {
    const plural: Record<string, string> = { int: "ints", SymInt: `${SYMINT}s`, Tensor: "Tensors", float: "floats", Dimname: "names", Scalar: "Scalars", bool: "bools" };
    return `tuple of ${plural[a.base] ?? a.base}`;
  }
  return base[a.base] ?? a.base;
}

/** The signature as Python's "expected one of" lines print it. */
export function formatSignature(sig: PySignature): string {
  const parts: string[] = [];
  let star = false;
  for (const p of sig.params) {
    if (p.kwonly && !star) {
      parts.push("*");
      star = true;
    }
    parts.push(`${pyTypeOf(p.arg)} ${p.name}`);
  }
  return `(${parts.join(", ")})`;
}

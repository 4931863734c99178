/**
 * Python's spellings of values, for messages and reprs that must read as
 * PyTorch's: repr(float) ("1e-05", "0.1", "2.0") and repr(bool) ("True").
 */

import { TorchTypeError, ValueError } from "./errors";
/** Python's repr() of a float. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() gives the shortest digits that round-trip, as Python's repr does.
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let out: string;
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  } else if (e < 0) {
    out = `0.${"0".repeat(-e - 1)}${digits}`;
  } else if (digits.length <= e + 1) {
    out = `${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  }
  return negative ? `-${out}` : out;
}

/** The name of the Python type a JS value stands for, as Python's TypeErrors print it (str, int, NoneType, ...). */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return "dict";
  return (value as object).constructor?.name ?? typeof value;
}

/** Python's repr() of a JS value as the Python value it stands for. */
export function pyRepr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : floatRepr(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `(${value.map(pyRepr).join(", ")}${value.length === 1 ? "," : ""})`;
  return String(value);
}

/**
 * Python's f"{x:.{digits}f}": like toFixed, except that an exact tie rounds
 * to even as Python does (f"{12.5:.0f}" is "12", (12.5).toFixed(0) is "13").
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const exact = Math.abs(x).toFixed(100); // a double's exact decimal expansion, for the magnitudes that round here
  const dot = exact.indexOf(".");
  const rest = exact.slice(dot + 1 + digits);
  if (/^50*$/.test(rest)) {
    // A tie: keep the truncated digits when the last one is even, else round up.
    const kept = exact.slice(0, digits > 0 ? dot + 1 + digits : dot);
    const last = Number(kept[kept.length - 1]);
    const text = last % 2 === 0 ? kept : (Math.abs(x) + 0.5 * 10 ** -digits).toFixed(digits);
    return (x < 0 || Object.is(x, -0) ? "-" : "") + text;
  }
  return x.toFixed(digits);
}

/** Python's str() of a JS value as the Python value it stands for: a string as it is, an array as a list, a plain object as a dict. */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  const item = (v: unknown): string => (typeof v === "string" ? pyRepr(v) : pyStr(v));
  if (Array.isArray(value)) return `[${value.map(item).join(", ")}]`;
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${item(v)}`).join(", ")}}`;
  }
  return pyRepr(value);
}

const SPEC = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([a-zA-Z%])?$/;

/** Python's format(str, spec): [[fill]align][0][width][.precision][s], left-aligned, precision truncating. */
function formatString(x: string, spec: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}' for object of type 'str'`);
  const [, fill0, align0, sign, zero, widthText, comma, precisionText, type] = m;
  if (type !== undefined && type !== "s") throw new ValueError(`Unknown format code '${type}' for object of type 'str'`);
  if (sign !== undefined) throw new ValueError("Sign not allowed in string format specifier");
  if (align0 === "=") throw new ValueError("'=' alignment not allowed in string format specifier");
  if (comma) throw new ValueError("Cannot specify ',' with 's'.");
  const fill = fill0 ?? (zero && !align0 ? "0" : " ");
  const body = precisionText === undefined ? x : [...x].slice(0, Number(precisionText)).join("");
  const pad = Math.max(0, (widthText === undefined ? 0 : Number(widthText)) - [...body].length);
  const align = align0 ?? "<";
  if (align === ">") return fill.repeat(pad) + body;
  if (align === "^") return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(pad - Math.floor(pad / 2));
  return body + fill.repeat(pad);
}

/**
 * Python's format(value, spec) (what an f-string's `{x:+.2f}` does). For numbers:
 * [[fill]align][sign][width][,][.precision][type] with types f, e, %, d and none;
 * a 0-d tensor formats as its item, as Tensor.__format__ does. A string takes
 * [[fill]align][width][.precision]; anything else only the empty spec, which
 * gives its str() (object.__format__).
 */
export function pyFormat(value: unknown, spec = ""): string {
  if (typeof spec !== "string") throw new TorchTypeError(`format() argument 2 must be str, not ${pyTypeName(spec)}`);
  let x = value;
  if (x !== null && typeof x === "object" && typeof (x as { item?: unknown }).item === "function" && (x as { dim(): number }).dim() === 0) {
    x = (x as { item(): unknown }).item();
  }
  if (typeof x === "bigint") x = Number(x);
  if (typeof x === "string") return formatString(x, spec);
  if (typeof x !== "number" && typeof x !== "boolean") {
    if (spec === "") return pyStr(x);
    throw new TorchTypeError(`unsupported format string passed to ${pyTypeName(x)}.__format__`);
  }
  if (typeof x === "boolean" && spec === "") return x ? "True" : "False";
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}'`);
  const [, fill = " ", align, sign = "-", zero, widthText, comma, precisionText, type] = m;
  if (type !== undefined && !"fFeE%dgG".includes(type)) throw new ValueError(`Unknown format code '${type}' for object of type '${pyTypeName(x)}'`);
  const n = Number(x);
  const precision = precisionText === undefined ? 6 : Number(precisionText);
  const abs = Math.abs(n);
  let body: string;
  switch (type) {
    case "f":
    case "F":
      body = pyFixed(abs, precision);
      break;
    case "%":
      body = pyFixed(abs * 100, precision) + "%";
      break;
    case "e":
    case "E": {
      const [mant, exp] = abs.toExponential(precision).split("e");
      body = `${mant}e${exp[0]}${exp.slice(1).padStart(2, "0")}`;
      if (type === "E") body = body.toUpperCase();
      break;
    }
    case "d":
      if (!Number.isInteger(n)) throw new ValueError("Unknown format code 'd' for object of type 'float'");
      body = String(abs);
      break;
    default:
      // A bool with a spec formats as the int it is: format(True, "5") is "    1".
      body = Number.isInteger(n) && !precisionText ? String(abs) : floatRepr(abs);
  }
  if (comma) body = body.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ","));
  const negative = n < 0 || Object.is(n, -0);
  const signText = negative ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  const width = widthText === undefined ? 0 : Number(widthText);
  const pad = Math.max(0, width - signText.length - body.length);
  if (zero && !align) return signText + "0".repeat(pad) + body;
  const a = align ?? ">";
  if (a === "<") return signText + body + fill.repeat(pad);
  if (a === "^") return fill.repeat(Math.floor(pad / 2)) + signText + body + fill.repeat(pad - Math.floor(pad / 2));
  if (a === "=") return signText + fill.repeat(pad) + body;
  return fill.repeat(pad) + signText + body;
}

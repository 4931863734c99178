/**
 * Printing tensors as PyTorch prints them: a port of the semantics of
 * PyTorch 1.13's torch/_tensor_str.py (Tensor.__repr__ / __str__), so that
 * `String(t)` and `util.inspect(t)` give the very string Python's `repr(t)`
 * gives, down to padding, summarization and line wrapping.
 */
import { bool, complex64, float32, float64, get_default_dtype, int64, complex128 } from "./dtype";
import type { Tensor } from "./tensor";
import { torchAtLeast } from "./version";

// ---- print options (torch.set_printoptions) ---------------------------------------

interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const DEFAULTS: Readonly<PrintOptions> = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const PRINT_OPTS: PrintOptions = { ...DEFAULTS };

export type PrintOptionsArg = {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: "default" | "short" | "full" | null;
  sci_mode?: boolean | null;
};

/**
 * torch.set_printoptions({ precision, threshold, edgeitems, linewidth, profile, sci_mode }).
 * As in PyTorch, a profile is applied first, the other options override it, and
 * sci_mode is reset to automatic (null) whenever it is not given.
 */
export function set_printoptions(options: PrintOptionsArg = {}): void {
  const { profile } = options;
  if (profile === "default") Object.assign(PRINT_OPTS, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (profile === "short") Object.assign(PRINT_OPTS, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (profile === "full") Object.assign(PRINT_OPTS, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const key of ["precision", "threshold", "edgeitems", "linewidth"] as const) {
    const v = options[key];
    if (v !== undefined && v !== null) PRINT_OPTS[key] = v;
  }
  PRINT_OPTS.sci_mode = options.sci_mode ?? null;
}

// ---- Python's float formatting ------------------------------------------------------
// Python's '{:.Nf}' and '{:.Ne}' round the exact binary value of the double to
// nearest, ties to even. JS's toFixed rounds ties away from zero (0.03125 ->
// "0.0313" where Python prints "0.0312") and switches to exponent form past
// 1e21, so both are done here exactly with BigInt.

const bits = new DataView(new ArrayBuffer(8));

/** |x| (finite) as an exact fraction [numerator, denominator], the denominator a power of two. */
function exactAbs(x: number): [bigint, bigint] {
  bits.setFloat64(0, Math.abs(x));
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = hi >>> 20;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074; // subnormal
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? [mant << BigInt(exp), 1n] : [mant, 1n << BigInt(-exp)];
}

/** round(num / den * 10^shift), ties to even. */
function roundScaled(num: bigint, den: bigint, shift: number): bigint {
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const q = num / den;
  const twiceRem = (num % den) * 2n;
  return twiceRem > den || (twiceRem === den && (q & 1n) === 1n) ? q + 1n : q;
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan"; // Python never prints a sign on nan
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

/** Python's `'{:.Nf}'.format(x)`. */
export function formatFixed(x: number, digits: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [num, den] = exactAbs(x);
  let s = roundScaled(num, den, digits).toString();
  if (digits > 0) {
    s = s.padStart(digits + 1, "0");
    s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  }
  return sign + s;
}

/** Python's `'{:.Ne}'.format(x)`: one leading digit, exponent signed and at least two digits. */
export function formatExp(x: number, digits: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  let mantissa: string;
  let k = 0;
  if (x === 0) {
    mantissa = "0".repeat(digits + 1);
  } else {
    const [num, den] = exactAbs(x);
    const lo = 10n ** BigInt(digits);
    const hi = lo * 10n;
    // log10 only guesses the exponent; the exact rounding settles it (9.99996 -> 1.0000e+01).
    k = Math.floor(Math.log10(Math.abs(x)));
    for (;;) {
      const n = roundScaled(num, den, digits - k);
      if (n >= hi) k++;
      else if (n < lo) k--;
      else {
        mantissa = n.toString();
        break;
      }
    }
  }
  const m = digits > 0 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa;
  return `${sign}${m}e${k < 0 ? "-" : "+"}${String(Math.abs(k)).padStart(2, "0")}`;
}

// ---- _Formatter: one column width and one notation for the whole tensor ----------------

// From PyTorch 2.9 the notation is settled (a forced sci_mode included) before the widths are measured.
const SCI_MODE_FIRST = torchAtLeast(2, 9);

class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  /**
   * `values` are the elements the formatter sees (the summarized ones when the
   * tensor is summarized): doubles for floating tensors, else Python's str() of
   * each element.
   */
  constructor(private readonly floating: boolean, values: readonly (number | string)[]) {
    const p = PRINT_OPTS.precision;
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, (v as string).length);
      return;
    }
    // Only nonzero finite values decide the notation and the width.
    const vals = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    // Nothing to go by: integer notation, width 1, and (as in PyTorch) sci_mode is not applied.
    if (vals.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of vals) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (this.intMode && v !== Math.ceil(v)) this.intMode = false;
    }
    const wide = max / min > 1000 || max > 1e8;
    if (SCI_MODE_FIRST) {
      this.sciMode = PRINT_OPTS.sci_mode ?? (wide || min < 1e-4);
      const width = this.sciMode ? (v: number) => formatExp(v, p).length : this.intMode ? (v: number) => formatFixed(v, 0).length + 1 : (v: number) => formatFixed(v, p).length;
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, width(v));
      return;
    }
    // Before: measured in the automatic notation, then a forced sci_mode applied.
    if (this.intMode) {
      if (wide) {
        this.sciMode = true;
        for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatExp(v, p).length);
      } else {
        // +1 for the "." that marks integral floats.
        for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, 0).length + 1);
      }
    } else if (wide || min < 1e-4) {
      this.sciMode = true;
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatExp(v, p).length);
    } else {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, p).length);
    }
    if (PRINT_OPTS.sci_mode !== null) this.sciMode = PRINT_OPTS.sci_mode;
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: number | string): string {
    let s: string;
    if (!this.floating) {
      s = value as string;
    } else {
      const v = value as number;
      if (this.sciMode) s = formatExp(v, PRINT_OPTS.precision).padStart(this.maxWidth);
      else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? "." : "");
      else s = formatFixed(v, PRINT_OPTS.precision);
    }
    return s.padStart(this.maxWidth);
  }
}

// ---- laying out the nested brackets ---------------------------------------------------

/** The elements of a tensor, flat and row-major, as the formatters take them. */
interface Elements {
  count: number;
  floating: boolean;
  /** element i: a double (floating) or Python's str of it (integral, bool); for complex, the real part */
  real(i: number): number | string;
  /** complex only: the imaginary part of element i */
  imag: ((i: number) => number) | null;
}

function readElements(t: Tensor): Elements {
  const d = t.dtype;
  if (d.is_complex) {
    // No TypedArray for complex: view the (contiguous) elements as interleaved real/imag pairs.
    const parts = t.reshape(-1).contiguous().view(d === complex128 ? float64 : float32).toTypedArray() as Float64Array;
    return { count: parts.length / 2, floating: true, real: (i) => parts[2 * i], imag: (i) => parts[2 * i + 1] };
  }
  // Elements are read one by one when printed, so a summarized tensor converts only what it shows.
  const data = t.toTypedArray();
  let real: (i: number) => number | string;
  if (d.is_floating_point) real = (i) => (data as Float64Array)[i];
  else if (d === bool) real = (i) => (data[i] ? "True" : "False");
  else real = (i) => String(data[i]);
  return { count: data.length, floating: d.is_floating_point, real, imag: null };
}

/** Which indices along a dimension of `size` get printed. */
function shownIndices(size: number, summarize: boolean, lastDim: boolean): { head: number[]; tail: number[] | null } {
  const e = PRINT_OPTS.edgeitems;
  const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
  if (!summarize || size <= 2 * e) return { head: range(0, size), tail: null };
  // PyTorch slices a row's tail as row[-edgeitems:], which is the whole row when edgeitems is 0.
  return { head: range(0, e), tail: lastDim && e === 0 ? range(0, size) : range(size - e, size) };
}

function tensorStr(t: Tensor, indent: number): string {
  const shape = [...t.shape];
  const numel = shape.reduce((a, b) => a * b, 1);
  const summarize = numel > PRINT_OPTS.threshold;
  const el = readElements(t);
  const strides: number[] = [];
  for (let i = shape.length - 1, s = 1; i >= 0; s *= shape[i], i--) strides[i] = s;

  // The formatters see only what gets printed (get_summarized_data).
  const seen: number[] = [];
  const gather = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      seen.push(offset);
      return;
    }
    const { head, tail } = shownIndices(shape[dim], summarize, dim === shape.length - 1);
    for (const i of [...head, ...(tail ?? [])]) gather(dim + 1, offset + i * strides[dim]);
  };
  if (summarize) gather(0, 0);
  else for (let i = 0; i < el.count; i++) seen.push(i);
  const real = new Formatter(el.floating, seen.map(el.real));
  const imagOf = el.imag;
  const imag = imagOf ? new Formatter(true, seen.map(imagOf)) : null;

  const element = (i: number): string => {
    const r = real.format(el.real(i));
    if (!imag || !imagOf) return r;
    // A complex element: imaginary part with its sign, "+" added when it has none.
    const im = `${imag.format(imagOf(i))}j`.trimStart();
    return im[0] === "+" || im[0] === "-" ? r + im : `${r}+${im}`;
  };

  const render = (dim: number, offset: number, ind: number): string => {
    const left = shape.length - dim;
    if (left === 0) return element(offset);
    const { head, tail } = shownIndices(shape[dim], summarize, left === 1);
    if (left === 1) {
      // Elements with their ", " separators, as many per line as fit the line width.
      const elementLength = real.width() + 2 + (imag ? imag.width() + 1 : 0);
      const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - ind) / elementLength));
      const data = head.map((i) => element(offset + i));
      if (tail) data.push(" ...", ...tail.map((i) => element(offset + i)));
      const lines: string[] = [];
      for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
      return `[${lines.join(`,\n${" ".repeat(ind + 1)}`)}]`;
    }
    const slices = head.map((i) => render(dim + 1, offset + i * strides[dim], ind + 1));
    if (tail) slices.push("...", ...tail.map((i) => render(dim + 1, offset + i * strides[dim], ind + 1)));
    return `[${slices.join(`,${"\n".repeat(left - 1)}${" ".repeat(ind + 1)}`)}]`;
  };
  return render(0, 0, indent);
}

// ---- the repr -------------------------------------------------------------------------

/** Python's str(tuple(shape)): "(2, 0, 3)", "(0,)". */
function tupleStr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Appends ", suffix" items, wrapping to a new indented line where the line would pass the width. */
function addSuffixes(body: string, suffixes: string[], indent: number): string {
  let lastLineLen = body.length - body.lastIndexOf("\n") + 1;
  let out = body;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      out += `,\n${" ".repeat(indent)}${suffix}`;
      lastLineLen = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLineLen += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** The string Python's repr(t) gives. */
export function tensorRepr(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const dev = t.device;
  // The default device is the CPU; any other device is printed.
  if (dev.type !== "cpu") suffixes.push(`device='${dev.toString()}'`);

  const d = t.dtype;
  const defaultDtype = get_default_dtype();
  const defaultComplex = defaultDtype === float64 ? complex128 : complex64;
  const hasDefaultDtype = d === defaultDtype || d === defaultComplex || d === int64 || d === bool;

  let body: string;
  if (t.numel() === 0) {
    // Empty: the shape unless it is (0,), and the dtype unless it is the default float.
    if (t.dim() !== 1) suffixes.push(`size=${tupleStr([...t.shape])}`);
    if (d !== defaultDtype) suffixes.push(`dtype=${d.toString()}`);
    body = "[]";
  } else {
    if (!hasDefaultDtype) suffixes.push(`dtype=${d.toString()}`);
    body = tensorStr(t, indent);
  }

  const gradFn = t.grad_fn;
  if (gradFn) suffixes.push(`grad_fn=<${gradFn.name().split("::").pop()}>`);
  else if (t.requires_grad) suffixes.push("requires_grad=True");

  return addSuffixes(prefix + body, suffixes, indent);
}

/**
 * A small argparse: the options of the Python reference scripts with their
 * names, types, defaults and error messages ("argument --seed: invalid int
 * value: 'x'"), parsed into the dict that `vars(args)` gives (dashes become
 * underscores, options in declaration order). Errors carry the usage line,
 * which the command prints before them, as argparse's parser.error() does.
 */
import { floatRepr } from "../_pyformat";

export type Value = number | string | boolean | null;
export type OptionSpec = {
  type: "int" | "float" | "string" | "flag";
  default: Value;
  help: string;
  /** Why a converted value is out of range (printed after "argument --name: "), or null when it is fine. */
  check?: (value: number | string) => string | null;
};
export type Parsed = Record<string, Value>;

/** A bad command line: `message` is argparse's "prog: error: ..." line, `usage` the usage line printed before it. Exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string | null = null) {
    super(message);
    this.name = "UsageError";
  }
}

/** argparse's HelpFormatter width: $COLUMNS, else the terminal's, else 80; less 2. */
function textWidth(): number {
  const env = Number(process.env.COLUMNS);
  const columns = Number.isInteger(env) && env > 0 ? env : process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80;
  return Math.max(columns - 2, 11);
}

/** Parts joined into lines no wider than the text width, each after `indent` (argparse's get_lines). */
function wrap(parts: string[], indent: string, width: number, prefix: string | null): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let length = prefix === null ? indent.length - 1 : prefix.length - 1;
  for (const part of parts) {
    if (length + 1 + part.length > width && line.length) {
      lines.push(indent + line.join(" "));
      line = [];
      length = indent.length - 1;
    }
    line.push(part);
    length += part.length + 1;
  }
  if (line.length) lines.push(indent + line.join(" "));
  if (prefix !== null && lines.length) lines[0] = lines[0].slice(indent.length);
  return lines;
}

/** One command's options and positionals, parsed and reported as argparse.ArgumentParser does. */
export class ArgumentParser {
  /** `positionals` are the usage's trailing parts, e.g. ["training_script", "..."]; they are not parsed here. */
  constructor(
    readonly prog: string,
    readonly options: Record<string, OptionSpec>,
    readonly positionals: string[] = [],
    readonly description: string | null = null,
  ) {}

  /** argparse's format_usage(): "usage: prog [-h] [--seed SEED] ...", wrapped as argparse wraps it. */
  usage(): string {
    const optional = Object.entries(this.options).map(([name, spec]) => (spec.type === "flag" ? `[--${name}]` : `[--${name} ${metavar(name)}]`));
    const parts = ["[-h]", ...optional];
    const prefix = "usage: ";
    const width = textWidth();
    const flat = `${prefix}${[this.prog, ...parts, ...this.positionals].join(" ")}`;
    if (flat.length <= width) return flat;
    // Too long for one line: argparse wraps the options, then the positionals, each under the first option.
    if (prefix.length + this.prog.length <= 0.75 * width) {
      const indent = " ".repeat(prefix.length + this.prog.length + 1);
      return prefix + [...wrap([this.prog, ...parts], indent, width, prefix), ...wrap(this.positionals, indent, width, null)].join("\n");
    }
    const indent = " ".repeat(prefix.length);
    const oneBlock = wrap([...parts, ...this.positionals], indent, width, null);
    const lines = oneBlock.length > 1 ? [...wrap(parts, indent, width, null), ...wrap(this.positionals, indent, width, null)] : oneBlock;
    return prefix + [this.prog, ...lines].join("\n");
  }

  /** argparse's format_help(): the usage line, the description, the options with their defaults. */
  help(): string {
    const lines = Object.entries(this.options).map(([name, spec]) => {
      const flag = spec.type === "flag" ? `--${name}` : `--${name} ${metavar(name)}`;
      const shown = spec.type === "float" ? floatRepr(spec.default as number) : String(spec.default);
      const def = spec.type === "flag" || spec.default === null ? "" : ` (default: ${shown})`;
      return `  ${flag.padEnd(30)} ${spec.help}${def}`;
    });
    const description = this.description ? `${this.description}\n\n` : "";
    return `${this.usage()}\n\n${description}options:\n  -h, --help                     show this help message and exit\n${lines.join("\n")}`.trimEnd();
  }

  /** parser.error(message): the UsageError to throw. */
  error(message: string): UsageError {
    return new UsageError(`${this.prog}: error: ${message}`, this.usage());
  }

  /** An option's value out of range: "argument --epochs: must be at least 1, not 0". */
  argumentError(name: string, message: string): UsageError {
    return this.error(`argument --${name}: ${message}`);
  }

  parse(argv: string[]): Parsed | "help" {
    const out: Parsed = {};
    for (const [name, spec] of Object.entries(this.options)) out[name.replace(/-/g, "_")] = spec.default;
    const names = Object.keys(this.options);
    const unrecognized: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === "-h" || arg === "--help") return "help";
      if (!arg.startsWith("--") || arg === "--") {
        unrecognized.push(arg);
        continue;
      }
      const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
      // argparse accepts any unambiguous prefix of a long option; a prefix of --help means help.
      if (flag.length && "help".startsWith(flag) && !names.some((n) => n.startsWith(flag))) return "help";
      const matches = names.includes(flag) ? [flag] : names.filter((n) => n.startsWith(flag));
      if (matches.length > 1) throw this.error(`ambiguous option: --${flag} could match ${matches.map((m) => `--${m}`).join(", ")}`);
      if (matches.length === 0) {
        unrecognized.push(arg);
        continue;
      }
      const name = matches[0];
      const spec = this.options[name];
      const key = name.replace(/-/g, "_");
      if (spec.type === "flag") {
        if (inline !== undefined) throw this.argumentError(name, `ignored explicit argument '${inline}'`);
        out[key] = true;
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && looksLikeOption(value))) throw this.argumentError(name, "expected one argument");
      const converted = this.convert(name, spec.type, value);
      const why = spec.check?.(converted);
      if (why) throw this.argumentError(name, why);
      out[key] = converted;
    }
    if (unrecognized.length) throw this.error(`unrecognized arguments: ${unrecognized.join(" ")}`);
    return out;
  }

  private convert(name: string, type: OptionSpec["type"], value: string): number | string {
    if (type === "string") return value;
    const n = type === "int" ? (/^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN) : pyFloat(value);
    if (Number.isNaN(n) && !/^\s*[-+]?nan\s*$/i.test(value)) throw this.argumentError(name, `invalid ${type} value: '${value}'`);
    // Python's int has no limit; a JS number holds integers exactly only this far, and a seed must not change silently.
    if (type === "int" && !Number.isSafeInteger(n)) {
      throw this.argumentError(name, `${value.trim()} is beyond the integers torchnode reads exactly (±${Number.MAX_SAFE_INTEGER})`);
    }
    return n;
  }
}

/**
 * Whether argparse takes a word for an option rather than a value: "-x" and
 * "--x", not a negative number ("-1", "-.5", "-1e-5", as Python 3.13 reads
 * them), "-" or words with spaces.
 */
function looksLikeOption(word: string): boolean {
  return word.startsWith("-") && word !== "-" && !/^-\.?\d/.test(word) && !word.includes(" ");
}

/** argparse's metavar for --name: NAME (dashes become underscores). */
function metavar(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

// Python's float(): decimal or exponent notation, inf and nan, surrounding blanks.
function pyFloat(value: string): number {
  const s = value.trim().toLowerCase();
  if (/^[-+]?(inf|infinity)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(s)) return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}

// ---- ranges: an option's check, worded as the run launcher has always said it ----

/** An int at least `min`: "must be at least 1, not 0". */
export function atLeast(min: number): (value: number | string) => string | null {
  return (v) => ((v as number) >= min ? null : `must be at least ${min}, not ${v}`);
}

/** An int in [min, max]: "must be in [1, 65535], not 0". */
export function inRange(min: number, max: number): (value: number | string) => string | null {
  return (v) => ((v as number) >= min && (v as number) <= max ? null : `must be in [${min}, ${max}], not ${v}`);
}

/** A finite float > 0 (a learning rate): "must be a finite number > 0, not -1.0". */
export function positiveFinite(v: number | string): string | null {
  return Number.isFinite(v) && (v as number) > 0 ? null : `must be a finite number > 0, not ${floatRepr(v as number)}`;
}

/** A finite float >= 0 (a weight decay, a penalty): "must be a finite number >= 0, not -1.0". */
export function nonNegativeFinite(v: number | string): string | null {
  return Number.isFinite(v) && (v as number) >= 0 ? null : `must be a finite number >= 0, not ${floatRepr(v as number)}`;
}

/** A string that names something: "must not be empty". */
export function nonEmpty(v: number | string): string | null {
  return String(v).length ? null : "must not be empty";
}

/**
 * A small argparse: the options of the Python reference scripts with their
 * names, types, defaults and error messages ("argument --seed: invalid int
 * value: 'x'"), parsed into the dict that `vars(args)` gives (dashes become
 * underscores, options in declaration order).
 */
import { floatRepr } from "../_pyformat";

export type OptionSpec = { type: "int" | "float" | "string" | "flag"; default: number | string | boolean | null; help: string };
export type Parsed = Record<string, number | string | boolean | null>;

/** Thrown for a bad command line: the message and the usage, exit status 2 (as argparse). */
export class UsageError extends Error {}

export function usage(prog: string, specs: Record<string, OptionSpec>): string {
  const lines = Object.entries(specs).map(([name, spec]) => {
    const flag = spec.type === "flag" ? `--${name}` : `--${name} ${name.toUpperCase().replace(/-/g, "_")}`;
    const shown = spec.type === "float" ? floatRepr(spec.default as number) : String(spec.default);
    const def = spec.type === "flag" || spec.default === null ? "" : ` (default: ${shown})`;
    return `  ${flag.padEnd(30)} ${spec.help}${def}`;
  });
  return `usage: ${prog} [options]\n\noptions:\n  -h, --help                     show this help message and exit\n${lines.join("\n")}`;
}

export function parse(prog: string, argv: string[], specs: Record<string, OptionSpec>): Parsed | "help" {
  const out: Parsed = {};
  for (const [name, spec] of Object.entries(specs)) out[name.replace(/-/g, "_")] = spec.default;
  const names = Object.keys(specs);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    if (!arg.startsWith("--")) throw new UsageError(`${prog}: error: unrecognized arguments: ${arg}`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    // argparse accepts any unambiguous prefix of a long option.
    const matches = names.includes(flag) ? [flag] : names.filter((n) => n.startsWith(flag));
    if (matches.length !== 1) {
      const why = matches.length ? `ambiguous option: --${flag} could match ${matches.map((m) => `--${m}`).join(", ")}` : `unrecognized arguments: ${arg}`;
      throw new UsageError(`${prog}: error: ${why}`);
    }
    const name = matches[0];
    const spec = specs[name];
    const key = name.replace(/-/g, "_");
    if (spec.type === "flag") {
      if (inline !== undefined) throw new UsageError(`${prog}: error: argument --${name}: ignored explicit argument '${inline}'`);
      out[key] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${prog}: error: argument --${name}: expected one argument`);
    out[key] = convert(prog, name, spec.type, value);
  }
  return out;
}

function convert(prog: string, name: string, type: OptionSpec["type"], value: string): number | string {
  if (type === "string") return value;
  const n = type === "int" ? (/^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN) : pyFloat(value);
  if (Number.isNaN(n) && !/^\s*[-+]?nan\s*$/i.test(value)) {
    throw new UsageError(`${prog}: error: argument --${name}: invalid ${type} value: '${value}'`);
  }
  return n;
}

// Python's float(): decimal or exponent notation, inf and nan, surrounding blanks.
function pyFloat(value: string): number {
  const s = value.trim().toLowerCase();
  if (/^[-+]?(inf|infinity)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(s)) return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}

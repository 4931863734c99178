/**
 * PyTorch's module test database (ModuleInfo samples) as cases, written by
 * scripts/golden_modules.py, and how torchnode runs one: seed, construct,
 * to(dtype), state_dict, train/eval, forward, backward of the outputs' sum.
 * Each comparison is bit for bit (NaN matches any NaN), through
 * test/helpers/golden.ts's compareValue.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../../lib";
import { fixturePath, PYTHON, sameTorch } from "./fixtures";
import { compareValue, decodeTensor, type EncodedTensor, type Value } from "./golden";

/** A constructor or forward argument: JSON, a tensor as bytes (grad: the case sets requires_grad on it). */
export type ModuleArg =
  | null
  | boolean
  | number
  | string
  | ModuleArg[]
  | { t: EncodedTensor; grad?: boolean }
  | { int: string }
  | { float: string }
  | { dtype: string };

export interface ModuleCase {
  name: string;
  /** torch.nn.<module> */
  module: string;
  dtype: "float32" | "float64";
  training: boolean;
  /** torch.manual_seed(seed) right before the constructor. */
  seed: number;
  args: ModuleArg[];
  kwargs: Record<string, ModuleArg>;
  forward_args: ModuleArg[];
  forward_kwargs: Record<string, ModuleArg>;
  /** Where PyTorch's results changed with the inputs' addresses: compared within 1e-5. */
  address_dependent?: boolean;
  state_dict: [string, Value][];
  output: Value;
  /** The state dict after forward, where forward changed it (running statistics). */
  state_dict_after?: [string, Value][];
  /** Present where an output is floating and requires grad: d(sum of outputs)/d(each input marked grad). */
  input_grads?: Value[];
  param_grads?: [string, Value][];
}

export interface ModuleReport {
  moduleinfos: number;
  run: number;
  skipped: Record<string, number>;
  sample_skips: Record<string, number>;
  address_dependent: Record<string, number>;
}

export interface ModuleFixture {
  generator: string;
  torch_version: string;
  num_threads: number;
  report: ModuleReport;
  cases: ModuleCase[];
}

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "golden_modules.py");

/**
 * The module_db fixture of the PyTorch of this libtorch: module_db.json from
 * $TORCHNODE_FIXTURES / test/fixtures/machine (scripts/golden.sh) when its
 * torch_version matches, else written now into a temporary file by $PYTHON
 * (a few seconds). `source` says which.
 */
export function loadModuleDb(): { fixture: ModuleFixture | null; source: string } {
  const file = fixturePath("module_db.json");
  if (fs.existsSync(file)) {
    const fixture = JSON.parse(fs.readFileSync(file, "utf8")) as ModuleFixture;
    if (sameTorch().test(fixture.torch_version)) return { fixture, source: file };
  }
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-module-db-")), "module_db.json");
  const env = { ...process.env };
  // PyTorch's test helpers import expecttest, which Debian does not package: scripts/golden.sh keeps a copy here.
  const expecttest = path.join(os.homedir(), ".cache", "torchnode", "pylib-expecttest");
  if (fs.existsSync(expecttest)) env.PYTHONPATH = [expecttest, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const r = spawnSync(PYTHON, [SCRIPT, tmp], { env, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0 || !fs.existsSync(tmp)) {
    return { fixture: null, source: `${PYTHON} ${SCRIPT} failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-2000)}` };
  }
  const fixture = JSON.parse(fs.readFileSync(tmp, "utf8")) as ModuleFixture;
  fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  return { fixture, source: `written now by ${PYTHON} scripts/golden_modules.py (no ${file} of this PyTorch)` };
}

/** The module class torch.nn.<name>, or undefined where torchnode lacks it. */
export function moduleClass(name: string): (new (...args: unknown[]) => torch.nn.Module) | undefined {
  const cls = (torch.nn as unknown as Record<string, unknown>)[name];
  return typeof cls === "function" ? (cls as new (...args: unknown[]) => torch.nn.Module) : undefined;
}

function dtypeNamed(name: string): torch.dtype {
  const d = (torch as unknown as Record<string, unknown>)[name];
  if (!(d instanceof torch.dtype)) throw new Error(`fixture names an unknown dtype ${name}`);
  return d;
}

function floatOf(f: string): number {
  return f === "nan" ? NaN : f === "inf" ? Infinity : f === "-inf" ? -Infinity : Number(f);
}

/** An argument as torchnode takes it; tensors marked grad get requires_grad and are pushed onto `grads`. */
function decodeArg(a: ModuleArg, grads: torch.Tensor[]): unknown {
  if (a === null || typeof a !== "object") return a;
  if (Array.isArray(a)) return a.map((x) => decodeArg(x, grads));
  if ("t" in a) {
    const t = decodeTensor(a.t);
    if (a.grad) {
      t.requires_grad_();
      grads.push(t);
    }
    return t;
  }
  if ("int" in a) return BigInt(a.int);
  if ("float" in a) return floatOf(a.float);
  return dtypeNamed(a.dtype);
}

/** Positional arguments, then keyword arguments as one trailing options object (torchnode's convention). */
function callArgs(args: ModuleArg[], kwargs: Record<string, ModuleArg>, grads: torch.Tensor[]): unknown[] {
  const out = args.map((a) => decodeArg(a, grads));
  if (Object.keys(kwargs).length) out.push(Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, decodeArg(v, grads)])));
  return out;
}

function flatTensors(v: unknown): torch.Tensor[] {
  if (v instanceof torch.Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(flatTensors);
  return [];
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
}

function compareStateDict(sd: Record<string, torch.Tensor>, want: [string, Value][], where: string, out: string[]): void {
  const names = Object.keys(sd);
  const wantNames = want.map(([k]) => k);
  if (names.join(",") !== wantNames.join(",")) out.push(`${where}: keys [${names.join(", ")}], want [${wantNames.join(", ")}]`);
  for (const [k, v] of want) if (k in sd) compareValue(sd[k], v, `${where}["${k}"]`, out);
}

/** The Python lines a case stands for, for failure messages. */
export function showCase(c: ModuleCase): string {
  const show = (a: ModuleArg): string =>
    a === null ? "None" : typeof a !== "object" ? JSON.stringify(a) : Array.isArray(a) ? `[${a.map(show).join(", ")}]`
      : "t" in a ? `<${a.t.dtype} [${a.t.shape}]${a.grad ? " grad" : ""}>` : "int" in a ? a.int : "float" in a ? a.float : `torch.${a.dtype}`;
  const call = (args: ModuleArg[], kwargs: Record<string, ModuleArg>): string =>
    [...args.map(show), ...Object.entries(kwargs).map(([k, v]) => `${k}=${show(v)}`)].join(", ");
  return `torch.manual_seed(${c.seed}); m = nn.${c.module}(${call(c.args, c.kwargs)}).to(torch.${c.dtype}); ` +
    `m.train(${c.training ? "True" : "False"}); m(${call(c.forward_args, c.forward_kwargs)})`;
}

/** Runs one case through torchnode: every difference from PyTorch, one line each. */
export function runModuleCase(c: ModuleCase): string[] {
  const failures: string[] = [];
  const cls = moduleClass(c.module);
  if (!cls) return [`torch.nn.${c.module} is not in torchnode`];
  torch.tidy(() => {
    const grads: torch.Tensor[] = [];
    let m: torch.nn.Module;
    try {
      torch.manual_seed(c.seed);
      m = new cls(...callArgs(c.args, c.kwargs, grads));
      m.to(dtypeNamed(c.dtype));
    } catch (e) {
      failures.push(`constructing: torchnode threw ${message(e)}`);
      return;
    }
    compareState(m, c.state_dict, "initial state_dict", failures);
    m.train(c.training);
    let out: unknown;
    try {
      out = m(...callArgs(c.forward_args, c.forward_kwargs, grads));
    } catch (e) {
      failures.push(`forward: torchnode threw ${message(e)}`);
      return;
    }
    compareValue(out, c.output, "output", failures);
    if (c.state_dict_after) compareState(m, c.state_dict_after, "state_dict after forward", failures);
    if (!c.input_grads) return;
    const parts = flatTensors(out).filter((t) => t.is_floating_point() && t.requires_grad);
    if (!parts.length) {
      failures.push("backward: no floating output requires grad in torchnode");
      return;
    }
    try {
      parts.map((p) => p.sum()).reduce((a, b) => a.add(b)).backward();
    } catch (e) {
      failures.push(`backward: torchnode threw ${message(e)}`);
      return;
    }
    if (grads.length !== c.input_grads.length) failures.push(`${grads.length} inputs require grad, want ${c.input_grads.length}`);
    else c.input_grads.forEach((g, i) => compareValue(grads[i].grad, g, `input ${i}'s grad`, failures));
    const params = [...m.named_parameters()];
    const names = params.map(([k]) => k).join(", ");
    const wantNames = (c.param_grads ?? []).map(([k]) => k).join(", ");
    if (names !== wantNames) failures.push(`named_parameters [${names}], want [${wantNames}]`);
    else (c.param_grads ?? []).forEach(([k, g], i) => compareValue(params[i][1].grad, g, `${k}.grad`, failures));
  });
  return failures;
}

function compareState(m: torch.nn.Module, want: [string, Value][], where: string, out: string[]): void {
  let sd: Record<string, torch.Tensor>;
  try {
    sd = m.state_dict();
  } catch (e) {
    out.push(`${where}: torchnode threw ${message(e)}`);
    return;
  }
  compareStateDict(sd, want, where, out);
}

/** Each failure a value difference, every listed element within a relative 1e-5 (as test/opinfo.test.ts). */
export function withinTolerance(failures: string[]): boolean {
  return failures.every((line) => {
    if (!/element\(s\) differ/.test(line)) return false;
    const pairs = [...line.matchAll(/got (\S+) \(0x[0-9a-f]+\), want (\S+) \(/g)];
    return pairs.length > 0 && pairs.every(([, got, want]) => Math.abs(Number(got) - Number(want)) <= 1e-5 * Math.max(1, Math.abs(Number(want))));
  });
}

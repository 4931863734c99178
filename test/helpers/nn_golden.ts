/**
 * Reading test/fixtures/nn.json (written by scripts/golden_nn.py with real
 * PyTorch) and comparing torchnode's tensors with it byte for byte.
 *
 * A tensor in the fixture is either a full copy, {dtype, shape, b64} with
 * the raw little-endian row-major bytes, or a digest: the first hex digits
 * of SHA-256 over "float32[16,784]:" followed by those bytes.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as torch from "../../lib";
import { nn } from "../../lib";
import { fixturePath } from "./fixtures";
import { LAB_MODELS, type LabModelName } from "./nn_lab_models";

// ---- the fixture ------------------------------------------------------------------

export interface FullTensor {
  dtype: string;
  shape: number[];
  b64: string;
}
export type Encoded = FullTensor | string;

/** A scheduler as scripts/golden_nn.py builds it: {"lambda": name} args are its LR_LAMBDAS, {"cls", ...} ones nested schedulers. */
export type SchedulerSpec = { cls: string; args: Json[]; kwargs: Record<string, Json> };
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ErrorValue {
  type: string;
  message: string;
}

export interface LabStep {
  y_hat: string;
  loss: FullTensor;
  grads: string[];
  params: Encoded[];
  buffers: Encoded[];
  state: ([string, Encoded | null][] | null)[];
  norms: [number, number];
  dropout?: { out: string; mask: string }[];
  eval?: Encoded;
  eval_tanh?: string;
}

export interface LabRun {
  seed: number;
  model: LabModelName;
  init: { parameters: [string, Encoded][]; buffers: [string, Encoded][] };
  batch: { X: string; y: FullTensor; X_eval: string };
  configs: { optimizer: string; steps: LabStep[] }[];
}

export interface NnFixture {
  generator: string;
  torch_version: string;
  num_threads: number;
  digest_hex: number;
  state_dicts: { model: LabModelName; entries: [string, string, number[]][]; metadata: [string, Record<string, number>][] }[];
  optimizer_state_dicts: {
    name: string; cls: string; kwargs: Record<string, Json>; groups?: Record<string, Json>[];
    snapshots: { state: [number, [string, Json][]][]; param_groups: [string, Json][][] }[];
  }[];
  step_lr: {
    name: string; cls: string; kwargs: Record<string, Json>; lrs?: (number | null)[]; sched: Record<string, Json>; epochs: number;
    sequence: [number[], number[]][]; initial_lr: number[]; state_dict: [string, Json][];
  }[];
  schedulers: {
    name: string; sched: SchedulerSpec; lrs?: (number | null)[]; epochs: number;
    opt?: [string, Record<string, Json>]; steps?: number[][]; momenta?: boolean;
    sequence: Json[][]; initial_lr: (number | null)[]; state_dict: [string, Json][];
  }[];
  losses: {
    name: string; module: string; via: "module" | "functional"; kwargs: Record<string, Json>;
    input: FullTensor; target: FullTensor; out: FullTensor; grad_input: FullTensor; grad_target: FullTensor | null;
  }[];
  softmax: { fn: string; args: Json[]; kwargs: Record<string, Json>; input: FullTensor; w: FullTensor; out: FullTensor; grad: FullTensor }[];
  batchnorm: {
    name: string; spec: Json; set_stats: boolean;
    calls: {
      mode: "train" | "eval"; input: FullTensor; w: FullTensor; out: FullTensor; grad_input: FullTensor;
      grad_weight: FullTensor | null; grad_bias: FullTensor | null;
      running_mean: FullTensor | null; running_var: FullTensor | null; num_batches_tracked: FullTensor | null;
    }[];
  }[];
  dropout: {
    seed: number; kind: "F" | "Dropout"; args: Json[]; kwargs: Record<string, Json>; mode: "train" | "eval"; inplace: boolean;
    input: FullTensor; w: FullTensor; out: FullTensor; grad: FullTensor; input_after: FullTensor | null;
  }[];
  init: { seed: number; fn: string; shape: number[]; args: Json[]; kwargs: Record<string, Json>; out: FullTensor }[];
  calculate_gain: { args: [string, number?]; value: number }[];
  reprs: { spec: Json; repr: string }[];
  nn_utils: {
    cases: {
      fn: string; grads: string; seed: number; args: Json[]; kwargs: Record<string, Json>;
      params: FullTensor[]; grads_in: (FullTensor | null)[]; vec?: FullTensor; total_norm?: FullTensor;
      error: ErrorValue | null; result: FullTensor | null; params_after: FullTensor[]; grads_after: (FullTensor | null)[];
    }[];
    errors: { name: string; error: ErrorValue | null }[];
  };
  errors: ({
    name: string; kind: string; cls?: string; kwargs?: Record<string, Json>; spec?: Json; train?: boolean; shape?: number[];
    module?: string; input?: FullTensor; target?: FullTensor;
    model?: LabModelName; drop?: string[]; add?: Record<string, number[]>; resize?: Record<string, number[]>; strict?: boolean;
  } & ({ error: ErrorValue } | { result: { missing_keys: string[]; unexpected_keys: string[] } }))[];
  lab: {
    batch: number; steps: number; eval_every: number; full_at_end: number;
    optimizers: Record<string, { cls: string; kwargs: Record<string, Json> }>;
    runs: LabRun[];
  };
}

export const FIXTURE_FILE = fixturePath("nn.json");

export function loadNnFixture(): NnFixture {
  return JSON.parse(fs.readFileSync(FIXTURE_FILE, "utf8")) as NnFixture;
}

// ---- tensors <-> bytes ------------------------------------------------------------

type Typed = Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

export function dtypeByName(name: string): torch.dtype {
  const d = (torch as unknown as Record<string, unknown>)[name];
  if (!(d instanceof torch.dtype)) throw new Error(`the fixture names an unknown dtype ${name}`);
  return d;
}

function typedFromBytes(bytes: Uint8Array, dtype: string): Typed {
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  switch (dtype) {
    case "float32": return new Float32Array(buffer);
    case "float64": return new Float64Array(buffer);
    case "int64": return new BigInt64Array(buffer);
    case "int32": return new Int32Array(buffer);
    case "int16": return new Int16Array(buffer);
    case "int8": return new Int8Array(buffer);
    case "uint8": case "bool": return new Uint8Array(buffer);
    default: throw new Error(`no TypedArray for ${dtype}`);
  }
}

/** A tensor of its own (not a view) with exactly the fixture's bytes. */
export function decodeTensor(enc: FullTensor): torch.Tensor {
  const data = typedFromBytes(Buffer.from(enc.b64, "base64"), enc.dtype);
  return torch.tensor(data, { dtype: dtypeByName(enc.dtype) }).reshape(enc.shape).clone();
}

/** The raw row-major little-endian bytes of a tensor. */
export function tensorBytes(t: torch.Tensor): Uint8Array {
  const a = t.detach().cpu().contiguous().toTypedArray();
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

let digestHex = 24;
export function setDigestLength(n: number): void {
  digestHex = n;
}

/** The generator's digest: SHA-256 over "dtype[shape]:" and the bytes. */
export function digest(t: torch.Tensor): string {
  const head = `${t.dtype.name}[${[...t.shape].join(",")}]:`;
  return createHash("sha256").update(head).update(tensorBytes(t)).digest("hex").slice(0, digestHex);
}

const itemsize: Record<string, number> = { float32: 4, float64: 8, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };

function element(bytes: Uint8Array, dtype: string, i: number): number | bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const o = i * itemsize[dtype];
  switch (dtype) {
    case "float32": return view.getFloat32(o, true);
    case "float64": return view.getFloat64(o, true);
    case "int64": return view.getBigInt64(o, true);
    case "int32": return view.getInt32(o, true);
    case "int16": return view.getInt16(o, true);
    case "int8": return view.getInt8(o);
    default: return view.getUint8(o);
  }
}

function hexOf(bytes: Uint8Array, dtype: string, i: number): string {
  const n = itemsize[dtype];
  let s = "";
  for (let k = n - 1; k >= 0; k--) s += bytes[i * n + k].toString(16).padStart(2, "0");
  return `0x${s}`;
}

/**
 * Compares a torchnode tensor with the fixture's: dtype, shape and every byte.
 * Returns what differs (nothing when identical), naming the first few elements.
 */
export function compareTensor(label: string, actual: torch.Tensor | null | undefined, expected: Encoded | null | undefined): string[] {
  if (expected === null || expected === undefined) {
    return actual === null || actual === undefined ? [] : [`${label}: PyTorch has None, torchnode has a tensor`];
  }
  if (!(actual instanceof torch.Tensor)) return [`${label}: PyTorch has a tensor, torchnode has ${String(actual)}`];
  if (typeof expected === "string") {
    const got = digest(actual);
    return got === expected ? [] : [`${label}: bytes differ (digest ${got}, PyTorch ${expected}; ${actual.dtype.name}[${[...actual.shape]}])`];
  }
  const problems: string[] = [];
  if (actual.dtype.name !== expected.dtype) problems.push(`${label}: dtype ${actual.dtype.name}, PyTorch ${expected.dtype}`);
  if (JSON.stringify([...actual.shape]) !== JSON.stringify(expected.shape)) {
    problems.push(`${label}: shape [${[...actual.shape]}], PyTorch [${expected.shape}]`);
  }
  if (problems.length) return problems;
  const a = tensorBytes(actual);
  const e = Buffer.from(expected.b64, "base64");
  if (a.length !== e.length) return [`${label}: ${a.length} bytes, PyTorch ${e.length}`];
  if (Buffer.compare(Buffer.from(a), e) === 0) return [];
  const n = a.length / itemsize[expected.dtype];
  const shown: string[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const size = itemsize[expected.dtype];
    let same = true;
    for (let k = 0; k < size; k++) if (a[i * size + k] !== e[i * size + k]) same = false;
    if (same) continue;
    count++;
    if (shown.length < 4) {
      shown.push(`[${i}] ${element(a, expected.dtype, i)} (${hexOf(a, expected.dtype, i)}) vs PyTorch ${element(e, expected.dtype, i)} (${hexOf(e, expected.dtype, i)})`);
    }
  }
  return [`${label}: ${count} of ${n} elements differ: ${shown.join(", ")}`];
}

/** The positions a Dropout kept (output != 0) as packed bits in hex, as the generator writes them. */
export function maskHex(out: torch.Tensor): string {
  const values = out.detach().reshape(-1).toTypedArray() as Float32Array;
  const bytes = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== 0) bytes[i >> 3] |= 0x80 >> (i & 7);
  });
  return Buffer.from(bytes).toString("hex");
}

// ---- arguments: the porting contract ----------------------------------------------------

/** A fixture argument as the TypeScript port passes it. */
export function decodeArg(a: Json): unknown {
  if (Array.isArray(a)) return a.map(decodeArg);
  if (a !== null && typeof a === "object") {
    if ("t" in a) return decodeTensor(a.t as unknown as FullTensor);
    if (typeof a.dtype === "string" && Object.keys(a).length === 1) return dtypeByName(a.dtype);
    if ("float" in a) return { nan: NaN, inf: Infinity, "-inf": -Infinity }[a.float as string];
    if ("module" in a || "lab" in a) return buildModule(a);
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decodeArg(v)]));
  }
  return a;
}

/** Positional arguments, then the keyword arguments as one trailing options object (when there are any). */
export function callArgs(args: Json[] | undefined, kwargs: Record<string, Json> | undefined): unknown[] {
  const out = (args ?? []).map(decodeArg);
  if (kwargs && Object.keys(kwargs).length) out.push(decodeArg(kwargs));
  return out;
}

type Ctor = new (...args: unknown[]) => nn.Module;

/** A module from the generator's spec: nn[name](...args, kwargs), or a lab model. */
export function buildModule(spec: Json): nn.Module {
  const s = spec as { module?: string; lab?: LabModelName; args?: Json[]; kwargs?: Record<string, Json> };
  if (s.lab) return new LAB_MODELS[s.lab]();
  const cls = (nn as unknown as Record<string, Ctor>)[s.module!];
  if (typeof cls !== "function") throw new Error(`torchnode has no nn.${s.module}`);
  return new cls(...callArgs(s.args, s.kwargs));
}

/** A fixture value compared with a JS value: floats exactly, tuples as arrays. */
export function plainValue(a: Json): unknown {
  if (Array.isArray(a)) return a.map(plainValue);
  if (a !== null && typeof a === "object") {
    if ("float" in a) return decodeArg(a);
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, plainValue(v)]));
  }
  return a;
}

/** What an error looks like for comparison with the fixture's {type, message}. */
export function errorValue(e: unknown): ErrorValue {
  if (e instanceof Error) return { type: e.name, message: e.message };
  return { type: typeof e, message: String(e) };
}

/** Runs fn and returns its error, or null when it does not throw. */
export function errorOf(fn: () => unknown): ErrorValue | null {
  try {
    fn();
  } catch (e) {
    return errorValue(e);
  }
  return null;
}

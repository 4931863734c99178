/**
 * torchnode/safetensors: the safetensors format (an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte
 * range, then the raw little-endian data), with the API of Python's
 * safetensors.torch: save / load (bytes) and save_file / load_file.
 * Loading checks the header strictly: a bad file is an error, never a crash.
 */
import * as dtypes from "./dtype";
import { expected, RuntimeError } from "./errors";
import { readFile, writeAtomic } from "./_fs";
import { native } from "./native";
import { Tensor } from "./tensor";

const CODES: [dtypes.dtype, string][] = [
  [dtypes.float64, "F64"], [dtypes.float32, "F32"], [dtypes.float16, "F16"], [dtypes.bfloat16, "BF16"],
  [dtypes.int64, "I64"], [dtypes.int32, "I32"], [dtypes.int16, "I16"], [dtypes.int8, "I8"], [dtypes.uint8, "U8"], [dtypes.bool, "BOOL"],
];
const codeOf = new Map(CODES);
const dtypeOf = new Map(CODES.map(([d, c]) => [c, d]));
const MAX_HEADER = 100_000_000;

type Header = Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
type StorageTensor = Tensor & { _storage_bytes(): Buffer };

function fail(message: string): never {
  throw new RuntimeError(`safetensors: ${message}`);
}

/** The bytes of a safetensors file holding `tensors` (and string `metadata`). */
export function save(tensors: Record<string, Tensor>, metadata?: Record<string, string> | null): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== "string") fail(`metadata values must be strings, '${k}' is not`);
    header.__metadata__ = metadata;
  }
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) throw new TypeError(`safetensors: '${name}' is not a Tensor`);
  }
  // Larger element sizes first, then by name, as the reference writer orders them.
  const names = Object.keys(tensors).sort((a, b) => tensors[b].element_size() - tensors[a].element_size() || (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const code = codeOf.get(t.dtype);
    if (!code) fail(`dtype ${t.dtype} of '${name}' has no safetensors code`);
    // A contiguous copy on the CPU whose storage is exactly its elements.
    const data = (t.detach().cpu().contiguous().clone() as StorageTensor)._storage_bytes();
    header[name] = { dtype: code, shape: [...t.shape], data_offsets: [offset, offset + data.length] };
    chunks.push(data);
    offset += data.length;
  }
  let json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Math.ceil(json.length / 8) * 8; // the data starts 8-byte aligned
  json = Buffer.concat([json, Buffer.alloc(padded - json.length, " ")]);
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([size, json, ...chunks]);
}

/** Tensors (and metadata) from safetensors bytes. */
export function loadWithMetadata(data: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> | null } {
  if (!(data instanceof Uint8Array)) throw expected("a Buffer or Uint8Array", "data", data);
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 8) fail(`file too small (${buf.length} bytes) to hold a header`);
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (headerLen > MAX_HEADER || 8 + headerLen > buf.length) fail(`header length ${headerLen} is beyond the file (${buf.length} bytes)`);
  let header: Header & { __metadata__?: Record<string, string> };
  try {
    header = JSON.parse(buf.toString("utf8", 8, 8 + headerLen));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header is not a JSON object");
  const { __metadata__: metadata = null, ...entries } = header;
  const body = buf.subarray(8 + headerLen);
  const tensors: Record<string, Tensor> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, info] of Object.entries(entries)) {
    const dtype = dtypeOf.get(info?.dtype);
    if (!dtype) fail(`tensor '${name}' has unknown dtype ${JSON.stringify(info?.dtype)}`);
    const { shape, data_offsets: offsets } = info;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      fail(`tensor '${name}' has invalid data_offsets`);
    }
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel * dtype.itemsize !== offsets[1] - offsets[0]) fail(`tensor '${name}': shape ${JSON.stringify(shape)} of ${dtype} needs ${numel * dtype.itemsize} bytes, data_offsets give ${offsets[1] - offsets[0]}`);
    if (offsets[1] > body.length) fail(`tensor '${name}' runs past the end of the file`);
    ranges.push([offsets[0], offsets[1], name]);
    tensors[name] = (native._from_storage(body.subarray(offsets[0], offsets[1]), dtype) as Tensor).view(shape);
  }
  // The data must be exactly covered by the tensors, without overlaps.
  ranges.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [start, stop, name] of ranges) {
    if (start !== end) fail(`tensor '${name}' does not start where the previous one ends (overlap or gap)`);
    end = stop;
  }
  if (end !== body.length) fail(`${body.length - end} trailing bytes after the last tensor`);
  return { tensors, metadata };
}

/** safetensors.torch.load(data): tensors from bytes. */
export function load(data: Uint8Array): Record<string, Tensor> {
  return loadWithMetadata(data).tensors;
}

/** safetensors.torch.save_file(tensors, filename, metadata): written atomically. */
export function save_file(tensors: Record<string, Tensor>, filename: string, metadata?: Record<string, string> | null): void {
  writeAtomic(filename, [save(tensors, metadata)]);
}

/** safetensors.torch.load_file(filename, device = "cpu") */
export function load_file(filename: string, device: string = "cpu"): Record<string, Tensor> {
  const tensors = load(readFile(filename));
  if (device === "cpu") return tensors;
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.to(device)]));
}

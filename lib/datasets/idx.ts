/**
 * Reading IDX files (the MNIST format: a big-endian header, then the data),
 * plain or gzipped, with errors that say what is wrong with which file.
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { tensor } from "../creation";
import { empty } from "../_generated/torch";
import { int8, uint8 } from "../dtype";
import { RuntimeError } from "../errors";
import { readAt, readFile, withFile } from "../_fs";
import type { Tensor } from "../tensor";

// IDX type codes and the typed arrays that hold them.
const TYPES: Record<number, [string, number]> = {
  0x08: ["uint8", 1], 0x09: ["int8", 1], 0x0b: ["int16", 2], 0x0c: ["int32", 4], 0x0d: ["float32", 4], 0x0e: ["float64", 8],
};

/** The file at `base` or `base.gz`, whichever exists; null when neither. */
export function findIdx(base: string): string | null {
  if (fs.existsSync(base)) return base;
  if (fs.existsSync(base + ".gz")) return base + ".gz";
  return null;
}

type Header = { shape: number[]; dtypeName: string; size: number; headerBytes: number; expected: number };

/** The header at the start of `head` (which holds at least its first 4 bytes); `length` is the file's. */
function parseHeader(file: string, head: Buffer, length: number, dims: number): Header {
  if (length < 4) throw new RuntimeError(`${file}: truncated IDX file (${length} bytes, not even a header)`);
  const magic = head.readUInt32BE(0);
  const nd = magic & 0xff, type = (magic >> 8) & 0xff;
  if (magic >>> 16 !== 0 || !(type in TYPES) || nd !== dims) {
    throw new RuntimeError(
      `${file}: not an IDX file of ${dims} dimensions (magic number 0x${magic.toString(16).padStart(8, "0")}, ` +
        `expected 0x0000080${dims} for uint8 data)`,
    );
  }
  const headerBytes = 4 * (nd + 1);
  if (length < headerBytes || head.length < headerBytes) throw new RuntimeError(`${file}: truncated IDX header`);
  const shape = Array.from({ length: nd }, (_, i) => head.readUInt32BE(4 * (i + 1)));
  const [dtypeName, size] = TYPES[type];
  const expected = headerBytes + shape.reduce((a, b) => a * b, 1) * size;
  if (length < expected) {
    throw new RuntimeError(`${file}: truncated IDX file: its header says ${shape.join("x")} ${dtypeName} values (${expected} bytes) but it has ${length} bytes`);
  }
  return { shape, dtypeName, size, headerBytes, expected };
}

/** Reads an IDX file into a tensor of its shape; `dims` is the number of dimensions expected. */
export function readIdx(file: string, dims: number): Tensor {
  if (!file.endsWith(".gz")) {
    const direct = readBytesDirect(file, dims);
    if (direct) return direct;
  }
  let data: Buffer = readFile(file);
  if (file.endsWith(".gz")) {
    try {
      data = zlib.gunzipSync(data);
    } catch (e) {
      throw new RuntimeError(`${file}: not a valid gzip file (${(e as Error).message})`);
    }
  }
  const { shape, dtypeName, size, headerBytes, expected } = parseHeader(file, data, data.length, dims);
  const count = (expected - headerBytes) / size;
  const body = data.subarray(headerBytes, expected);
  let values: ArrayBufferView;
  if (size === 1) {
    values = dtypeName === "uint8" ? new Uint8Array(body) : new Int8Array(body);
  } else {
    // Multi-byte IDX values are big-endian.
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const read = { int16: (i: number) => view.getInt16(i * 2), int32: (i: number) => view.getInt32(i * 4), float32: (i: number) => view.getFloat32(i * 4), float64: (i: number) => view.getFloat64(i * 8) }[dtypeName as "int16"]!;
    const Ctor = { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[dtypeName as "int16"]!;
    const out = new Ctor(count);
    for (let i = 0; i < count; i++) out[i] = read(i);
    values = out;
  }
  return tensor(values as Uint8Array).view(shape);
}

/**
 * A plain file of bytes (uint8/int8, as MNIST's are) read straight into the
 * tensor's memory: no Buffer and no copy of 47 MB of images. Null for the
 * other types, which need byte swapping.
 */
function readBytesDirect(file: string, dims: number): Tensor | null {
  return withFile(file, (fd) => {
    const length = fs.fstatSync(fd).size;
    const head = Buffer.alloc(4 + 4 * dims);
    const { shape, dtypeName, size, headerBytes, expected } = parseHeader(file, head.subarray(0, readAt(fd, head, 0)), length, dims);
    if (size !== 1) return null;
    const t = empty([expected - headerBytes], { dtype: dtypeName === "uint8" ? uint8 : int8 });
    const view = (t as Tensor & { _unsafe_storage_view(): Buffer | undefined })._unsafe_storage_view(); // used only while t is held
    if (!view) return null;
    if (readAt(fd, view, headerBytes) !== view.length) throw new RuntimeError(`${file}: truncated IDX file (it shrank while being read)`);
    return t.view(shape);
  });
}

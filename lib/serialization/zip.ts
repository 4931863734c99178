/**
 * The zip container of PyTorch checkpoints (caffe2/serialize/inline_container):
 * stored (uncompressed) entries whose data starts on a 64-byte boundary, the
 * padding living in each local header's extra field. The reader also takes
 * deflated entries and ZIP64, and checks every entry's CRC-32.
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { RuntimeError } from "../errors";
import { readAt } from "../_fs";
import { native } from "../native";

/** zlib.crc32's value; native/crc32.cc's folding (2.5× faster) where the CPU has it. */
export const crc32: (data: Uint8Array) => number = native._crc32 ?? zlib.crc32;

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const ALIGNMENT = 64;

function fail(message: string): never {
  throw new RuntimeError(`torch.load: ${message}`);
}

export type ZipEntry = { name: string; offset: number; compressedSize: number; size: number; method: number; crc: number };

/**
 * Where an archive's bytes are: a Buffer in memory, or an open file read with
 * pread, so that a 200 MB checkpoint is never held whole in memory (fresh
 * memory costs a page fault per page) and records land straight in tensors.
 */
export interface ByteSource {
  readonly length: number;
  /** `length` bytes from `offset` (a view for a Buffer); fewer at the end. */
  bytes(offset: number, length: number): Buffer;
  /** Fills `target` with the bytes from `offset`; returns how many there were. */
  into(offset: number, target: Uint8Array): number;
}

export function bufferSource(data: Buffer): ByteSource {
  return {
    length: data.length,
    bytes: (offset, length) => data.subarray(offset, offset + length),
    into: (offset, target) => {
      const part = data.subarray(offset, offset + target.length);
      target.set(part);
      return part.length;
    },
  };
}

export function fileSource(fd: number): ByteSource {
  const into = (offset: number, target: Uint8Array): number => readAt(fd, target, offset);
  return {
    length: fs.fstatSync(fd).size,
    bytes: (offset, length) => {
      const out = Buffer.allocUnsafe(length);
      return out.subarray(0, into(offset, out));
    },
    into,
  };
}

/** Reads the entries of a zip archive (in memory or in a file). */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private readonly src: ByteSource;

  constructor(data: Buffer | ByteSource) {
    const src = (this.src = Buffer.isBuffer(data) ? bufferSource(data) : data);
    const [endBuf, end] = this.findEnd();
    let count = endBuf.readUInt16LE(end + 10);
    let cdSize = endBuf.readUInt32LE(end + 12);
    let cdOffset = endBuf.readUInt32LE(end + 16);
    if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
      // ZIP64: the locator sits just before the end record.
      const locator = end - 20;
      if (locator < 0 || endBuf.readUInt32LE(locator) !== LOCATOR64) fail("corrupt zip archive (ZIP64 locator missing)");
      const end64 = Number(endBuf.readBigUInt64LE(locator + 8));
      const rec = src.bytes(end64, 56);
      if (rec.length < 56 || rec.readUInt32LE(0) !== END64) fail("corrupt zip archive (ZIP64 end record missing)");
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > src.length) fail("truncated zip archive (central directory beyond the end of the file)");
    const cd = src.bytes(cdOffset, cdSize);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) fail("corrupt zip archive (bad central directory entry)");
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28), extraLen = cd.readUInt16LE(p + 30), commentLen = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
      // ZIP64 extra field: the 64-bit values of the fields set to 0xFFFFFFFF, in order.
      let q = p + 46 + nameLen;
      const extraEnd = Math.min(q + extraLen, cd.length);
      while (q + 4 <= extraEnd) {
        const id = cd.readUInt16LE(q), len = cd.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          if (size === 0xffffffff && r + 8 <= extraEnd) {
            size = Number(cd.readBigUInt64LE(r));
            r += 8;
          }
          if (compressedSize === 0xffffffff && r + 8 <= extraEnd) {
            compressedSize = Number(cd.readBigUInt64LE(r));
            r += 8;
          }
          if (offset === 0xffffffff && r + 8 <= extraEnd) offset = Number(cd.readBigUInt64LE(r));
        }
        q += 4 + len;
      }
      this.entries.set(name, { name, offset, compressedSize, size, method, crc });
      p = extraEnd + commentLen;
    }
  }

  /** The buffer holding the end record, and the record's position in it. */
  private findEnd(): [Buffer, number] {
    const length = this.src.length;
    if (length < 22) fail(`not a zip archive (${length} bytes)`);
    // The end record is within the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
    const start = Math.max(0, length - 65557);
    const tail = this.src.bytes(start, length - start);
    for (let p = tail.length - 22; p >= 0; p--) {
      if (tail.readUInt32LE(p) === END) return [tail, p];
    }
    fail("not a zip archive, or a truncated one (no end of central directory)");
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The size of the entry's data once read. */
  size(name: string): number {
    const e = this.entries.get(name);
    if (!e) fail(`the archive has no record '${name}'`);
    return e.size;
  }

  /** Where the entry's stored bytes start. */
  private dataStart(e: ZipEntry): number {
    const local = this.src.bytes(e.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) fail(`corrupt zip archive (bad local header for '${e.name}')`);
    const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + e.compressedSize > this.src.length) fail(`truncated zip archive ('${e.name}' runs past the end of the file)`);
    return start;
  }

  private check(e: ZipEntry, out: Uint8Array): void {
    if (out.length !== e.size) fail(`record '${e.name}' has ${out.length} bytes, its header says ${e.size}`);
    if (crc32(out) !== e.crc) fail(`CRC-32 mismatch in record '${e.name}': the file is corrupt`);
  }

  /** The entry's bytes (a view into the archive for stored entries in memory), CRC-checked. */
  read(name: string): Buffer {
    const e = this.entries.get(name);
    if (!e) fail(`the archive has no record '${name}'`);
    let out = this.src.bytes(this.dataStart(e), e.compressedSize);
    if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(out);
      } catch (err) {
        fail(`corrupt deflated record '${name}' (${(err as Error).message})`);
      }
    } else if (e.method !== 0) {
      fail(`record '${name}' uses zip compression method ${e.method}, which is not supported`);
    }
    this.check(e, out);
    return out;
  }

  /** Reads the entry into `target` (exactly its size), CRC-checked: a stored entry goes there with no copy between. */
  readInto(name: string, target: Uint8Array): void {
    const e = this.entries.get(name);
    if (!e) fail(`the archive has no record '${name}'`);
    if (e.method !== 0 || target.length !== e.size) {
      target.set(this.read(name).subarray(0, target.length));
      return;
    }
    this.src.into(this.dataStart(e), target);
    this.check(e, target);
  }
}

/** Writes a zip archive of stored, 64-byte-aligned entries, as PyTorch's writer does. */
export class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  add(name: string, data: Uint8Array): void {
    const nameBytes = Buffer.from(name, "utf8");
    const headerEnd = this.offset + 30 + nameBytes.length;
    // Pad with an extra field ("FB" + length + filler) so the data is aligned.
    let pad = (ALIGNMENT - (headerEnd % ALIGNMENT)) % ALIGNMENT;
    if (pad > 0 && pad < 4) pad += ALIGNMENT;
    const crc = crc32(data);
    const size = data.length;
    if (size >= 0xffffffff || this.offset >= 0xffffffff) throw new RuntimeError("torch.save: checkpoints over 4 GiB are not supported yet");
    const local = Buffer.alloc(30 + nameBytes.length + pad);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time and date (PyTorch writes zero)
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(pad, 28);
    nameBytes.copy(local, 30);
    if (pad) {
      local.write("FB", 30 + nameBytes.length, "latin1");
      local.writeUInt16LE(pad - 4, 32 + nameBytes.length);
      local.fill("Z", 34 + nameBytes.length);
    }
    const cd = Buffer.alloc(46 + nameBytes.length);
    cd.writeUInt32LE(CENTRAL, 0);
    cd.writeUInt16LE(20, 4); // made by
    cd.writeUInt16LE(20, 6); // needed
    cd.writeUInt16LE(0, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(size, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt32LE(this.offset, 42);
    nameBytes.copy(cd, 46);
    this.chunks.push(local, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.central.push(cd);
    this.offset += local.length + size;
    this.count++;
  }

  /** The whole archive, as the list of buffers to write in order. */
  finish(): Buffer[] {
    const cdSize = this.central.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(this.offset, 16);
    return [...this.chunks, ...this.central, end];
  }
}

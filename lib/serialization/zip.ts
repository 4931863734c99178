/**
 * The zip container of PyTorch checkpoints (caffe2/serialize/inline_container):
 * stored (uncompressed) entries whose data starts on a 64-byte boundary, the
 * padding living in each local header's extra field. The reader also takes
 * deflated entries and ZIP64, and checks every entry's CRC-32.
 */
import * as zlib from "node:zlib";
import { RuntimeError } from "../errors";

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const ALIGNMENT = 64;

function fail(message: string): never {
  throw new RuntimeError(`torch.load: ${message}`);
}

export type ZipEntry = { name: string; offset: number; compressedSize: number; size: number; method: number; crc: number };

/** Reads the entries of a zip archive held in memory. */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();

  constructor(private readonly data: Buffer) {
    const end = this.findEnd();
    let count = data.readUInt16LE(end + 10);
    let cdSize = data.readUInt32LE(end + 12);
    let cdOffset = data.readUInt32LE(end + 16);
    if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
      // ZIP64: the locator sits just before the end record.
      const locator = end - 20;
      if (locator < 0 || data.readUInt32LE(locator) !== LOCATOR64) fail("corrupt zip archive (ZIP64 locator missing)");
      const end64 = Number(data.readBigUInt64LE(locator + 8));
      if (end64 + 56 > data.length || data.readUInt32LE(end64) !== END64) fail("corrupt zip archive (ZIP64 end record missing)");
      count = Number(data.readBigUInt64LE(end64 + 32));
      cdSize = Number(data.readBigUInt64LE(end64 + 40));
      cdOffset = Number(data.readBigUInt64LE(end64 + 48));
    }
    if (cdOffset + cdSize > data.length) fail("truncated zip archive (central directory beyond the end of the file)");
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) fail("corrupt zip archive (bad central directory entry)");
      const method = data.readUInt16LE(p + 10);
      const crc = data.readUInt32LE(p + 16);
      let compressedSize = data.readUInt32LE(p + 20);
      let size = data.readUInt32LE(p + 24);
      const nameLen = data.readUInt16LE(p + 28), extraLen = data.readUInt16LE(p + 30), commentLen = data.readUInt16LE(p + 32);
      let offset = data.readUInt32LE(p + 42);
      const name = data.toString("utf8", p + 46, p + 46 + nameLen);
      // ZIP64 extra field: the 64-bit values of the fields set to 0xFFFFFFFF, in order.
      let q = p + 46 + nameLen;
      const extraEnd = q + extraLen;
      while (q + 4 <= extraEnd) {
        const id = data.readUInt16LE(q), len = data.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          if (size === 0xffffffff) {
            size = Number(data.readBigUInt64LE(r));
            r += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(data.readBigUInt64LE(r));
            r += 8;
          }
          if (offset === 0xffffffff) offset = Number(data.readBigUInt64LE(r));
        }
        q += 4 + len;
      }
      this.entries.set(name, { name, offset, compressedSize, size, method, crc });
      p = extraEnd + commentLen;
    }
  }

  private findEnd(): number {
    const data = this.data;
    if (data.length < 22) fail(`not a zip archive (${data.length} bytes)`);
    // The end record is within the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
    for (let p = data.length - 22; p >= Math.max(0, data.length - 65557); p--) {
      if (data.readUInt32LE(p) === END) return p;
    }
    fail("not a zip archive, or a truncated one (no end of central directory)");
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes (a view into the archive for stored entries), CRC-checked. */
  read(name: string): Buffer {
    const e = this.entries.get(name);
    if (!e) fail(`the archive has no record '${name}'`);
    const data = this.data;
    if (e.offset + 30 > data.length || data.readUInt32LE(e.offset) !== LOCAL) fail(`corrupt zip archive (bad local header for '${name}')`);
    const start = e.offset + 30 + data.readUInt16LE(e.offset + 26) + data.readUInt16LE(e.offset + 28);
    if (start + e.compressedSize > data.length) fail(`truncated zip archive ('${name}' runs past the end of the file)`);
    let out = data.subarray(start, start + e.compressedSize);
    if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(out);
      } catch (err) {
        fail(`corrupt deflated record '${name}' (${(err as Error).message})`);
      }
    } else if (e.method !== 0) {
      fail(`record '${name}' uses zip compression method ${e.method}, which is not supported`);
    }
    if (out.length !== e.size) fail(`record '${name}' has ${out.length} bytes, its header says ${e.size}`);
    if (zlib.crc32(out) !== e.crc) fail(`CRC-32 mismatch in record '${name}': the file is corrupt`);
    return out;
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
    const crc = zlib.crc32(data);
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

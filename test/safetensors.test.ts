import test from "ava";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import * as safetensors from "../lib/safetensors";

// A file built by hand from the format's specification: an 8-byte little-endian
// header size, the JSON header, then the data.
function handMade(header: object, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([size, json, data]);
}

test("reads a file laid out as the specification says", (t) => {
  const data = Buffer.alloc(16);
  [1, 2, 3, -4].forEach((v, i) => data.writeInt32LE(v, i * 4));
  const out = safetensors.load(handMade({ test: { dtype: "I32", shape: [2, 2], data_offsets: [0, 16] }, __metadata__: { format: "pt" } }, data));
  t.is(out.test.dtype, torch.int32);
  t.deepEqual(out.test.tolist(), [[1, 2], [3, -4]]);
});

test("writes what the specification says, and reads it back for every dtype", (t) => {
  torch.manual_seed(0);
  const tensors: Record<string, torch.Tensor> = {};
  for (const d of [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]) {
    tensors[d.name] = torch.randn(3, 5).mul(40).to(d);
  }
  tensors.view = torch.arange(12).view(3, 4).t(); // non-contiguous: saved as its values
  tensors.empty = torch.zeros(0, 3);
  const bytes = safetensors.save(tensors, { format: "pt" });
  const headerLen = Number(bytes.readBigUInt64LE(0));
  t.is((8 + headerLen) % 8, 0, "data starts 8-byte aligned");
  const header = JSON.parse(bytes.toString("utf8", 8, 8 + headerLen));
  t.deepEqual(header.__metadata__, { format: "pt" });
  t.deepEqual(header.float32, { dtype: "F32", shape: [3, 5], data_offsets: header.float32.data_offsets });
  const back = safetensors.loadWithMetadata(bytes);
  t.deepEqual(back.metadata, { format: "pt" });
  for (const [name, tensor] of Object.entries(tensors)) {
    t.is(back.tensors[name].dtype, tensor.dtype, name);
    t.true(back.tensors[name].shape.equals(tensor.shape), name);
    t.true(back.tensors[name].eq(tensor).all().item<boolean>(), name);
  }
});

test("save_file / load_file round-trip through a file", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-st-"));
  const file = path.join(dir, "model.safetensors");
  safetensors.save_file({ w: torch.ones(2, 2) }, file);
  t.deepEqual(safetensors.load_file(file).w.tolist(), [[1, 1], [1, 1]]);
  t.deepEqual(fs.readdirSync(dir), ["model.safetensors"]);
});

test("bad files are errors that say what is wrong", (t) => {
  const ok = { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Buffer, RegExp][] = [
    ["too small", Buffer.alloc(4), /too small/],
    ["header beyond the file", Buffer.concat([Buffer.from([255, 255, 0, 0, 0, 0, 0, 0]), Buffer.alloc(10)]), /beyond the file/],
    ["not JSON", (() => { const b = handMade(ok, Buffer.alloc(8)); b[9] = 0x7b; b[10] = 0x7b; return b; })(), /not valid JSON/],
    ["unknown dtype", handMade({ a: { dtype: "X9", shape: [2], data_offsets: [0, 8] } }, Buffer.alloc(8)), /unknown dtype/],
    ["size mismatch", handMade({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, Buffer.alloc(8)), /needs 12 bytes/],
    ["past the end", handMade(ok, Buffer.alloc(4)), /past the end/],
    ["overlap", handMade({ a: ok.a, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, Buffer.alloc(12)), /overlap or gap/],
    ["trailing bytes", handMade(ok, Buffer.alloc(12)), /trailing bytes/],
    ["negative offsets", handMade({ a: { dtype: "F32", shape: [2], data_offsets: [-8, 0] } }, Buffer.alloc(8)), /invalid data_offsets/],
  ];
  for (const [label, bytes, message] of cases) t.throws(() => safetensors.load(bytes), { instanceOf: torch.RuntimeError, message }, label);
});

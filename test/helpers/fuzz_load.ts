/**
 * Mutates real .pt files and loads each mutant: every load must return or
 * throw a JS error; a crash or hang fails the parent test. Prints a JSON
 * summary. Iterations: FUZZ_ITERATIONS (default 1500), seed FUZZ_SEED.
 *   FUZZ_ITERATIONS=100000 npx tsx test/helpers/fuzz_load.ts   # the long run
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as torch from "../../lib";
import { ZipReader, ZipWriter } from "../../lib/serialization/zip";

const iterations = Number(process.env.FUZZ_ITERATIONS ?? 1500);
let state = Number(process.env.FUZZ_SEED ?? 12345) >>> 0;
const rand = (n: number) => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state % n;
};
const dir = path.join(__dirname, "..", "fixtures", "pt");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".pt") && fs.statSync(path.join(dir, f)).size < 20000).map((f) => fs.readFileSync(path.join(dir, f)));

let loaded = 0, rejected = 0;
const unexpected: string[] = [];
const started = Date.now();
for (let i = 0; i < iterations; i++) {
  const src = files[rand(files.length)];
  let data = Buffer.from(src);
  const isZip = src.readUInt32LE(0) === 0x04034b50;
  const kind = isZip ? rand(6) : rand(3); // legacy files have no records to rebuild
  if (kind === 0) {
    for (let k = 0, n = 1 + rand(8); k < n; k++) data[rand(data.length)] = rand(256);
  } else if (kind === 1) {
    data = data.subarray(0, rand(data.length));
  } else if (kind === 2) {
    const at = rand(data.length), len = rand(64);
    data = Buffer.concat([data.subarray(0, at), data.subarray(rand(data.length)).subarray(0, len), data.subarray(at)]);
  } else if (kind === 3) {
    // Mutate inside data.pkl, then fix nothing: CRCs catch it, or the pickle reader does.
    const at = data.indexOf("data.pkl") + 40;
    if (at > 40 && at < data.length) data[at + rand(Math.min(400, data.length - at))] = rand(256);
  } else {
    // Mutate the pickle or a storage and rebuild a valid archive, so that the
    // unpickler and the tensor rebuilding see the damage, not the CRC check.
    const zip = new ZipReader(src);
    const out = new ZipWriter();
    for (const name of zip.entries.keys()) {
      let record = Buffer.from(zip.read(name));
      const target = kind === 4 ? name.endsWith("data.pkl") : name.includes("/data/");
      if (target && record.length) {
        for (let k = 0, n = 1 + rand(4); k < n; k++) record[rand(record.length)] = rand(256);
        if (rand(3) === 0) record = record.subarray(0, rand(record.length));
      }
      out.add(name, record);
    }
    data = Buffer.concat(out.finish());
  }
  try {
    const value = torch.load(data);
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v instanceof torch.Tensor ? v.shape : v));
    loaded++;
  } catch (e) {
    if (e instanceof torch.TorchError || e instanceof TypeError || e instanceof RangeError) rejected++;
    else unexpected.push(String(e).slice(0, 200));
  }
}
console.log(JSON.stringify({ iterations, loaded, rejected, unexpected: unexpected.slice(0, 10), seconds: (Date.now() - started) / 1000 }));

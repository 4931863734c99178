import test from "ava";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import * as torch from "../lib";
import { native } from "../lib/native";
import { ZipReader, ZipWriter } from "../lib/serialization/zip";
import { fixturePath, PYTHON } from "./helpers/fixtures";

const fixture = fs.readFileSync(fixturePath("pt", "views.pt"));

// An archive whose data.pkl is `pickle` (raw bytes) and whose records are `records`.
function archive(pickle: Buffer, records: Record<string, Buffer> = {}): Buffer {
  const zip = new ZipWriter();
  zip.add("archive/data.pkl", pickle);
  for (const [name, data] of Object.entries(records)) zip.add(`archive/${name}`, data);
  zip.add("archive/version", Buffer.from("3\n"));
  return Buffer.concat(zip.finish());
}
const p = (...parts: (string | number[])[]) => Buffer.concat(parts.map((x) => (typeof x === "string" ? Buffer.from(x, "latin1") : Buffer.from(x))));

test("a truncated archive is an error", (t) => {
  for (const n of [0, 10, 100, fixture.length - 30, fixture.length - 1]) {
    t.throws(() => torch.load(fixture.subarray(0, n)), { instanceOf: torch.RuntimeError });
  }
});

test("a corrupt record fails its CRC check", (t) => {
  const bad = Buffer.from(fixture);
  const entry = new ZipReader(bad).entries.get("views/data/0")!;
  const dataStart = entry.offset + 30 + bad.readUInt16LE(entry.offset + 26) + bad.readUInt16LE(entry.offset + 28);
  bad[dataStart + 5] ^= 0xff;
  t.throws(() => torch.load(bad), { instanceOf: torch.RuntimeError, message: /CRC-32 mismatch|corrupt/ });
});

// Without PCLMULQDQ (or off x86-64) the addon has no _crc32 and zip.ts uses zlib.crc32 itself.
(native._crc32 ? test : test.skip)("the zip records' CRC-32 (native/crc32.cc) is zlib's for every length, alignment and starting value", (t) => {
  const crc32 = native._crc32 as (data: Uint8Array, value?: number) => number;
  const data = crypto.randomBytes(70_000);
  let checked = 0;
  for (const length of [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 4096, 65_535, 69_983]) {
    for (const offset of [0, 1, 7, 13]) {
      const bytes = data.subarray(offset, offset + length);
      for (const start of [0, 0xffffffff, 0x12345678]) {
        t.is(crc32(bytes, start), zlib.crc32(bytes, start), `length ${length}, offset ${offset}, start ${start}`);
        checked++;
      }
    }
  }
  t.is(crc32(new Uint8Array(0)), 0);
  t.throws(() => crc32("not bytes" as never), { instanceOf: TypeError, message: /Expected Uint8Array for data/ });
  t.log(`${checked} buffers`);
});

test("unknown opcodes, disallowed globals and bad persistent ids are errors naming what is wrong", (t) => {
  t.throws(() => torch.load(archive(p([0x80, 2, 0xff])) ), { message: /unsupported pickle opcode 0xff/ });
  t.throws(() => torch.load(archive(p([0x80, 2], "cos\nsystem\n", [0x29, 0x52, 0x2e]))), { instanceOf: torch.RuntimeError, message: /os\.system/ });
  t.throws(() => torch.load(archive(p([0x80, 2], "cbuiltins\neval\n", [0x2e]))), { message: /builtins\.eval/ });
  // ("storage", torch.FloatStorage, "99", "cpu", 4) where no record 99 exists
  const pid = p([0x80, 2, 0x28], "X", [7, 0, 0, 0], "storage", "ctorch\nFloatStorage\n", "X", [2, 0, 0, 0], "99", "X", [3, 0, 0, 0], "cpu", [0x4b, 4, 0x74, 0x51, 0x2e]);
  t.throws(() => torch.load(archive(pid)), { message: /no record 'archive\/data\/99'/ });
  // A storage claiming 2^60 elements.
  const huge = p([0x80, 2, 0x28], "X", [7, 0, 0, 0], "storage", "ctorch\nFloatStorage\n", "X", [1, 0, 0, 0], "0", "X", [3, 0, 0, 0], "cpu", [0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x74, 0x51, 0x2e]);
  t.throws(() => torch.load(archive(huge, { "data/0": Buffer.alloc(16) })), { instanceOf: torch.RuntimeError });
  t.throws(() => torch.load(archive(p([0x80, 2, 0x5d]))), { message: /truncated/ });
  t.throws(() => torch.load(archive(p([0x80, 2, 0x73, 0x2e]))), { message: /underflow/ });
  t.throws(() => torch.load(Buffer.from("not a checkpoint at all")), { message: /not a PyTorch checkpoint/ });
});

test("deeply nested data loads without exhausting the stack", (t) => {
  const depth = 200_000;
  const bytes = [0x80, 2];
  for (let i = 0; i < depth; i++) bytes.push(0x5d); // EMPTY_LIST
  for (let i = 0; i < depth - 1; i++) bytes.push(0x61); // APPEND
  bytes.push(0x2e);
  let v = torch.load(archive(Buffer.from(bytes))) as unknown[];
  let n = 1;
  while (v.length) {
    v = v[0] as unknown[];
    n++;
  }
  t.is(n, depth);
});

test("mutated real checkpoints never crash the process (bounded fuzz)", (t) => {
  const script = path.join(__dirname, "helpers", "fuzz_load.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 240_000, env: { ...process.env, FUZZ_ITERATIONS: "5000" } });
  t.is(r.signal, null, `died by ${r.signal}: ${r.stderr.slice(-1500)}`);
  t.is(r.status, 0, r.stderr.slice(-1500));
  const summary = JSON.parse(r.stdout.trim().split("\n").pop()!) as { iterations: number; loaded: number; rejected: number; unexpected: string[] };
  t.log(`fuzz: ${summary.iterations} mutants, ${summary.loaded} loaded, ${summary.rejected} rejected with an error`);
  t.deepEqual(summary.unexpected, []);
  t.is(summary.loaded + summary.rejected, summary.iterations);
});

// A pickle that would run commands if unpickled by Python, and dict keys that
// would pollute prototypes if assigned as JS properties: made by Python's pickle.
function hostilePickle(marker: string): Buffer {
  const script = [
    "import builtins, functools, os, pickle, subprocess, sys",
    "marker = sys.argv[1]",
    "class System:",
    "    def __reduce__(self): return (os.system, ('touch ' + marker,))",
    "class Eval:",
    "    def __reduce__(self): return (builtins.eval, (\"__import__('os').system('touch %s')\" % marker,))",
    "class Partial:",
    "    def __reduce_ex__(self, protocol): return (functools.partial, (os.system, 'touch ' + marker))",
    "class Popen:",
    "    def __reduce__(self): return (subprocess.Popen, (['touch', marker],))",
    "data = {'system': System(), 'eval': Eval(), 'partial': Partial(), 'popen': Popen(),",
    "        'keys': {'__proto__': {'polluted': True}, 'constructor': {'prototype': {'polluted': True}}, 'n': 1}}",
    "sys.stdout.buffer.write(pickle.dumps(data, protocol=2))",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script, marker], { maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(String(r.stderr));
  return r.stdout;
}

test("weights_only: false on hostile pickles returns inert data and executes nothing; __proto__ and constructor keys stay data", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-hostile-"));
  const marker = path.join(dir, "executed");
  const file = archive(hostilePickle(marker));
  // The default, weights-only load refuses the first global it meets.
  t.throws(() => torch.load(file), { message: /Unsupported global: GLOBAL (posix|nt)\.system/ });
  const loaded = torch.load(file, { weights_only: false }) as Record<string, unknown>;
  t.false(fs.existsSync(marker), "nothing ran");
  for (const key of ["system", "eval", "partial", "popen"]) t.true(loaded[key] instanceof torch.PythonObject, key);
  t.regex((loaded.system as torch.PythonObject).__class__, /^(posix|nt)\.system$/);
  t.is((loaded.eval as torch.PythonObject).__class__, "builtins.eval");
  t.is((loaded.partial as torch.PythonObject).__class__, "functools.partial");
  const keys = loaded.keys as Record<string, unknown>;
  t.is(Object.getPrototypeOf(keys), Object.prototype);
  t.deepEqual(Object.keys(keys), ["__proto__", "constructor", "n"]);
  t.deepEqual(Object.getOwnPropertyDescriptor(keys, "__proto__")?.value, { polluted: true });
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is((Object.prototype as Record<string, unknown>).polluted, undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a PythonObject's pickled state with a __proto__ field keeps it as a field", (t) => {
  const obj = new torch.PythonObject("argparse.Namespace", []);
  obj.__setstate__(JSON.parse('{"__proto__": {"polluted": true}, "lr": 0.1}'));
  t.is(Object.getPrototypeOf(obj), torch.PythonObject.prototype);
  t.deepEqual(Object.getOwnPropertyDescriptor(obj, "__proto__")?.value, { polluted: true });
  t.is(obj.lr, 0.1);
});

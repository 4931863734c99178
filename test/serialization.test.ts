import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { describe } from "./helpers/pt_describe";
import { PYTHON, fixturePath } from "./helpers/fixtures";

const fixtures = path.dirname(fixturePath("pt", "manifest.json"));
const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, "manifest.json"), "utf8")) as { files: Record<string, unknown> };
// Debian's PyTorch 1.13 by default; TORCHNODE_PYTHON=<python with torch> checks
// another, e.g. PyTorch 2.x on the GPU machine, whose default load is weights-only.
const python = PYTHON;
const probe = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
const hasPythonTorch = probe.status === 0;
const weightsOnly = hasPythonTorch && Number(probe.stdout.trim().split(".")[0]) >= 2;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-pt-"));

for (const [name, expected] of Object.entries(manifest.files)) {
  test(`loads ${name}.pt written by Python's torch.save, value for value`, (t) => {
    const loaded = torch.load(path.join(fixtures, `${name}.pt`));
    t.deepEqual(JSON.parse(JSON.stringify(describe(loaded))), expected);
  });
}

test("a Python lab checkpoint restores a model and an optimizer", (t) => {
  const ckpt = torch.load(path.join(fixtures, "lab_checkpoint.pt")) as { parameters: nn.StateDict; optimizer: optim.OptimizerStateDict; epoch: number };
  class MLP_BN extends nn.Module {
    h1 = new nn.Linear(28 * 28, 16);
    bn1 = new nn.BatchNorm1d(16);
    out = new nn.Linear(16, 10);
  }
  const model = new MLP_BN();
  t.deepEqual(model.load_state_dict(ckpt.parameters), { missing_keys: [], unexpected_keys: [] });
  const opt = new optim.SGD(model.parameters(), { lr: 1, momentum: 0.5 });
  opt.load_state_dict(ckpt.optimizer);
  t.is(opt.param_groups[0].lr, 0.1);
  t.is(ckpt.epoch, 3);
  t.true((opt.state.get(model.h1.weight)!.momentum_buffer as torch.Tensor).shape.equals([16, 784]));
});

const NEWER = [torch.float8_e5m2, torch.float8_e4m3fn, torch.float8_e5m2fnuz, torch.float8_e4m3fnuz, torch.uint16, torch.uint32, torch.uint64, torch.float8_e8m0fnu];
function hasDtype(d: torch.dtype): boolean {
  try {
    torch.zeros(1, { dtype: d });
    return true;
  } catch {
    return false;
  }
}

function pythonDescribe(file: string): unknown {
  const args = [path.join(__dirname, "..", "scripts", "golden_serialization.py"), "--describe", file];
  const r = spawnSync(python, weightsOnly ? [...args, "--weights-only"] : args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const pyTest = hasPythonTorch ? test : test.skip;
pyTest(`files torchnode writes load in Python's torch.load${weightsOnly ? " (weights_only=True)" : ""} with the same values`, (t) => {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.Dropout(0.2));
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weight_decay: 5e-2 });
  model(torch.randn(5, 4)).sum().backward();
  opt.step();
  const base = torch.arange(12, { dtype: torch.float64 });
  const obj = {
    parameters: model.state_dict(), optimizer: opt.state_dict(), epoch: 7,
    views: { t: base.view(3, 4).t(), narrow: base.narrow(0, 2, 5), base }, dtypes: { h: torch.ones(2, { dtype: torch.float16 }), b: torch.tensor([true, false]), i8: torch.tensor([-3, 4], { dtype: torch.int8 }) },
    scalar: torch.tensor(2.5), empty: torch.zeros(0, 2), size: torch.zeros(2, 3).shape, device: new torch.device("cpu"), big: 2n ** 70n, text: "ünïcode",
    // PyTorch 2.x's newer dtypes, where this libtorch has them (saved as bytes, with _rebuild_tensor_v3).
    newer: Object.fromEntries(NEWER.filter(hasDtype).map((d) => [d.name, torch.arange(6, { dtype: torch.float64 }).mul(7.5).to(d).view(2, 3)])),
  };
  const file = path.join(tmp, "ours.pt");
  torch.save(obj, file);
  t.deepEqual(pythonDescribe(file), JSON.parse(JSON.stringify(describe(obj))));
  const roundTrip = torch.load(file);
  t.deepEqual(describe(roundTrip), describe(obj));
  // What Python's model.load_state_dict makes of it.
  const r = spawnSync(python, ["-c", `import torch; from torch import nn
m = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Dropout(0.2))
print(m.load_state_dict(torch.load("${file}")["parameters"]))`], { encoding: "utf8" });
  t.is(r.stdout.trim(), "<All keys matched successfully>", r.stderr);
});

pyTest("a Python checkpoint saved again by torchnode keeps its floats, ints and tuples", (t) => {
  const file = path.join(tmp, "plain-again.pt");
  torch.save(torch.load(path.join(fixtures, "plain.pt")), file);
  t.deepEqual(pythonDescribe(file), manifest.files.plain);
});

test("map_location moves storages (string, mapping, function)", (t) => {
  const file = path.join(fixtures, "views.pt");
  const seen: string[] = [];
  const a = torch.load(file, { map_location: (storage, location) => (seen.push(location), storage) }) as Record<string, torch.Tensor>;
  t.true(seen.length > 0 && seen.every((l) => l === "cpu"));
  t.is(a.base.device.type, "cpu");
  t.notThrows(() => torch.load(file, { map_location: "cpu" }));
  t.notThrows(() => torch.load(file, { map_location: { cpu: "cpu" } }));
});

test("tensors sharing a storage still share it after loading", (t) => {
  const v = torch.load(path.join(fixtures, "views.pt")) as Record<string, torch.Tensor>;
  v.base.fill_(1);
  t.is(v.t.sum().item(), 24);
  t.is(v.narrow.sum().item(), v.narrow.numel());
});

test("a save that fails partway leaves the previous file byte for byte and no temporary behind", (t) => {
  const file = path.join(tmp, "atomic.pt");
  torch.save({ a: torch.ones(2) }, file);
  const before = fs.readFileSync(file);
  // The disk fails after the first buffer is written (node:fs itself is patched: lib/_fs.ts reads it at each call).
  const nodeFs = createRequire(__filename)("node:fs") as { writeSync: typeof fs.writeSync };
  const writeSync = nodeFs.writeSync;
  let calls = 0;
  nodeFs.writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (++calls > 1) throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO", errno: -5, syscall: "write" });
    return writeSync(...args);
  }) as typeof fs.writeSync;
  try {
    t.throws(() => torch.save({ a: torch.arange(100_000), b: torch.ones(10) }, file), { instanceOf: torch.OSError, message: /^\[Errno 5\] .*atomic\.pt/ });
  } finally {
    nodeFs.writeSync = writeSync;
  }
  t.true(calls > 1, "the injected failure was reached");
  t.deepEqual(fs.readFileSync(file), before);
  t.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes(".tmp")), []);
});

test("a process killed while saving leaves the previous file byte for byte; the next save removes its temporary", async (t) => {
  t.timeout(120_000); // the child loads libtorch first (seconds with the CUDA wheel's libraries)
  const file = path.join(tmp, "killed.pt");
  const mark = path.join(tmp, "killed.mark");
  torch.save({ a: torch.ones(2) }, file);
  const before = fs.readFileSync(file);
  // A child saving to the same path stops for good right after its first write (node:fs patched), says so,
  // and is killed there: mid-save, whatever the machine's load.
  const script = [
    "const fs = require('node:fs'); const write = fs.writeSync; let n = 0;",
    `fs.writeSync = (...a) => { const r = write(...a); if (++n === 1) { fs.writeFileSync(${JSON.stringify(mark)}, ''); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); } return r; };`,
    `const torch = require(${JSON.stringify(path.resolve(__dirname, "..", "lib"))}); torch.save({ big: torch.ones(100_000) }, ${JSON.stringify(file)});`,
  ].join("\n");
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: "ignore", cwd: path.resolve(__dirname, "..") });
  const exited = new Promise((r) => child.once("exit", r));
  const deadline = Date.now() + 100_000;
  while (!fs.existsSync(mark) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  t.true(fs.existsSync(mark), "the child reached its first write");
  child.kill("SIGKILL");
  await exited;
  const temporaries = () => fs.readdirSync(tmp).filter((f) => f.startsWith(".killed.pt.") && f.endsWith(".tmp"));
  t.is(temporaries().length, 1, "killed mid-write, with its temporary left");
  t.deepEqual(fs.readFileSync(file), before);
  torch.save({ a: torch.zeros(2) }, file);
  t.deepEqual(temporaries(), []);
  t.deepEqual((torch.load(file) as { a: torch.Tensor }).a.tolist(), [0, 0]);
});

test("torch.save writes to a stream too", async (t) => {
  const file = path.join(tmp, "stream.pt");
  const stream = fs.createWriteStream(file);
  await torch.save({ x: torch.arange(3) }, stream);
  await new Promise((resolve) => stream.end(resolve));
  t.deepEqual((torch.load(file) as { x: torch.Tensor }).x.tolist(), [0, 1, 2]);
});

pyTest("files that cannot be read or written raise Python's errors, with Python's messages", (t) => {
  const missing = path.join(tmp, "nowhere.pt");
  const folder = fs.mkdtempSync(path.join(tmp, "folder-"));
  const unwritable = path.join(tmp, "no-such-folder", "ckpt.pt");
  // What Python's torch.load and torch.save raise for the same paths: "ClassName: message" per line.
  const script = `
import sys, torch
for f in (lambda: torch.load(sys.argv[1]), lambda: torch.load(sys.argv[2]), lambda: torch.save({}, sys.argv[3])):
    try:
        f()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")`;
  const py = spawnSync(python, ["-c", script, missing, folder, unwritable], { encoding: "utf8" });
  t.is(py.status, 0, py.stderr);
  const want = py.stdout.trim().split("\n");
  const ours = [() => torch.load(missing), () => torch.load(folder), () => torch.save({}, unwritable)].map((f) => {
    const e = t.throws(f, { instanceOf: torch.TorchError });
    return `${e!.name}: ${e!.message}`;
  });
  t.deepEqual(ours, want);
  const e = t.throws(() => torch.load(missing), { instanceOf: torch.FileNotFoundError }) as torch.FileNotFoundError;
  t.true(e instanceof torch.OSError);
  t.like(e, { errno: 2, code: "ENOENT", filename: missing, strerror: "No such file or directory" });
  t.is((e.cause as NodeJS.ErrnoException).code, "ENOENT");
});

// Objects with no JavaScript twin (scripts/golden_serialization.py's python_objects.pt).
const objectsFile = path.join(fixtures, "python_objects.pt");
const objectsExpected = JSON.parse(fs.readFileSync(path.join(fixtures, "python_objects.json"), "utf8")) as {
  args: Record<string, unknown>; best_acc: number; f32: number; step: number; flag: boolean; tags: number[]; blob: number[];
  weights: { dtype: string; shape: number[]; data: string };
};

test("by default, a checkpoint holding other Python objects is refused, naming the global and the way out", (t) => {
  const e = t.throws(() => torch.load(objectsFile));
  t.is(e!.name, "UnpicklingError");
  t.regex(e!.message, /Unsupported global: GLOBAL argparse\.Namespace was not an allowed global by default/);
  t.regex(e!.message, /weights_only: false/);
  t.throws(() => torch.load(objectsFile, { weights_only: "no" as never }), { instanceOf: TypeError, message: /weights_only/ });
});

test("weights_only: false loads what Python pickled: a Namespace's fields, NumPy scalars, sets, bytes and tensors", (t) => {
  const ckpt = torch.load(objectsFile, { weights_only: false }) as Record<string, unknown>;
  const args = ckpt.args as torch.PythonObject;
  t.true(args instanceof torch.PythonObject);
  t.is(args.__class__, "argparse.Namespace");
  t.deepEqual({ ...args }, objectsExpected.args);
  t.is(ckpt.best_acc, objectsExpected.best_acc);
  t.is(ckpt.f32, objectsExpected.f32);
  t.is(ckpt.step, objectsExpected.step);
  t.is(ckpt.flag, objectsExpected.flag);
  t.deepEqual(ckpt.tags, new Set(objectsExpected.tags));
  t.deepEqual([...(ckpt.blob as Buffer)], objectsExpected.blob);
  const weights = ckpt.weights as torch.Tensor;
  t.deepEqual([...weights.shape], objectsExpected.weights.shape);
  t.deepEqual(Buffer.from((weights.toTypedArray() as Float32Array).buffer), Buffer.from(objectsExpected.weights.data, "base64"));
});

// A checkpoint PyTorch saved with "cuda:0" storages (scripts/golden_serialization.py).
const cudaSaved = JSON.parse(fs.readFileSync(path.join(fixtures, "cuda_saved.json"), "utf8")) as { error: { type: string; message: string } | null; map_location_cpu: unknown };
(torch.cuda.is_available() ? test.skip : test)("a checkpoint saved on a GPU is refused without one, with PyTorch's advice, and map_location: 'cpu' loads it", (t) => {
  const file = path.join(fixtures, "cuda_saved.pt");
  t.not(cudaSaved.error, null, "the fixture was written on a machine without a GPU");
  const e = t.throws(() => torch.load(file));
  t.is(e?.constructor.name, cudaSaved.error!.type);
  t.is(e?.message, cudaSaved.error!.message);
  t.deepEqual(JSON.parse(JSON.stringify(describe(torch.load(file, { map_location: "cpu" })))), cudaSaved.map_location_cpu);
  t.deepEqual(JSON.parse(JSON.stringify(describe(torch.load(file, { map_location: { "cuda:0": "cpu" } })))), cudaSaved.map_location_cpu);
});

// Runs where the libtorch is older than some dtype (1.13); 2.15 has them all.
const missingDtypes = NEWER.filter((d) => !hasDtype(d));
(missingDtypes.length ? test : test.skip)("a dtype this libtorch lacks is refused by name, with the PyTorch that has it", (t) => {
  for (const d of missingDtypes) {
    const e = t.throws(() => torch.zeros(2, { dtype: d }), { instanceOf: TypeError });
    t.regex(e!.message, new RegExp(`torch\\.${d.name} needs PyTorch ${d.since!.replace(".", "\\.")} or later; this libtorch is ${torch.libtorch_version.replace(/\./g, "\\.")}`));
  }
});

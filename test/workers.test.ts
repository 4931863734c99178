import test from "ava";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as torch from "../lib";
import { train } from "./helpers/worker_train";

const script = path.join(__dirname, "helpers", "worker_train.ts");
// Workers start from JavaScript, which registers tsx and loads the TypeScript helper.
function start(data: object): Worker {
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(script)});`, { eval: true, workerData: data });
}
function run(data: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = start(data);
    w.once("message", (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

test("two worker threads training at once get what one thread gets alone", async (t) => {
  const [a, b] = await Promise.all([run({ seed: 1 }), run({ seed: 2 })]);
  // Each run draws from its own Generator; running the same seeds in the main thread afterwards must agree.
  t.deepEqual(a, train(1));
  t.deepEqual(b, train(2));
});

test("a worker loads the addon in its own context", async (t) => {
  t.deepEqual(await run({ seed: 0, tensor: true }), { ok: 2 });
});

test("a tensor posted to another thread arrives as a plain copy that fails clearly when used", async (t) => {
  const w = start({ received: true });
  const reply = new Promise<{ isTensor: boolean; error: string }>((resolve) => w.once("message", resolve));
  w.postMessage(torch.ones(2));
  const { isTensor, error } = await reply;
  await w.terminate();
  t.false(isTensor);
  // A plain object is an options object to torchnode, so `other` is missing.
  t.is(error, 'TypeError: add() missing 1 required positional arguments: "other"');
});

// ---- DataLoader worker threads (goldens against PyTorch's worker processes are in data_golden.test.ts) ----

import { DataLoader } from "../lib/utils/data";
import { MNIST } from "../lib/datasets";
import { Compose, Normalize, ToTensor } from "../lib/transforms";
import { Faulty, smallTensorDataset, sumCollate } from "./helpers/data_workers";

test.serial("MNIST with the lab's transform through 2 workers: the batches and the random stream of the in-process loader", (t) => {
  const transform = new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])] as ((x: unknown) => unknown)[]);
  const ds = new MNIST(null, { train: false, transform });
  const pass = (num_workers: number) => {
    torch.manual_seed(0);
    const sums = [...new DataLoader(ds, { batch_size: 1000, shuffle: true, num_workers })].map(([X, y]) => [X.sum().item(), y.sum().item()]);
    return { sums, after: torch.rand(2).tolist() };
  };
  t.deepEqual(pass(2), pass(0));
});

test.serial("an error in a worker comes back as its own class, naming the worker", (t) => {
  const loader = new DataLoader(new Faulty(), { batch_size: 2, num_workers: 2 });
  t.throws(() => [...loader], { instanceOf: torch.IndexError, message: /^Caught IndexError in DataLoader worker thread 1\.\nOriginal IndexError: no item 3/ });
});

test.serial("what can't travel to a worker is refused with the reason", (t) => {
  const inline = new DataLoader(smallTensorDataset(4), { batch_size: 2, num_workers: 1, collate_fn: (b: unknown[]) => b.length });
  t.throws(() => [...inline], { instanceOf: TypeError, message: /Can't send the function collate_fn to a DataLoader worker: no loaded module exports it/ });
});

test.serial("an exported collate_fn, worker_dataset, persistent workers and an early break", (t) => {
  // The main thread's Faulty gives the length (6); each worker makes its dataset by calling makeRange(6).
  const worker_dataset = { module: require.resolve("./helpers/data_workers"), export: "makeRange", args: [6] };
  const sums = new DataLoader(new Faulty(), { batch_size: 3, num_workers: 2, collate_fn: sumCollate, worker_dataset });
  t.deepEqual([...sums], [3, 12]);
  const persistent = new DataLoader(new Faulty(), { batch_size: 4, num_workers: 2, persistent_workers: true, worker_dataset });
  t.deepEqual([...persistent].map((b) => (b as torch.Tensor).tolist()), [[0, 1, 2, 3], [4, 5]]);
  t.deepEqual([...persistent].map((b) => (b as torch.Tensor).tolist()), [[0, 1, 2, 3], [4, 5]]);
  persistent.shutdownWorkers();
  const loader = new DataLoader(smallTensorDataset(10), { batch_size: 2, num_workers: 2 });
  for (const [X] of loader) {
    t.deepEqual([...X.shape], [2, 3]);
    break;
  }
});

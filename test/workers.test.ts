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

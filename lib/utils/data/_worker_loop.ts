/**
 * The body of a DataLoader worker thread (torch/utils/data/_utils/worker.py's
 * _worker_loop): a Generator seeded with base_seed + worker_id in get_worker_info(),
 * re-create the dataset and collate_fn, run worker_init_fn, then answer each
 * (idx, index) message with (idx, batch) on the results port and wake the
 * main thread, which waits on a shared counter.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
// The whole torch namespace, as in the main thread: it installs Tensor's methods.
import "../../index";
import { Generator } from "../../generator";
import { set_num_threads } from "../../random";
import { default_collate, default_convert } from "./collate";
import type { Dataset, IterableDataset } from "./dataset";
import { createFetcher, StopIteration, type Fetcher } from "./fetch";
import { pickle, unpickle } from "./_pickle";
import { setWorkerInfo, WorkerInfo } from "./worker";

export type WorkerData = {
  dataset: unknown;
  worker_dataset: { module: string; export: string; args?: unknown[] } | null;
  collate_fn: unknown;
  worker_init_fn: unknown;
  autoCollation: boolean;
  drop_last: boolean;
  base_seed: bigint;
  worker_id: number;
  num_workers: number;
  results: MessagePort;
  signal: SharedArrayBuffer;
};

/** What the main thread sends: a task, a new pass (persistent workers), or the end. */
export type Task = { idx: number; index: unknown } | { resume: true } | null;
/** What a worker answers. */
export type Result =
  | { idx: number; data: unknown }
  | { idx: number; stop: true; worker_id: number }
  | { idx: number; error: { name: string; message: string; stack: string }; worker_id: number }
  | { resumed: true };

function errorOf(e: unknown): { name: string; message: string; stack: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}` };
}

function recreate(d: WorkerData): Dataset | IterableDataset {
  if (d.worker_dataset === null) return unpickle(d.dataset as never) as Dataset;
  const { module, export: name, args = [] } = d.worker_dataset;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const made = (require(module) as Record<string, unknown>)[name] as ((...a: unknown[]) => Dataset) & (new (...a: unknown[]) => Dataset);
  if (typeof made !== "function") throw new TypeError(`worker_dataset: ${module} has no export ${name}`);
  return /^class[\s{]/.test(Function.prototype.toString.call(made)) ? new made(...args) : made(...args);
}

function run(d: WorkerData): void {
  const signal = new Int32Array(d.signal);
  const post = (r: Result) => {
    d.results.postMessage(r);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  let fetcher: Fetcher | null = null;
  let initError: unknown = null;
  let iterationEnd = false;
  let dataset: Dataset | IterableDataset | null = null;
  const collate_fn = (d.collate_fn === null ? null : unpickle(d.collate_fn as never)) as ((b: never) => unknown) | null;
  const makeFetcher = () =>
    createFetcher(dataset!, {
      autoCollation: d.autoCollation, drop_last: d.drop_last, defaultCollate: collate_fn === null,
      collate_fn: collate_fn ?? (d.autoCollation ? default_collate : default_convert),
    });
  try {
    set_num_threads(1);
    // Not torch.manual_seed(seed): libtorch's default generator is the whole process's, the main thread's
    // stream included. The worker's seeded stream is WorkerInfo.generator instead.
    const seed = d.base_seed + BigInt(d.worker_id);
    dataset = recreate(d);
    setWorkerInfo(new WorkerInfo(d.worker_id, d.num_workers, seed, dataset, new Generator().manual_seed(seed)));
    if (d.worker_init_fn !== null) (unpickle(d.worker_init_fn as never) as (id: number) => void)(d.worker_id);
    fetcher = makeFetcher();
  } catch (e) {
    initError = e;
  }
  parentPort!.on("message", (task: Task) => {
    if (task === null) {
      parentPort!.close();
      d.results.close();
      return;
    }
    if ("resume" in task) {
      iterationEnd = false;
      post({ resumed: true });
      try {
        fetcher = makeFetcher();
      } catch (e) {
        initError = e;
      }
      return;
    }
    if (iterationEnd) return;
    if (initError !== null) {
      post({ idx: task.idx, error: errorOf(initError), worker_id: d.worker_id });
      initError = null;
      return;
    }
    try {
      const data = fetcher!.fetch(task.index);
      if (data === StopIteration) {
        iterationEnd = true;
        post({ idx: task.idx, stop: true, worker_id: d.worker_id });
      } else post({ idx: task.idx, data: pickle(data) });
    } catch (e) {
      post({ idx: task.idx, error: errorOf(e), worker_id: d.worker_id });
    }
  });
}

if (parentPort && (workerData as { torchnodeDataLoaderWorker?: WorkerData } | null)?.torchnodeDataLoaderWorker) {
  run((workerData as { torchnodeDataLoaderWorker: WorkerData }).torchnodeDataLoaderWorker);
}

/**
 * The DataLoader's iterator with workers (dataloader.py's
 * _MultiProcessingDataLoaderIter) on worker threads: the same base seed
 * draw, round-robin index queues, prefetch_factor tasks per worker in flight,
 * batches handed back in sampler order (or as they come, in_order false),
 * persistent workers resumed rather than restarted. Iteration is synchronous:
 * while it waits, the main thread sleeps on a counter the workers bump after
 * each answer (Atomics.wait), then reads their ports with receiveMessageOnPort.
 */
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import * as errors from "../../errors";
import type { Generator } from "../../generator";
import type { Dataset, IterableDataset } from "./dataset";
import { pickle, unpickle } from "./_pickle";
import { drawSeed } from "./sampler";
import type { Result, Task, WorkerData } from "./_worker_loop";

/** How a worker re-creates a dataset that can't be sent by value: `new (require(module)[export])(...args)`. */
export type WorkerSpec = { module: string; export: string; args?: unknown[] };

export type MultiProcessingConfig = {
  dataset: Dataset | IterableDataset;
  worker_dataset: WorkerSpec | null;
  index_sampler: Iterable<unknown>;
  autoCollation: boolean;
  /** null: the default (default_collate or default_convert), chosen in the worker. */
  collate_fn: ((batch: never) => unknown) | null;
  drop_last: boolean;
  generator: Generator | null;
  worker_init_fn: ((worker_id: number) => void) | null;
  num_workers: number;
  prefetch_factor: number;
  persistent_workers: boolean;
  timeout: number;
  in_order: boolean;
  iterable: boolean;
};

// How often a wait with no timeout looks again (PyTorch's MP_STATUS_CHECK_INTERVAL, in ms).
const CHECK_INTERVAL_MS = 5000;
const LOOP = path.join(__dirname, `_worker_loop${path.extname(__filename)}`);

function spawn(data: WorkerData): Worker {
  const options = { workerData: { torchnodeDataLoaderWorker: data }, transferList: [data.results] };
  // Under tsx (tests, ts sources) the worker registers it first, so that it can load TypeScript modules too.
  // A worker that can't even start says so on its port (idx -1): the main thread is asleep, not listening for 'error'.
  const source = `
    try {
      ${LOOP.endsWith(".ts") ? 'require("tsx/cjs");' : ""}
      require(${JSON.stringify(LOOP)});
    } catch (e) {
      const d = require("node:worker_threads").workerData.torchnodeDataLoaderWorker;
      const error = { name: e && e.name || "Error", message: String(e && e.message), stack: String(e && e.stack || e) };
      d.results.postMessage({ idx: -1, error, worker_id: d.worker_id });
      const s = new Int32Array(d.signal);
      Atomics.add(s, 0, 1);
      Atomics.notify(s, 0);
    }`;
  return new Worker(source, { ...options, eval: true });
}

type TaskInfo = { worker: number; result?: Result };

export class MultiProcessingIter implements Iterator<unknown> {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private samplerIter: Iterator<unknown>;
  private sendIdx = 0;
  private rcvdIdx = 0;
  private taskInfo = new Map<number, TaskInfo>();
  private tasksOutstanding = 0;
  private workersStatus: boolean[] = [];
  private workersNumTasks: number[] = [];
  private nextWorker = 0;
  private isShutdown = false;

  constructor(private readonly config: MultiProcessingConfig) {
    // As _BaseDataLoaderIter: iter(sampler), then the base seed from the loader's generator (or the global stream).
    this.samplerIter = config.index_sampler[Symbol.iterator]();
    const base_seed = drawSeed(config.generator);
    const shared = {
      dataset: config.worker_dataset ? null : pickle(config.dataset),
      worker_dataset: config.worker_dataset,
      collate_fn: config.collate_fn === null ? null : pickle(config.collate_fn),
      worker_init_fn: config.worker_init_fn === null ? null : pickle(config.worker_init_fn),
      autoCollation: config.autoCollation, drop_last: config.drop_last, base_seed, num_workers: config.num_workers,
      signal: this.signal.buffer as SharedArrayBuffer,
    };
    for (let i = 0; i < config.num_workers; i++) {
      const { port1, port2 } = new MessageChannel();
      const w = spawn({ ...shared, worker_id: i, results: port2 });
      w.unref();
      this.workers.push(w);
      this.ports.push(port1);
    }
    this.start(true);
  }

  /** A new pass over persistent workers: they start their fetchers anew, the base seed stays (as PyTorch's _reset). */
  reset(index_sampler: Iterable<unknown>): void {
    this.samplerIter = index_sampler[Symbol.iterator]();
    this.start(false);
  }

  private start(first: boolean): void {
    this.sendIdx = 0;
    this.rcvdIdx = 0;
    this.taskInfo = new Map();
    this.tasksOutstanding = 0;
    this.workersStatus = this.workers.map(() => true);
    this.workersNumTasks = this.workers.map(() => 0);
    this.nextWorker = 0;
    if (!first) {
      for (const w of this.workers) w.postMessage({ resume: true } satisfies Task);
      let resumed = 0;
      while (resumed < this.workers.length) {
        const [, r] = this.getData();
        if ("resumed" in r) resumed++;
      }
    }
    for (let i = 0; i < this.config.prefetch_factor * this.config.num_workers; i++) this.tryPutIndex();
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown> {
    for (;;) {
      let info: TaskInfo | undefined;
      while (this.rcvdIdx < this.sendIdx) {
        info = this.taskInfo.get(this.rcvdIdx)!;
        if (info.result !== undefined || this.workersStatus[info.worker]) break;
        this.taskInfo.delete(this.rcvdIdx);
        this.rcvdIdx++;
        info = undefined;
      }
      if (info === undefined) {
        if (!this.config.persistent_workers) this.shutdown();
        return { done: true, value: undefined };
      }
      if (info.result !== undefined) {
        this.taskInfo.delete(this.rcvdIdx);
        this.rcvdIdx++;
        return this.processData(info.result, info.worker);
      }
      const [worker, r] = this.getData();
      if ("resumed" in r) continue;
      this.tasksOutstanding--;
      if ("stop" in r) {
        if (this.config.persistent_workers) this.workersStatus[r.worker_id] = false;
        else this.markWorkerUnavailable(r.worker_id);
        this.tryPutIndex();
        continue;
      }
      if (r.idx !== this.rcvdIdx) {
        if (!this.config.in_order) {
          this.taskInfo.delete(r.idx);
          return this.processData(r, worker);
        }
        this.taskInfo.get(r.idx)!.result = r;
      } else {
        this.taskInfo.delete(r.idx);
        this.rcvdIdx++;
        return this.processData(r, worker);
      }
    }
  }

  /** Breaking out of a for...of ends the pass: non-persistent workers end with it. */
  return(): IteratorResult<unknown> {
    if (!this.config.persistent_workers) this.shutdown();
    return { done: true, value: undefined };
  }

  private processData(r: Result, worker: number): IteratorResult<unknown> {
    this.workersNumTasks[worker]--;
    this.tryPutIndex();
    if ("error" in r) {
      // PyTorch's ExceptionWrapper.reraise: the same class, the worker's traceback in the message.
      const Cls = (errors as unknown as Record<string, new (m: string) => Error>)[r.error.name] ?? Error;
      const err = new Cls(`Caught ${r.error.name} in DataLoader worker thread ${r.worker_id}.\nOriginal ${r.error.stack}`);
      if (Cls === Error) err.name = r.error.name;
      throw err;
    }
    return { done: false, value: unpickle((r as unknown as { data: never }).data) };
  }

  private tryPutIndex(): void {
    const maxTasks = this.config.prefetch_factor * this.config.num_workers;
    const r = this.samplerIter.next();
    if (r.done) return;
    let chosen = -1;
    for (let i = 0; i < this.workers.length; i++) {
      const w = this.nextWorker;
      this.nextWorker = (this.nextWorker + 1) % this.workers.length;
      if (!this.workersStatus[w]) continue;
      const active = this.workersStatus.filter(Boolean).length;
      if (this.config.in_order || this.workersNumTasks[w] < Math.floor(maxTasks / active)) {
        chosen = w;
        break;
      }
    }
    if (chosen < 0) return;
    this.workers[chosen].postMessage({ idx: this.sendIdx, index: r.value } satisfies Task);
    this.taskInfo.set(this.sendIdx, { worker: chosen });
    this.workersNumTasks[chosen]++;
    this.tasksOutstanding++;
    this.sendIdx++;
  }

  /** The next answer from any worker, waiting for it (up to the loader's timeout). */
  private getData(): [number, Result] {
    const deadline = this.config.timeout > 0 ? Date.now() + this.config.timeout * 1000 : Infinity;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      for (let w = 0; w < this.ports.length; w++) {
        const m = receiveMessageOnPort(this.ports[w]);
        if (!m) continue;
        const r = m.message as Result;
        if ("error" in r && r.idx === -1) {
          this.shutdown();
          throw new errors.RuntimeError(`DataLoader worker thread ${r.worker_id} could not start: ${r.error.stack}`);
        }
        return [w, r];
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new errors.RuntimeError(`DataLoader timed out after ${this.config.timeout} seconds`);
      Atomics.wait(this.signal, 0, seen, Math.min(left, CHECK_INTERVAL_MS));
    }
  }

  private markWorkerUnavailable(w: number): void {
    this.workers[w].postMessage(null satisfies Task);
    this.workersStatus[w] = false;
  }

  /** Ends every worker thread of this iterator. */
  shutdown(): void {
    if (this.isShutdown) return;
    this.isShutdown = true;
    for (let w = 0; w < this.workers.length; w++) {
      void this.workers[w].terminate();
      this.ports[w].close();
    }
  }
}

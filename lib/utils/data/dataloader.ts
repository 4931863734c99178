/**
 * DataLoader (torch/utils/data/dataloader.py) over map-style and iterable
 * datasets, in the main thread (num_workers 0) or on worker threads.
 * Every pass draws one int64 from the global stream (or `generator`) as
 * PyTorch's iterator draws its base seed, so that a loader consumes the
 * random stream exactly as PyTorch's does, with or without workers.
 */
import { AssertionError, expected, ValueError } from "../../errors";
import type { Generator } from "../../generator";
import { torchAtLeast } from "../../version";
import { default_collate, default_convert } from "./collate";
import { Dataset, IterableDataset } from "./dataset";
import { createFetcher, StopIteration } from "./fetch";
import { MultiProcessingIter, type WorkerSpec } from "./_multiprocessing";
import { BatchSampler, RandomSampler, Sampler, SequentialSampler, drawSeed, len, pyStr } from "./sampler";

export type DataLoaderOptions<B> = {
  batch_size?: number | null;
  /** For an IterableDataset only false or null (unspecified) are allowed. */
  shuffle?: boolean | null;
  sampler?: Iterable<number> | null;
  batch_sampler?: Iterable<number[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: never) => B) | null;
  /** Accepted as PyTorch accepts it; pinning needs CUDA and is not done by torchnode (see the class comment). */
  pin_memory?: boolean;
  drop_last?: boolean;
  /** Seconds to wait for a batch from a worker (0: forever). */
  timeout?: number;
  /** Called in each worker thread with its id, after seeding, before the first fetch. A function exported by a module (see the class comment). */
  worker_init_fn?: ((worker_id: number) => void) | null;
  /** Accepted and ignored: workers are always threads. */
  multiprocessing_context?: unknown;
  generator?: Generator | null;
  /** Batches each worker has in flight (default 2 with workers; must be left unset without). */
  prefetch_factor?: number | null;
  persistent_workers?: boolean;
  pin_memory_device?: string;
  /** PyTorch 2.x: false gives batches as workers finish them instead of in sampler order. */
  in_order?: boolean;
  /**
   * How a worker thread re-creates the dataset when it can't be sent as it is
   * (see the class comment); by default the dataset is sent by value.
   */
  worker_dataset?: WorkerSpec | null;
};

// The sampler of an iterable dataset: one null per sample, forever (_InfiniteConstantSampler).
class _InfiniteConstantSampler extends Sampler<null> {
  *[Symbol.iterator](): Iterator<null> {
    for (;;) yield null;
  }
}

/**
 * DataLoader(dataset, { batch_size = 1, shuffle = false, sampler, batch_sampler, num_workers = 0, collate_fn, drop_last, generator, ... })
 *
 * Map-style datasets (`Dataset`: `__getitem__` and `__len__`) are read in
 * sampler order; iterable ones (`IterableDataset`) in stream order, batch_size
 * samples at a time. With `batch_size: null` each sample is passed through
 * `collate_fn` (default_convert) alone.
 *
 * Workers (`num_workers > 0`) are worker threads (node:worker_threads), and
 * behave as PyTorch's worker processes do where one can observe it: iter()
 * draws the base seed from the main stream (or `generator`) exactly once per
 * pass (once for all passes with persistent_workers), worker i's seed is
 * `base_seed + i`, `get_worker_info()` there gives
 * `{ id, num_workers, seed, dataset, generator }`, `worker_init_fn(i)` runs in it, index
 * batches go round-robin, `prefetch_factor` per worker in flight, and batches
 * come back in sampler order. Iteration stays synchronous (`for...of`): the
 * main thread blocks until the batch it needs arrives.
 *
 * Functions can't cross threads, so a worker re-creates what it needs, as
 * Python's spawn start method unpickles it:
 * - the dataset is sent by value: tensors as their bytes, plain data as is,
 *   and every other object as its class (found by the module that exports it:
 *   the class must be exported by a module, not defined in a script) and its
 *   own fields, rebuilt without calling the constructor, as pickle does.
 *   TensorDataset, Subset, ConcatDataset, MNIST with the lab's transforms all
 *   travel this way.
 * - functions (collate_fn, worker_init_fn, a transform) travel by reference:
 *   the module that exports them and the export's name. An arrow function
 *   written inline can't be sent (Python can't pickle a lambda either).
 * - `worker_dataset: { module, export, args }` instead makes each worker call
 *   `new (require(module)[export])(...args)` (or the export itself when it is
 *   not a class), for a dataset that can't be sent by value.
 * Batches come back as copies of the worker's tensors (a tensor's storage
 * can't be shared between threads' allocators).
 *
 * One difference: libtorch's default generator belongs to the whole process,
 * so a worker thread can't reseed it as PyTorch's worker process does
 * (that would reseed the main thread's stream too). A worker's seeded stream
 * is `get_worker_info().generator` (a Generator seeded with base_seed + id):
 * draw with `{ generator: get_worker_info()?.generator }` in the dataset to
 * get exactly the numbers PyTorch's worker draws; a draw without it comes
 * from the shared default stream, in whatever order the threads run.
 *
 * `pin_memory` is accepted and, as in PyTorch without CUDA, does nothing.
 * @example for (const [X, y] of new DataLoader(trainset, { batch_size: 512, shuffle: true })) { ... }
 * @example new DataLoader(trainset, { batch_size: 512, shuffle: true, num_workers: 2 })
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class DataLoader<B = any> implements Iterable<B> {
  readonly dataset: Dataset | IterableDataset;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<unknown>;
  readonly batch_sampler: Iterable<unknown[]> | null;
  readonly generator: Generator | null;
  readonly collate_fn: (batch: never) => B;
  readonly num_workers: number;
  readonly pin_memory: boolean;
  readonly pin_memory_device: string;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly multiprocessing_context: unknown;
  readonly prefetch_factor: number | null;
  readonly persistent_workers: boolean;
  readonly in_order: boolean;
  readonly worker_dataset: WorkerSpec | null;
  private readonly iterable: boolean;
  private readonly defaultCollate: boolean;
  private iterableLenCalled: number | null = null;
  private persistentIterator: MultiProcessingIter | null = null;

  constructor(dataset: Dataset | IterableDataset, options: DataLoaderOptions<B> = {}) {
    const {
      batch_size = 1, shuffle = null, sampler = null, batch_sampler = null, num_workers = 0, collate_fn = null, pin_memory = false,
      drop_last = false, timeout = 0, worker_init_fn = null, multiprocessing_context = null, generator = null, persistent_workers = false,
      pin_memory_device = "", in_order = true, worker_dataset = null,
    } = options;
    let { prefetch_factor = null } = options;
    if (!Number.isInteger(num_workers)) throw expected("an integer", "num_workers", num_workers);
    if (num_workers < 0) throw new ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (timeout < 0) throw new ValueError("timeout option should be non-negative");
    if (torchAtLeast(2)) {
      if (num_workers === 0 && prefetch_factor !== null) {
        throw new ValueError(
          "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.",
        );
      } else if (num_workers > 0 && prefetch_factor === null) prefetch_factor = 2;
      else if (prefetch_factor !== null && prefetch_factor < 0) throw new ValueError("prefetch_factor option should be non-negative");
    } else {
      // PyTorch 1.13: the default is 2, and anything else needs workers; then an assert.
      prefetch_factor ??= 2;
      if (num_workers === 0 && prefetch_factor !== 2) {
        throw new ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.");
      }
      if (!(prefetch_factor > 0)) throw new AssertionError(""); // `assert prefetch_factor > 0`
    }
    if (persistent_workers && num_workers === 0) throw new ValueError("persistent_workers option needs num_workers > 0");

    this.iterable = dataset instanceof IterableDataset;
    let doShuffle: boolean;
    if (this.iterable) {
      if (shuffle !== false && shuffle !== null) {
        throw new ValueError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyStr(shuffle)}`);
      }
      if (sampler !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${pyRepr(sampler)}`);
      if (batch_sampler !== null) {
        throw new ValueError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${pyRepr(batch_sampler)}`);
      }
      doShuffle = false;
    } else {
      if (typeof (dataset as Partial<Dataset> | null)?.__getitem__ !== "function") {
        throw expected("a Dataset (an object with __getitem__()) or an IterableDataset", "dataset", dataset);
      }
      doShuffle = Boolean(shuffle);
    }
    if (sampler !== null && doShuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");
    let batchSize = batch_size, dropLast = drop_last;
    if (batch_sampler !== null) {
      if (batch_size !== 1 || doShuffle || sampler !== null || drop_last) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
      batchSize = null;
      dropLast = false;
    } else if (batch_size === null && drop_last) {
      throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    const theSampler: Iterable<unknown> =
      sampler ??
      (this.iterable
        ? new _InfiniteConstantSampler()
        : doShuffle
          ? new RandomSampler(dataset as Dataset, { generator })
          : new SequentialSampler(dataset as Dataset));

    this.dataset = dataset;
    this.num_workers = num_workers;
    this.prefetch_factor = prefetch_factor;
    this.pin_memory = pin_memory;
    this.pin_memory_device = pin_memory_device;
    this.timeout = timeout;
    this.worker_init_fn = worker_init_fn;
    this.multiprocessing_context = multiprocessing_context;
    this.in_order = in_order;
    this.worker_dataset = worker_dataset;
    this.generator = generator;
    this.drop_last = dropLast;
    this.sampler = theSampler;
    this.batch_size = batchSize;
    this.batch_sampler = batch_sampler ?? (batchSize !== null ? new BatchSampler(theSampler as Iterable<number>, batchSize, dropLast) : null);
    this.defaultCollate = collate_fn === null && this.batch_sampler !== null;
    this.collate_fn = collate_fn ?? ((this.batch_sampler !== null ? default_collate : default_convert) as (batch: never) => B);
    this.persistent_workers = persistent_workers;
  }

  /** Whether samples are batched (a batch_size or a batch_sampler): PyTorch's _auto_collation. */
  get _auto_collation(): boolean {
    return this.batch_sampler !== null;
  }

  /** What the loader iterates: the batch sampler, or the sampler without auto-batching. */
  get _index_sampler(): Iterable<unknown> {
    return this.batch_sampler ?? this.sampler;
  }

  /**
   * len(loader): the number of batches. For an IterableDataset, len(dataset)
   * batched (which PyTorch then checks against what the pass yields).
   */
  get length(): number {
    if (!this.iterable) return len(this._index_sampler);
    let length = (this.iterableLenCalled = len(this.dataset));
    if (this.batch_size !== null) length = this.drop_last ? Math.floor(length / this.batch_size) : Math.ceil(length / this.batch_size);
    return length;
  }
  __len__(): number {
    return this.length;
  }

  /** Like Python's iter(loader): the base seed is drawn now, batches come on demand. */
  [Symbol.iterator](): Iterator<B> {
    if (this.num_workers > 0) {
      if (!this.persistent_workers) return this.counted(new MultiProcessingIter(this.workerConfig()));
      if (this.persistentIterator === null) this.persistentIterator = new MultiProcessingIter(this.workerConfig());
      else this.persistentIterator.reset(this._index_sampler);
      return this.counted(this.persistentIterator);
    }
    drawSeed(this.generator);
    return this.counted(this.singleProcess());
  }

  /** Ends a persistent loader's worker threads now (they also end when the process exits). */
  shutdownWorkers(): void {
    this.persistentIterator?.shutdown();
    this.persistentIterator = null;
  }

  private workerConfig(): ConstructorParameters<typeof MultiProcessingIter>[0] {
    return {
      dataset: this.dataset, worker_dataset: this.worker_dataset, index_sampler: this._index_sampler, autoCollation: this._auto_collation,
      collate_fn: this.defaultCollate ? null : this.collate_fn, drop_last: this.drop_last, generator: this.generator,
      worker_init_fn: this.worker_init_fn, num_workers: this.num_workers, prefetch_factor: this.prefetch_factor!,
      persistent_workers: this.persistent_workers, timeout: this.timeout, in_order: this.in_order, iterable: this.iterable,
    };
  }

  // PyTorch's __next__ warns once more batches came than len(loader) promised of an IterableDataset.
  private *counted(batches: Iterator<unknown> | Iterable<unknown>): Iterator<B> {
    const it = (Symbol.iterator in batches ? batches[Symbol.iterator]() : batches) as Iterator<B>;
    const promised = this.iterableLenCalled;
    let yielded = 0;
    let finished = false;
    try {
      for (let r = it.next(); !r.done; r = it.next()) {
        yielded++;
        if (this.iterable && promised !== null && yielded > promised) {
          let message =
            `Length of IterableDataset <${this.dataset.constructor.name} object> was reported to be ${promised} ` +
            `(when accessing len(dataloader)), but ${yielded} samples have been fetched. `;
          if (this.num_workers > 0) {
            message +=
              "For multiprocessing data-loading, this could be caused by not properly configuring the IterableDataset replica at each worker. " +
              "Please see https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples.";
          }
          process.emitWarning(message, "UserWarning");
        }
        yield r.value;
      }
      finished = true;
    } finally {
      // A for...of left early: the iterator below ends too (non-persistent workers stop).
      if (!finished) it.return?.();
    }
  }

  // As _SingleProcessDataLoaderIter: iter(sampler) and the fetcher (iter(dataset) for an iterable one) now, batches on demand.
  private singleProcess(): Iterator<B> {
    const batchSampler = this.batch_sampler;
    // The batch fast path: whole batches of indices as tensors, one getBatch per batch.
    if (!this.iterable && this.defaultCollate && (this.dataset as Dataset).getBatch && batchSampler instanceof BatchSampler) {
      const tensors = batchSampler.batchTensors();
      if (tensors) return mapIterator(tensors, (indices) => (this.dataset as Dataset).getBatch!(indices) as B);
    }
    const indices = this._index_sampler[Symbol.iterator]();
    const fetcher = createFetcher(this.dataset, {
      autoCollation: this._auto_collation, collate_fn: this.collate_fn, drop_last: this.drop_last, defaultCollate: this.defaultCollate,
    });
    return mapIterator(indices, (index) => fetcher.fetch(index) as B | typeof StopIteration);
  }
}

/** f over an iterator, lazily, ending early where f gives StopIteration. */
function* mapIterator<T, R>(it: Iterator<T>, f: (x: T) => R | typeof StopIteration): Iterator<R> {
  for (let r = it.next(); !r.done; r = it.next()) {
    const value = f(r.value);
    if (value === StopIteration) return;
    yield value;
  }
}

/** How Python's repr() names an object in a message (no address: JS has none to give). */
function pyRepr(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (v !== null && typeof v === "object") return `<${v.constructor?.name ?? "object"} object>`;
  return pyStr(v);
}

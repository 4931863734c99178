/**
 * Datasets (torch/utils/data/dataset.py): Dataset, IterableDataset,
 * TensorDataset, ChainDataset, Subset, ConcatDataset, StackDataset and random_split.
 *
 * A dataset whose items are slices of tensors may also define
 * `getBatch(indices)`: a whole collated batch from one indexing op per
 * tensor. DataLoader uses it with the default collate function, so such
 * datasets pay no per-item cost; the result is the same tensors that
 * collating the items one by one gives.
 */
import { randperm } from "../../_generated/torch";
import { int64 } from "../../dtype";
import { AssertionError, expected, IndexError, NotImplementedError, TorchTypeError, ValueError } from "../../errors";
import { untracked } from "../../memory";
import { checkSized, len } from "./sampler";
import { Tensor } from "../../tensor";
import { tensor } from "../../creation";
import type { Generator } from "../../generator";
import { libtorch_version, torchAtLeast } from "../../version";

/** Base class of map-style datasets: implement `__getitem__(index)` and `__len__()`. */
export abstract class Dataset<T = unknown> {
  abstract __getitem__(index: number): T;
  abstract __len__(): number;
  /** len(dataset) */
  get length(): number {
    return this.__len__();
  }
  /** Optional fast path: the collated batch for these indices (int64 tensor). */
  getBatch?(indices: Tensor): unknown;
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.__len__(); i++) yield this.__getitem__(i);
  }
}

/**
 * Base class of iterable-style datasets (a stream of samples): implement
 * `*[Symbol.iterator]()` or `__iter__()`, and `__len__()` if the stream's
 * length is known. A DataLoader over one takes samples in order, batching
 * them as PyTorch's _IterableDatasetFetcher does; with workers, each worker
 * iterates its own copy, and shards it with get_worker_info().
 * @example
 * class Range extends IterableDataset<number> {
 *   constructor(readonly n: number) { super(); }
 *   *[Symbol.iterator]() { for (let i = 0; i < this.n; i++) yield i; }
 * }
 */
export abstract class IterableDataset<T = unknown> implements Iterable<T> {
  /** Python's iter(dataset). */
  __iter__(): Iterator<T> {
    if (this[Symbol.iterator] === IterableDataset.prototype[Symbol.iterator]) throw notIterable(this);
    return this[Symbol.iterator]();
  }
  [Symbol.iterator](): Iterator<T> {
    if (this.__iter__ === IterableDataset.prototype.__iter__) throw notIterable(this);
    return this.__iter__();
  }
  __len__?(): number;
  /** Python's len(dataset): its __len__(), or Python's TypeError when the stream has none. */
  get length(): number {
    if (typeof this.__len__ !== "function") throw new TorchTypeError(`object of type '${this.constructor.name}' has no len()`);
    return this.__len__();
  }
}

/** ChainDataset(datasets): iterable datasets one after another, chained as they are iterated. */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: Iterable<IterableDataset<T>>;
  constructor(datasets: Iterable<IterableDataset<T>>) {
    super();
    this.datasets = datasets;
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of datasetsOf(this.datasets)) yield* onlyIterable<T>(d);
  }
  __len__(): number {
    let total = 0;
    for (const d of datasetsOf(this.datasets)) total += len(onlyIterable(d));
    return total;
  }
}

function notIterable(d: object): NotImplementedError {
  return new NotImplementedError(`${d.constructor.name} must implement [Symbol.iterator]() or __iter__()`);
}

/**
 * ChainDataset's datasets, refused where Python's `for d in self.datasets` refuses them ("'int' object is not
 * iterable"; said as the rest of torchnode says it, since the invalid-input table reads "is not iterable" as the JS engine's words).
 */
function datasetsOf<T>(datasets: unknown): Iterable<T> {
  if (typeof datasets === "string" || (typeof datasets === "object" && datasets !== null && Symbol.iterator in datasets)) return datasets as Iterable<T>;
  throw expected("an iterable of datasets", "datasets", datasets);
}

function onlyIterable<T>(d: unknown): IterableDataset<T> {
  if (!(d instanceof IterableDataset)) throw new AssertionError("ChainDataset only supports IterableDataset");
  return d as IterableDataset<T>;
}

// Python's list indexing: negative counts from the end; errors as Python's.
function checkIndex(index: number, length: number): number {
  if (!Number.isInteger(index)) throw new TypeError(`list indices must be integers, not ${typeof index}`);
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw new IndexError("list index out of range");
  return i;
}

/** TensorDataset(...tensors): item i is [t[i] for each tensor]. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.some((t) => !(t instanceof Tensor))) throw new TypeError("TensorDataset expects Tensors");
    if (tensors.some((t) => t.size(0) !== tensors[0].size(0))) throw new AssertionError("Size mismatch between tensors");
    this.tensors = tensors;
  }
  __getitem__(index: number): Tensor[] {
    // Python's tensor[index], whose errors are PyTorch's indexing ones.
    return this.tensors.map((t) => t.index(index));
  }
  __len__(): number {
    return this.tensors[0].size(0);
  }
  getBatch(indices: Tensor): Tensor[] {
    return this.tensors.map((t) => t.index_select(0, indices));
  }
}

/** Subset(dataset, indices): the items of dataset at indices. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: number[];
  private indexTensor?: Tensor;
  constructor(dataset: Dataset<T>, indices: number[]) {
    super();
    this.dataset = dataset;
    this.indices = indices;
  }
  // A getter, not a field set in the constructor: a Subset sent to a worker thread is rebuilt from its fields.
  declare getBatch?: (indices: Tensor) => unknown;
  static {
    Object.defineProperty(Subset.prototype, "getBatch", {
      get(this: Subset) {
        if (!this.dataset.getBatch) return undefined;
        return (idx: Tensor) => {
          // Made at the first batch, kept for every later one: no scope around that first batch may free it.
          this.indexTensor ??= untracked(tensor(this.indices, { dtype: int64 }));
          return this.dataset.getBatch!(this.indexTensor.index_select(0, idx));
        };
      },
    });
  }
  __getitem__(index: number): T {
    return this.dataset.__getitem__(this.indices[checkIndex(index, this.indices.length)]);
  }
  __len__(): number {
    return this.indices.length;
  }
}

/** ConcatDataset(datasets): the datasets one after another. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: Dataset<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<Dataset<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new AssertionError("datasets should not be an empty iterable");
    this.datasets.forEach((d, i) => checkSized(d, `datasets[${i}]`));
    let total = 0;
    this.cumulative_sizes = this.datasets.map((d) => (total += d.__len__()));
  }
  __len__(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }
  __getitem__(index: number): T {
    if (index < 0) {
      if (-index > this.__len__()) throw new ValueError("absolute value of index should not exceed dataset length");
      index += this.__len__();
    }
    const which = this.cumulative_sizes.findIndex((end) => index < end);
    if (which < 0) throw new IndexError("list index out of range");
    const start = which === 0 ? 0 : this.cumulative_sizes[which - 1];
    return this.datasets[which].__getitem__(index - start);
  }
}

type Indexable = { __getitem__(index: number): unknown; __getitems__?(indices: number[]): unknown[] };
const itemOf = (d: unknown, index: number): unknown => (Array.isArray(d) ? d[index] : (d as Indexable).__getitem__(index));

/**
 * StackDataset(...datasets) or StackDataset({ name: dataset, ... }) (PyTorch 2.1 and later): datasets of one
 * length side by side, item i being the tuple (array) or dict of their items i.
 * @example const ds = new StackDataset({ image: images, text: texts }); ds.__getitem__(0); // { image, text }
 */
export class StackDataset<T = unknown> extends Dataset<T> {
  readonly datasets: unknown[] | Record<string, unknown>;
  readonly _length: number;
  constructor(...args: unknown[]) {
    super();
    if (!torchAtLeast(2, 1)) throw new NotImplementedError(`StackDataset is not in PyTorch ${libtorch_version} (it came in 2.1)`);
    const last = args[args.length - 1];
    const kwargs = last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype ? (args.pop() as Record<string, unknown>) : {};
    const named = Object.values(kwargs);
    if (args.length) {
      if (named.length) {
        throw new ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like input/output, but both types are given.");
      }
      this._length = len(args[0]);
      if (args.some((d) => len(d) !== this._length)) throw new ValueError("Size mismatch between datasets");
      this.datasets = args;
    } else if (named.length) {
      this._length = len(named[0]);
      if (named.some((d) => len(d) !== this._length)) throw new ValueError("Size mismatch between datasets");
      this.datasets = kwargs;
    } else throw new ValueError("At least one dataset should be passed");
  }
  __getitem__(index: number): T {
    if (Array.isArray(this.datasets)) return this.datasets.map((d) => itemOf(d, index)) as T;
    return Object.fromEntries(Object.entries(this.datasets).map(([k, d]) => [k, itemOf(d, index)])) as T;
  }
  /** The items at indices, each dataset asked for all of them at once where it has __getitems__. */
  __getitems__(indices: number[]): T[] {
    const column = (d: unknown): unknown[] => {
      if (typeof (d as Indexable).__getitems__ !== "function") return indices.map((i) => itemOf(d, i));
      const items = (d as Required<Indexable>).__getitems__(indices);
      if (items.length !== indices.length) throw new ValueError(`Nested dataset's output size mismatch. Expected ${indices.length}, got ${items.length}`);
      return items;
    };
    if (Array.isArray(this.datasets)) {
      const columns = this.datasets.map(column);
      return indices.map((_, j) => columns.map((c) => c[j]) as T);
    }
    const columns = Object.entries(this.datasets).map(([k, d]) => [k, column(d)] as const);
    return indices.map((_, j) => Object.fromEntries(columns.map(([k, c]) => [k, c[j]])) as T);
  }
  __len__(): number {
    return this._length;
  }
}

/**
 * random_split(dataset, lengths, generator?): disjoint Subsets of the given
 * lengths, or fractions summing to 1 (remainders spread round-robin), from
 * one randperm of the generator (the global one by default), as PyTorch does.
 */
export function random_split<T>(dataset: Dataset<T>, lengths: number[], generator?: Generator | { generator?: Generator }): Subset<T>[] {
  const gen = generator && "_handle" in generator ? generator : (generator as { generator?: Generator } | undefined)?.generator;
  checkSized(dataset, "dataset");
  if (!Array.isArray(lengths) || lengths.some((l) => typeof l !== "number")) throw expected("an array of lengths or fractions", "lengths", lengths);
  const n = dataset.__len__();
  const total = lengths.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    const sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    lengths = sizes;
  }
  if (lengths.reduce((a, b) => a + b, 0) !== n) throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  const perm = randperm(n, { generator: gen }).tolist() as number[];
  let offset = 0;
  return lengths.map((length) => {
    offset += length;
    return new Subset(dataset, perm.slice(offset - length, offset));
  });
}

/**
 * Samplers (torch/utils/data/sampler.py). RandomSampler consumes the global
 * random stream as PyTorch's does: at its first index it draws one int64,
 * seeds a fresh Generator with it and takes randperm(n) from that.
 */
import { arange, empty, randint, randperm } from "../../_generated/torch";
import { cat } from "../../_generated/torch";
import { as_tensor } from "../../creation";
import { float64, int64 } from "../../dtype";
import { expected, ValueError } from "../../errors";
import { Generator } from "../../generator";
import { untracked } from "../../memory";
import type { Tensor } from "../../tensor";

export type Sized = { __len__(): number };

/** A data source must have __len__() (a Dataset, a Sampler): anything else is a TypeError naming it. */
export function checkSized(x: unknown, name: string): asserts x is Sized {
  if (typeof (x as Partial<Sized> | null)?.__len__ !== "function") throw expected("a Dataset (an object with __len__())", name, x);
}

/** Python's len(): __len__() of a dataset or sampler, or an array's length. */
export function len(x: unknown): number {
  if (Array.isArray(x)) return x.length;
  const sized = x as Partial<Sized> & { length?: number };
  if (typeof sized.__len__ === "function") return sized.__len__();
  if (typeof sized.length === "number") return sized.length;
  throw new TypeError(`object of type '${(x as object)?.constructor?.name ?? typeof x}' has no len()`);
}

export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  /**
   * The same indices as iteration gives, as int64 tensors, drawing from the
   * random stream exactly when iteration would (at the first one): lets
   * BatchSampler hand out batches by slicing, not 60,000 numbers one by one.
   */
  indexChunks?(): Iterator<Tensor>;
  __len__?(): number;
  get length(): number {
    if (!this.__len__) throw new TypeError(`${this.constructor.name} has no length`);
    return this.__len__();
  }
}

/** Draws one int64 from the global stream (or `generator`), as `torch.empty((), dtype=torch.int64).random_()`. */
export function drawSeed(generator?: Generator | null): bigint {
  const t: Tensor = empty([], { dtype: int64 }).random_(generator ? { generator } : undefined);
  return (t.toTypedArray() as BigInt64Array)[0];
}

/** SequentialSampler(data_source): 0, 1, ..., n-1. */
export class SequentialSampler extends Sampler<number> {
  constructor(readonly data_source: Sized) {
    super();
    checkSized(data_source, "data_source");
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.__len__();
    for (let i = 0; i < n; i++) yield i;
  }
  *indexChunks(): Iterator<Tensor> {
    yield arange(this.data_source.__len__(), { dtype: int64 });
  }
  __len__(): number {
    return this.data_source.__len__();
  }
}

export type RandomSamplerOptions = { replacement?: boolean; num_samples?: number | null; generator?: Generator | null };

/** RandomSampler(data_source, { replacement, num_samples, generator }) */
export class RandomSampler extends Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;
  constructor(readonly data_source: Sized, options: RandomSamplerOptions = {}) {
    super();
    checkSized(data_source, "data_source");
    const { replacement = false, num_samples = null, generator = null } = options;
    if (typeof replacement !== "boolean") throw new TypeError(`replacement should be a boolean value, but got replacement=${replacement}`);
    this.replacement = replacement;
    this._num_samples = num_samples;
    this.generator = generator;
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
    }
  }
  get num_samples(): number {
    return this._num_samples ?? this.data_source.__len__();
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const chunk of { [Symbol.iterator]: () => this.indexChunks() }) yield* chunk.tolist() as number[];
  }
  *indexChunks(): Iterator<Tensor> {
    const n = this.data_source.__len__();
    const generator = this.generator ?? new Generator().manual_seed(drawSeed());
    const options = { dtype: int64, generator };
    if (this.replacement) {
      for (let i = 0; i < Math.floor(this.num_samples / 32); i++) yield randint(0, n, [32], options);
      yield randint(0, n, [this.num_samples % 32], options);
    } else {
      for (let i = 0; i < Math.floor(this.num_samples / n); i++) yield randperm(n, options);
      yield randperm(n, options).narrow(0, 0, this.num_samples % n);
    }
  }
  __len__(): number {
    return this.num_samples;
  }
}

/** SubsetRandomSampler(indices, { generator }): the indices in a random order. */
export class SubsetRandomSampler extends Sampler<number> {
  constructor(readonly indices: number[], readonly options: { generator?: Generator | null } = {}) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const perm = randperm(this.indices.length, { generator: this.options.generator }).tolist() as number[];
    for (const i of perm) yield this.indices[i];
  }
  __len__(): number {
    return this.indices.length;
  }
}

/**
 * WeightedRandomSampler(weights, num_samples, { replacement = true, generator }):
 * indices drawn by torch.multinomial over the weights (as float64), as
 * PyTorch's sampler draws them: one multinomial call per pass.
 * @example new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5)
 */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  constructor(weights: number[] | Tensor, readonly num_samples: number, options: { replacement?: boolean; generator?: Generator | null } | boolean = {}) {
    super();
    const { replacement = true, generator = null } = typeof options === "boolean" ? { replacement: options } : options;
    if (!Number.isInteger(num_samples) || num_samples <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${pyStr(num_samples)}`);
    }
    if (typeof replacement !== "boolean") throw new ValueError(`replacement should be a boolean value, but got replacement=${pyStr(replacement)}`);
    const w = untracked(as_tensor(weights, { dtype: float64 }));
    if (w.dim() !== 1) throw new ValueError(`weights should be a 1d sequence but given weights have shape ${pyTuple(w.shape)}`);
    this.weights = w;
    this.replacement = replacement;
    this.generator = generator;
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* this.weights.multinomial(this.num_samples, this.replacement, { generator: this.generator }).tolist() as number[];
  }
  __len__(): number {
    return this.num_samples;
  }
}

/** Python's str() of a JS value in a message: True/False/None as Python writes them. */
export function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}

/** A shape as Python prints a tuple: (), (3,), (2, 2). */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** BatchSampler(sampler, batch_size, drop_last): lists of indices. */
export class BatchSampler extends Sampler<number[]> {
  constructor(readonly sampler: Iterable<number> & Partial<Sized>, readonly batch_size: number, readonly drop_last: boolean) {
    super();
    if (!Number.isInteger(batch_size) || batch_size <= 0 || typeof batch_size === "boolean") {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batch_size}`);
    }
    if (typeof drop_last !== "boolean") throw new ValueError(`drop_last should be a boolean value, but got drop_last=${drop_last}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
  /** The same batches as int64 tensors, when the sampler gives its indices as tensors (else null). */
  batchTensors(): Iterator<Tensor> | null {
    const sampler = this.sampler as Partial<Sampler>;
    return typeof sampler.indexChunks === "function" ? this.sliceChunks(sampler.indexChunks()) : null;
  }
  private *sliceChunks(chunks: Iterator<Tensor>): Iterator<Tensor> {
    let pending: Tensor[] = [], count = 0;
    for (let r = chunks.next(); !r.done; r = chunks.next()) {
      // A chunk serves many batches: a scope around one batch (a tidy per training step) must not free it.
      const chunk = untracked(r.value), n = chunk.size(0);
      let at = 0;
      while (at < n) {
        const take = Math.min(this.batch_size - count, n - at);
        pending.push(chunk.narrow(0, at, take));
        count += take;
        at += take;
        if (count === this.batch_size) {
          yield pending.length === 1 ? pending[0] : cat(pending);
          pending = [];
          count = 0;
        }
      }
    }
    if (count > 0 && !this.drop_last) yield pending.length === 1 ? pending[0] : cat(pending);
  }
  __len__(): number {
    const n = len(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}

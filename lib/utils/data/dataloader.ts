/**
 * DataLoader (torch/utils/data/dataloader.py), in-process (num_workers 0).
 * Every pass draws one int64 from the global stream (or `generator`) as
 * PyTorch's iterator draws its base seed, so that a shuffled and an
 * unshuffled loader consume the random stream exactly as PyTorch's do.
 */
import { tensor } from "../../creation";
import { int64 } from "../../dtype";
import { expected, ValueError } from "../../errors";
import type { Generator } from "../../generator";
import { default_collate } from "./collate";
import type { Dataset } from "./dataset";
import { BatchSampler, RandomSampler, SequentialSampler, drawSeed, len } from "./sampler";

export type DataLoaderOptions<B> = {
  batch_size?: number | null;
  shuffle?: boolean;
  sampler?: Iterable<number> | null;
  batch_sampler?: Iterable<number[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: unknown[]) => B) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  generator?: Generator | null;
};

/**
 * DataLoader(dataset, { batch_size = 1, shuffle = false, sampler, batch_sampler, collate_fn, drop_last, generator })
 * @example for (const [X, y] of new DataLoader(trainset, { batch_size: 512, shuffle: true })) { ... }
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class DataLoader<B = any> implements Iterable<B> {
  readonly dataset: Dataset;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<number>;
  readonly batch_sampler: Iterable<number[]> | null;
  readonly generator: Generator | null;
  readonly collate_fn: (batch: unknown[]) => B;
  readonly num_workers = 0;
  private readonly customCollate: boolean;

  constructor(dataset: Dataset, options: DataLoaderOptions<B> = {}) {
    const { batch_size = 1, shuffle = false, sampler = null, batch_sampler = null, num_workers = 0, collate_fn = null, drop_last = false, generator = null } = options;
    if (num_workers < 0) throw new ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (num_workers > 0) throw new ValueError("torchnode's DataLoader loads in-process: use num_workers=0");
    if (sampler !== null && shuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
    } else if (batch_size === null && drop_last) {
      throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (typeof (dataset as Partial<Dataset> | null)?.__getitem__ !== "function") throw expected("a Dataset (an object with __getitem__())", "dataset", dataset);
    this.dataset = dataset;
    this.generator = generator;
    this.drop_last = drop_last;
    this.sampler = sampler ?? (shuffle ? new RandomSampler(dataset, { generator }) : new SequentialSampler(dataset));
    this.batch_size = batch_sampler !== null ? null : batch_size;
    this.batch_sampler = batch_sampler ?? (batch_size !== null ? new BatchSampler(this.sampler, batch_size, drop_last) : null);
    this.customCollate = collate_fn !== null;
    this.collate_fn = collate_fn ?? (default_collate as (batch: unknown[]) => B);
  }

  /** len(loader): the number of batches. */
  get length(): number {
    return len(this.batch_sampler ?? this.sampler);
  }
  __len__(): number {
    return this.length;
  }

  /** Like Python's iter(loader): the base seed is drawn now, batches come on demand. */
  [Symbol.iterator](): Iterator<B> {
    drawSeed(this.generator);
    return this.batches();
  }

  private *batches(): IterableIterator<B> {
    if (this.batch_sampler === null) {
      for (const i of this.sampler) yield this.dataset.__getitem__(i) as B;
      return;
    }
    const fast = !this.customCollate && this.dataset.getBatch;
    const tensors = fast && this.batch_sampler instanceof BatchSampler ? this.batch_sampler.batchTensors() : null;
    if (tensors) {
      for (let r = tensors.next(); !r.done; r = tensors.next()) yield this.dataset.getBatch!(r.value) as B;
      return;
    }
    for (const indices of this.batch_sampler) {
      if (fast) yield this.dataset.getBatch!(tensor(indices, { dtype: int64 })) as B;
      else yield this.collate_fn(indices.map((i) => this.dataset.__getitem__(i)));
    }
  }
}

/**
 * Fetchers (torch/utils/data/_utils/fetch.py): turn one index (or one batch
 * of indices) from the loader's sampler into one collated batch, in the main
 * thread or in a worker thread alike.
 */
import { tensor } from "../../creation";
import { int64 } from "../../dtype";
import { IterableDataset, type Dataset } from "./dataset";

/** What a fetch gives when an iterable dataset is exhausted (PyTorch raises StopIteration). */
export const StopIteration: unique symbol = Symbol("StopIteration");

export type Fetcher = { fetch(index: unknown): unknown };

export type FetcherOptions = {
  autoCollation: boolean;
  collate_fn: (batch: never) => unknown;
  drop_last: boolean;
  /** Whether collate_fn is default_collate: then a dataset's getBatch may serve whole batches. */
  defaultCollate: boolean;
};

export function createFetcher(dataset: Dataset | IterableDataset, options: FetcherOptions): Fetcher {
  return dataset instanceof IterableDataset ? iterableFetcher(dataset, options) : mapFetcher(dataset, options);
}

/** _IterableDatasetFetcher: iter(dataset) now; a batch is the next batch_size samples, or fewer at the end unless drop_last. */
function iterableFetcher(dataset: IterableDataset, { autoCollation, collate_fn, drop_last }: FetcherOptions): Fetcher {
  const it = dataset[Symbol.iterator]();
  const collate = collate_fn as (batch: unknown) => unknown;
  let ended = false;
  return {
    fetch(index: unknown) {
      if (ended) return StopIteration;
      if (!autoCollation) {
        const r = it.next();
        if (r.done) return StopIteration;
        return collate(r.value);
      }
      const wanted = (index as unknown[]).length;
      const data: unknown[] = [];
      while (data.length < wanted) {
        const r = it.next();
        if (r.done) {
          ended = true;
          break;
        }
        data.push(r.value);
      }
      if (data.length === 0 || (drop_last && data.length < wanted)) return StopIteration;
      return collate(data);
    },
  };
}

/** _MapDatasetFetcher: dataset[i] for each index of the batch, then collate_fn; getBatch when it gives the same result. */
function mapFetcher(dataset: Dataset, { autoCollation, collate_fn, defaultCollate }: FetcherOptions): Fetcher {
  const collate = collate_fn as (batch: unknown) => unknown;
  const fast = defaultCollate && typeof dataset.getBatch === "function";
  return {
    fetch(index: unknown) {
      if (!autoCollation) return collate(dataset.__getitem__(index as number));
      if (fast) return dataset.getBatch!(tensor(index as number[], { dtype: int64 }));
      return collate((index as number[]).map((i) => dataset.__getitem__(i)));
    },
  };
}

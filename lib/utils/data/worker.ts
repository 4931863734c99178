/**
 * get_worker_info (torch/utils/data/_utils/worker.py): inside a DataLoader
 * worker thread, who this worker is; null in the main thread.
 */
import type { Generator } from "../../generator";
import type { Dataset, IterableDataset } from "./dataset";

/** What get_worker_info() returns in a worker: PyTorch's WorkerInfo fields. */
export class WorkerInfo {
  constructor(
    /** This worker's id, 0 to num_workers - 1. */
    readonly id: number,
    /** How many workers the loader runs. */
    readonly num_workers: number,
    /** base_seed + id: what torch.manual_seed got in this worker (a bigint, as Python's int can exceed 2^53). */
    readonly seed: bigint,
    /** This worker's own copy of the dataset. */
    readonly dataset: Dataset | IterableDataset,
    /**
     * torchnode only: a Generator seeded with `seed`, the stream PyTorch's
     * worker gets from torch.manual_seed(seed). libtorch's default generator
     * is one for the whole process, shared with the main thread, so a worker
     * thread leaves it alone: draw with `{ generator: info.generator }` to get
     * the numbers a PyTorch worker draws from its global stream.
     */
    readonly generator: Generator,
  ) {
    Object.freeze(this);
  }
}

let current: WorkerInfo | null = null;

/**
 * get_worker_info(): the WorkerInfo of the DataLoader worker this code runs
 * in, or null in the main thread. An IterableDataset uses it to shard its
 * stream among workers; a worker_init_fn to seed other libraries.
 * @example
 * const info = get_worker_info();
 * const [start, step] = info === null ? [0, 1] : [info.id, info.num_workers];
 */
export function get_worker_info(): WorkerInfo | null {
  return current;
}

/** Set once by the worker thread's loop (./_worker_loop.ts), before worker_init_fn runs. */
export function setWorkerInfo(info: WorkerInfo): void {
  current = info;
}

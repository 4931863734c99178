/**
 * Datasets and functions that DataLoader worker threads re-create by module
 * path (test/data_golden.test.ts, test/workers.test.ts): the TypeScript twins
 * of scripts/golden_data.py's WorkerProbe, ShardedIterable and worker_init.
 */
import * as torch from "../../lib";
import { Dataset, IterableDataset, TensorDataset, get_worker_info } from "../../lib/utils/data";

const WORKER_STATE: { init?: number } = {};

/** worker_init_fn: leaves a mark in the worker that its dataset reads. */
export function worker_init(worker_id: number): void {
  WORKER_STATE.init = 1000 + 10 * worker_id;
}

/**
 * Item i: [i, worker id, worker seed (a string), the worker_init mark, torch.randint(1000) drawn in the worker]:
 * from the worker's seeded Generator, which is what PyTorch's worker draws from its reseeded global stream.
 */
export class WorkerProbe extends Dataset<[number, number, string, number, number]> {
  constructor(readonly n: number) {
    super();
  }
  __len__(): number {
    return this.n;
  }
  __getitem__(i: number): [number, number, string, number, number] {
    const info = get_worker_info();
    return [i, info === null ? -1 : info.id, info === null ? "" : String(info.seed), WORKER_STATE.init ?? -1, torch.randint(1000, [], { generator: info?.generator }).item()];
  }
}

/** Yields [value, worker id] for 0..n-1, each worker taking every num_workers-th value from its id. */
export class ShardedIterable extends IterableDataset<[number, number]> {
  constructor(readonly n: number) {
    super();
  }
  *[Symbol.iterator](): Iterator<[number, number]> {
    const info = get_worker_info();
    const [start, step] = info === null ? [0, 1] : [info.id, info.num_workers];
    for (let v = start; v < this.n; v += step) yield [v, info === null ? -1 : info.id];
  }
}

/** TensorDataset(X, y): X = arange(3n) as float32 viewed n x 3, y = arange(n) (int64). */
export function smallTensorDataset(n: number): TensorDataset {
  return new TensorDataset(torch.arange(3 * n).to(torch.float32).view(n, 3), torch.arange(n));
}

/** A collate_fn a worker can find: the sum of the batch's numbers. */
export function sumCollate(batch: number[]): number {
  return batch.reduce((a, b) => a + b, 0);
}

/** A dataset whose item 3 throws: the error must come back from the worker. */
export class Faulty extends Dataset<number> {
  __len__(): number {
    return 6;
  }
  __getitem__(i: number): number {
    if (i === 3) throw new torch.IndexError(`no item ${i}`);
    return i;
  }
}

/** For worker_dataset: made in each worker by calling this export (item i is i, none throws). */
export function makeRange(n: number): Faulty {
  return Object.assign(new Faulty(), { __len__: () => n, __getitem__: (i: number) => i });
}

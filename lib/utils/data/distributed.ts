/**
 * DistributedSampler (torch/utils/data/distributed.py): each rank takes every
 * num_replicas-th index of one permutation drawn from `seed + epoch`, padded
 * (or cut, with drop_last) to a multiple of num_replicas, so every rank sees
 * exactly the indices PyTorch's sampler gives it.
 */
import { randperm } from "../../_generated/torch";
import { expected, ValueError } from "../../errors";
import { Generator } from "../../generator";
import * as dist from "../../distributed/distributed_c10d";
import { checkSized, Sampler, type Sized } from "./sampler";

export type DistributedSamplerOptions = {
  num_replicas?: number | null;
  rank?: number | null;
  shuffle?: boolean;
  seed?: number;
  drop_last?: boolean;
};

/** DistributedSampler(dataset, { num_replicas, rank, shuffle = true, seed = 0, drop_last = false }); call set_epoch(e) each epoch. */
export class DistributedSampler extends Sampler<number> {
  readonly num_replicas: number;
  readonly rank: number;
  readonly num_samples: number;
  readonly total_size: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly drop_last: boolean;
  epoch = 0;

  constructor(readonly dataset: Sized, options: DistributedSamplerOptions = {}) {
    super();
    checkSized(dataset, "dataset");
    const { shuffle = true, seed = 0, drop_last = false } = options;
    const num_replicas = options.num_replicas ?? dist.get_world_size();
    const rank = options.rank ?? dist.get_rank();
    for (const [name, v] of [["num_replicas", num_replicas], ["rank", rank], ["seed", seed]] as const) {
      if (!Number.isInteger(v)) throw expected("an integer", name, v);
    }
    if (rank >= num_replicas || rank < 0) throw new ValueError(`Invalid rank ${rank}, rank should be in the interval [0, ${num_replicas - 1}]`);
    const n = dataset.__len__();
    this.num_replicas = num_replicas;
    this.rank = rank;
    this.drop_last = drop_last;
    this.num_samples = drop_last && n % num_replicas !== 0 ? Math.ceil((n - num_replicas) / num_replicas) : Math.ceil(n / num_replicas);
    this.total_size = this.num_samples * num_replicas;
    this.shuffle = shuffle;
    this.seed = seed;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataset.__len__();
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator();
      g.manual_seed(this.seed + this.epoch);
      indices = randperm(n, { generator: g }).tolist() as number[];
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.drop_last) {
      const padding = this.total_size - indices.length;
      const repeated = padding <= indices.length ? indices : Array.from({ length: Math.ceil(padding / indices.length) }, () => indices).flat();
      indices = indices.concat(repeated.slice(0, padding));
    } else {
      indices = indices.slice(0, this.total_size);
    }
    for (let i = this.rank; i < this.total_size; i += this.num_replicas) yield indices[i];
  }

  __len__(): number {
    return this.num_samples;
  }

  /** set_epoch(epoch): the permutation of the next pass comes from seed + epoch. */
  set_epoch(epoch: number): void {
    this.epoch = epoch;
  }
}

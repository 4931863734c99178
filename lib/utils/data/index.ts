/** torchnode/utils/data: torch.utils.data's datasets, samplers and DataLoader. */
export { Dataset, IterableDataset, TensorDataset, ChainDataset, Subset, ConcatDataset, StackDataset, random_split } from "./dataset";
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from "./sampler";
export { default_collate, default_convert } from "./collate";
export { DataLoader } from "./dataloader";
export { DistributedSampler } from "./distributed";
export { get_worker_info, WorkerInfo } from "./worker";
export type { DistributedSamplerOptions } from "./distributed";
export type { DataLoaderOptions } from "./dataloader";
export type { WorkerSpec } from "./_multiprocessing";

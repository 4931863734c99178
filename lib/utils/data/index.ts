/** torchnode/utils/data: torch.utils.data's datasets, samplers and DataLoader. */
export { Dataset, TensorDataset, Subset, ConcatDataset, random_split } from "./dataset";
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler } from "./sampler";
export { default_collate } from "./collate";
export { DataLoader } from "./dataloader";
export { DistributedSampler } from "./distributed";
export type { DistributedSamplerOptions } from "./distributed";
export type { DataLoaderOptions } from "./dataloader";

/**
 * torch.distributed: PyTorch's own c10d under Node — Gloo process groups
 * over TCPStore/FileStore rendezvous, collectives, and (in
 * torch.nn.parallel) DistributedDataParallel on c10d's Reducer.
 */
export * from "./distributed_c10d";
export { Store, TCPStore, FileStore, PrefixStore } from "./store";
export { all_gather_object, broadcast_object_list } from "./objects";

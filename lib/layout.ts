/**
 * torch.layout and torch.memory_format: the enum values Python passes to
 * factories and `contiguous`, with c10's codes (c10/core/Layout.h,
 * c10/core/MemoryFormat.h), which the native layer takes as they are.
 */
class TorchEnum {
  /** @internal */
  constructor(
    readonly name: string,
    readonly code: number,
  ) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** torch.layout */
export class layout extends TorchEnum {}
/** torch.memory_format */
export class memory_format extends TorchEnum {}

export const strided = new layout("strided", 0);
export const sparse_coo = new layout("sparse_coo", 1);
export const sparse_csr = new layout("sparse_csr", 2);
export const _mkldnn = new layout("_mkldnn", 3);
export const sparse_csc = new layout("sparse_csc", 4);
export const sparse_bsr = new layout("sparse_bsr", 5);
export const sparse_bsc = new layout("sparse_bsc", 6);

export const contiguous_format = new memory_format("contiguous_format", 0);
export const preserve_format = new memory_format("preserve_format", 1);
export const channels_last = new memory_format("channels_last", 2);
export const channels_last_3d = new memory_format("channels_last_3d", 3);

/**
 * c10d's key-value stores (torch.distributed.TCPStore, FileStore,
 * PrefixStore): where ranks meet. The same stores as PyTorch's, over the
 * same protocol, so a Node rank and a Python rank can share one.
 */
import { expected, RuntimeError } from "../errors";
import { native } from "../native";

/** The native store, for the process group to use. */
export type StoreHandle = { readonly __store: unique symbol };

/** Default store timeout, as PyTorch's (torch.distributed.constants.default_pg_timeout): 30 minutes. */
export const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

export function checkAvailable(): void {
  if (!native._dist_available) {
    throw new RuntimeError("torch.distributed is not available: this build of torchnode has no Gloo (on Debian: apt-get install libgloo-dev, then npx torchnode build)");
  }
}

function timeoutMs(timeout: unknown, name = "timeout"): number {
  if (typeof timeout !== "number" || !(timeout >= 0) || !Number.isFinite(timeout)) throw expected("a timeout in milliseconds", name, timeout);
  return Math.round(timeout);
}

/** torch.distributed.Store: set, get, add, check, wait through set_timeout. */
export class Store {
  /** @internal */
  readonly _handle: StoreHandle;
  /** @internal */
  constructor(handle: StoreHandle) {
    this._handle = handle;
  }
  /** store.set(key, value): value as a string or bytes. */
  set(key: string, value: string | Uint8Array): void {
    native._dist_store_set(this._handle, key, value);
  }
  /** store.get(key): the bytes, waiting for the key up to the store's timeout. */
  get(key: string): Buffer {
    return native._dist_store_get(this._handle, key);
  }
  /** store.add(key, amount): adds to the integer at key (0 when unset) and returns the sum. */
  add(key: string, amount: number): number {
    return native._dist_store_add(this._handle, key, amount);
  }
  /** store.check(keys): whether every key is set, without waiting. */
  check(keys: string[]): boolean {
    return native._dist_store_check(this._handle, keys);
  }
  /** store.set_timeout(ms) */
  set_timeout(timeout: number): void {
    native._dist_store_set_timeout(this._handle, timeoutMs(timeout));
  }
}

export type TCPStoreOptions = { timeout?: number; wait_for_workers?: boolean; multi_tenant?: boolean };

/**
 * torch.distributed.TCPStore(host_name, port, world_size, is_master, { timeout, wait_for_workers, multi_tenant }):
 * the master listens on port (0: any free port, see `port`), the others connect.
 */
export class TCPStore extends Store {
  constructor(host_name: string, port: number, world_size: number | null = null, is_master = false, options: TCPStoreOptions = {}) {
    checkAvailable();
    if (typeof host_name !== "string") throw expected("a host name", "host_name", host_name);
    const { timeout = 300_000, wait_for_workers = true, multi_tenant = false } = options;
    super(native._dist_tcp_store(host_name, port, world_size, is_master, timeoutMs(timeout), wait_for_workers, multi_tenant));
  }
  /** The port the master listens on. */
  get port(): number {
    return native._dist_tcp_store_port(this._handle);
  }
}

/** torch.distributed.FileStore(file_name, world_size): a store in a file every rank can reach. */
export class FileStore extends Store {
  constructor(file_name: string, world_size = -1) {
    checkAvailable();
    if (typeof file_name !== "string") throw expected("a file name", "file_name", file_name);
    super(native._dist_file_store(file_name, world_size));
  }
}

/** torch.distributed.PrefixStore(prefix, store): every key of `store` under `prefix/`. */
export class PrefixStore extends Store {
  readonly underlying_store: Store;
  constructor(prefix: string, store: Store) {
    if (!(store instanceof Store)) throw expected("a Store", "store", store);
    super(native._dist_prefix_store(prefix, store._handle));
    this.underlying_store = store;
  }
}

export { timeoutMs };

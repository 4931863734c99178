/**
 * torch.distributed's process groups and collectives, as
 * torch/distributed/distributed_c10d.py has them, on c10d's own Gloo process
 * group (native/distributed.cc). Store keys, group names and the store-based
 * barrier after creating a group are PyTorch's, those of the PyTorch whose
 * libtorch is loaded, so Node and Python ranks can join one job.
 */
import { expected, RuntimeError, ValueError } from "../errors";
import { native } from "../native";
import { Tensor } from "../tensor";
import { rendezvous } from "./rendezvous";
import { torchAtLeast } from "../version";
import { checkAvailable, DEFAULT_TIMEOUT_MS, PrefixStore, Store, timeoutMs } from "./store";

// Where c10d's Python changed, so that Node ranks keep joining Python ranks:
// 2.0 keeps a group's keys under "<name>/", its backend's under "<device>/"
// below that, new groups under the default group's store, and agrees on
// sequence numbers as each backend is made; 2.1 makes the store-based barrier
// opt-in (TORCH_DIST_INIT_BARRIER=1), keyed by group name, ended by the last
// rank's key; 2.2 raises ValueError for a second init; 2.14 drops sequence
// numbers (native/compat_c10d.h makes that call a no-op there).
const C10D_2_0 = torchAtLeast(2, 0);
const BARRIER_OPT_IN = torchAtLeast(2, 1);
const INIT_TWICE_VALUE_ERROR = torchAtLeast(2, 2);

/** torch.distributed.Backend */
export const Backend = { GLOO: "gloo", NCCL: "nccl", MPI: "mpi", UCC: "ucc" } as const;

/** torch.distributed.ReduceOp (c10d's codes). Gloo has no AVG: c10d says so. */
export const ReduceOp = { SUM: 0, AVG: 1, PRODUCT: 2, MIN: 3, MAX: 4, BAND: 5, BOR: 6, BXOR: 7 } as const;
export type ReduceOpCode = (typeof ReduceOp)[keyof typeof ReduceOp];

type Handle = { readonly __handle: unique symbol };

/** A c10d process group (ProcessGroupGloo): `rank()` and `size()` within the group. */
export class ProcessGroup {
  /** @internal */
  constructor(readonly _handle: Handle, private readonly backendName: string) {}
  rank(): number {
    return native._dist_group_rank(this._handle);
  }
  size(): number {
    return native._dist_group_size(this._handle);
  }
  /** The backend's name ("gloo"). */
  name(): string {
    return this.backendName;
  }
}

/**
 * The handle of a collective started with `async_op: true` (c10d's Work).
 * `wait()` blocks until it is done, as in PyTorch; `get_future()` resolves
 * without blocking Node's event loop (it waits on a worker thread).
 */
export class Work {
  /** @internal */
  constructor(readonly _handle: Handle) {}
  /** Blocks until the collective is done; throws what it threw (a timeout, a peer gone). */
  wait(timeout?: number): boolean {
    return native._dist_work_wait(this._handle, timeout === undefined ? undefined : timeoutMs(timeout));
  }
  is_completed(): boolean {
    return native._dist_work_is_completed(this._handle);
  }
  /** The rank a `recv` from any source received from. */
  _source_rank(): number {
    return native._dist_work_source_rank(this._handle);
  }
  /** A Promise for the end of the collective, awaited off the event loop. */
  get_future(): Promise<void> {
    return native._dist_work_promise(this._handle);
  }
}

// ---- the module's state, as distributed_c10d.py keeps it --------------------------------
type GroupInfo = { backend: string; store: Store; ranks: Map<number, number> | null; name: string };
let WORLD: ProcessGroup | null = null;
const groups = new Map<ProcessGroup, GroupInfo>();
let groupCount = 0;

/** The value new_group returns on ranks outside the group (GroupMember.NON_GROUP_MEMBER). */
export const NON_GROUP_MEMBER: unique symbol = Symbol("NON_GROUP_MEMBER");
export type Group = ProcessGroup | typeof NON_GROUP_MEMBER | null | undefined;

/** torch.distributed.GroupMember: WORLD (the default group) and NON_GROUP_MEMBER. */
export const GroupMember = {
  get WORLD(): ProcessGroup | null {
    return WORLD;
  },
  NON_GROUP_MEMBER,
};

/** torch.distributed.is_available(): whether this build has torch.distributed (Gloo). */
export function is_available(): boolean {
  return native._dist_available === true;
}
/** torch.distributed.is_initialized() */
export function is_initialized(): boolean {
  return WORLD !== null;
}
/** torch.distributed.is_gloo_available() */
export function is_gloo_available(): boolean {
  return is_available();
}
/** torch.distributed.is_nccl_available(): NCCL needs the CUDA flavour of torchnode, which is not built yet. */
export function is_nccl_available(): boolean {
  return false;
}

function defaultGroup(): ProcessGroup {
  if (!WORLD) throw new RuntimeError("Default process group has not been initialized, please make sure to call init_process_group.");
  return WORLD;
}

function groupOf(group: Group): ProcessGroup | null {
  if (group === NON_GROUP_MEMBER) return null;
  if (group === null || group === undefined) return defaultGroup();
  if (!(group instanceof ProcessGroup)) throw expected("a ProcessGroup", "group", group);
  defaultGroup();
  if (!groups.has(group)) throw new RuntimeError("Invalid process group specified");
  return group;
}

/** The rank of a global rank within `group`. */
function groupRank(group: ProcessGroup, globalRank: number): number {
  const ranks = groups.get(group)!.ranks;
  if (!ranks) return globalRank;
  const r = ranks.get(globalRank);
  if (r === undefined) throw new RuntimeError(`The global rank ${globalRank} is not part of the group ${groups.get(group)!.name}`);
  return r;
}

/** Python's _store_based_barrier: every rank adds itself to a key named after the group count, then waits for all. */
/**
 * _store_based_barrier after a group is made: every rank adds itself to the
 * group's key and waits for all. Up to 2.0 the key is named after the group
 * count and polled; from 2.1 after the group's name, and the last rank sets
 * `<key>:last_worker`.
 */
function storeBasedBarrier(rank: number, store: Store, name: string, timeout: number): void {
  const key = `store_based_barrier_key:${BARRIER_OPT_IN ? name : groupCount}`;
  const lastWorker = `${key}:last_worker`;
  const worldSize = get_world_size();
  if (store.add(key, 1) === worldSize && BARRIER_OPT_IN) store.set(lastWorker, "1");
  const done = () => (BARRIER_OPT_IN ? store.check([lastWorker]) : store.add(key, 0) === worldSize);
  const start = Date.now();
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!done()) {
    if (Date.now() - start > timeout) {
      throw new RuntimeError(
        `Timed out initializing process group in store based barrier on rank: ${rank}, for key: ${key} (world_size=${worldSize}, worker_count=${store.add(key, 0)}, timeout=${timeout / 1000}s)`,
      );
    }
    Atomics.wait(sleeper, 0, 0, 10); // Python sleeps 10 ms between polls
  }
}

/** Whether a new group ends with the store-based barrier: always up to 2.0, on request from 2.1. */
function barrierAfterInit(): boolean {
  return !BARRIER_OPT_IN || Number(process.env.TORCH_DIST_INIT_BARRIER ?? "0") === 1;
}

/**
 * _new_process_group_helper: a Gloo group of `size` ranks over `store`. The
 * group keeps the store its later groups and barriers use: from 2.0 its own
 * "<name>/" store, before that the store it was given.
 */
function newGroupHelper(size: number, rank: number | null, globalRanks: number[], backend: string, store: Store, timeout: number): ProcessGroup | typeof NON_GROUP_MEMBER {
  const name = String(groupCount++);
  if (rank === null) return NON_GROUP_MEMBER;
  if (backend !== Backend.GLOO) {
    throw new RuntimeError(`torchnode's torch.distributed has the gloo backend only (${backend} needs torchnode's CUDA flavour)`);
  }
  const groupStore = C10D_2_0 ? new PrefixStore(`${name}/`, store) : store;
  const backendStore = C10D_2_0 ? new PrefixStore("cpu/", groupStore) : new PrefixStore(name, store);
  const group = new ProcessGroup(native._dist_gloo(backendStore._handle, rank, size, timeout), backend);
  groups.set(group, { backend, store: groupStore, ranks: globalRanks.length ? new Map(globalRanks.map((g, i) => [g, i])) : null, name });
  if (C10D_2_0) native._dist_group_set_sequence_number(group._handle);
  return group;
}

export type InitOptions = {
  init_method?: string | null;
  /** Milliseconds (PyTorch's timedelta); 30 minutes by default. */
  timeout?: number;
  world_size?: number;
  rank?: number;
  store?: Store | null;
  group_name?: string;
};

/**
 * torch.distributed.init_process_group(backend, { init_method, rank, world_size, timeout, store }):
 * joins the default group. init_method is env:// by default (RANK, WORLD_SIZE,
 * MASTER_ADDR, MASTER_PORT), or tcp://host:port, or file:///path.
 * @example dist.init_process_group("gloo"); // under `npx torchnode run`
 */
export function init_process_group(backend: string = Backend.GLOO, options: InitOptions = {}): void {
  checkAvailable();
  const { init_method = null, timeout = DEFAULT_TIMEOUT_MS, world_size = -1, rank = -1, store = null } = options;
  const ms = timeoutMs(timeout);
  if (WORLD) throw new (INIT_TWICE_VALUE_ERROR ? ValueError : RuntimeError)("trying to initialize the default process group twice!");
  if (store !== null && init_method !== null) throw new ValueError("Cannot specify both init_method and store.");
  if (typeof backend !== "string" || !Object.values(Backend).includes(backend.toLowerCase() as never)) {
    throw new ValueError(`Invalid backend: '${String(backend)}'`);
  }
  let s: Store, r: number, ws: number;
  if (store !== null) {
    if (!(world_size > 0)) throw new ValueError("world_size must be positive if using store");
    if (!(rank >= 0)) throw new ValueError("rank must be non-negative if using store");
    [s, r, ws] = [store, rank, world_size];
  } else {
    ({ store: s, rank: r, world_size: ws } = withContext(`rendezvous at ${init_method ?? "env://"}`, ms, () => rendezvous(init_method ?? "env://", rank, world_size, ms)));
    s.set_timeout(ms);
  }
  const prefixed = new PrefixStore("default_pg", s);
  withContext(`rank ${r} of ${ws} joining the default group`, ms, () => {
    const group = newGroupHelper(ws, r, [], backend.toLowerCase(), prefixed, ms) as ProcessGroup;
    WORLD = group;
    try {
      if (barrierAfterInit()) storeBasedBarrier(r, prefixed, groups.get(group)!.name, ms);
      if (!C10D_2_0) native._dist_group_set_sequence_number(group._handle);
    } catch (e) {
      destroy_process_group();
      throw e;
    }
  });
}

/** c10d's failures during init (often just "Socket Timeout") with what was being done, and for how long. */
function withContext<T>(what: string, ms: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RuntimeError) || e instanceof ValueError) throw e;
    throw new RuntimeError(`init_process_group: ${what} failed (timeout ${ms / 1000} s; are all ranks started, with the same WORLD_SIZE, MASTER_ADDR and MASTER_PORT?): ${e.message}`);
  }
}

/** torch.distributed.destroy_process_group(group?): the default group destroys every group. */
export function destroy_process_group(group: Group = null): void {
  if (group === NON_GROUP_MEMBER) return;
  if (group === null || group === undefined || group === WORLD) {
    WORLD = null;
    groups.clear();
    groupCount = 0;
  } else {
    groups.delete(group);
  }
}

/**
 * torch.distributed.new_group(ranks?, { timeout, backend }): a group of some
 * ranks. Every rank of the default group must call it; ranks outside get
 * NON_GROUP_MEMBER.
 */
export function new_group(ranks: number[] | null = null, options: { timeout?: number; backend?: string } = {}): ProcessGroup | typeof NON_GROUP_MEMBER {
  const world = defaultGroup();
  const info = groups.get(world)!;
  const { timeout = DEFAULT_TIMEOUT_MS, backend = info.backend } = options;
  const globalRank = world.rank(), globalSize = world.size();
  let members: number[], size: number, rank: number | null;
  if (ranks !== null && ranks.length > 0) {
    members = [...ranks].sort((a, b) => a - b);
    size = members.length;
    if (size > globalSize) throw new RuntimeError("the new group's world size should be less or equal to the world size set by init_process_group");
    for (const r of members) {
      if (!Number.isInteger(r) || r < 0 || r >= globalSize) throw new RuntimeError("The new group's rank should be within the the world_size set by init_process_group");
    }
    rank = members.includes(globalRank) ? members.indexOf(globalRank) : null;
  } else {
    members = Array.from({ length: globalSize }, (_, i) => i);
    size = globalSize;
    rank = globalRank;
  }
  const name = String(groupCount);
  const group = newGroupHelper(size, rank, members, backend, info.store, timeoutMs(timeout));
  if (barrierAfterInit()) storeBasedBarrier(globalRank, info.store, name, timeoutMs(timeout));
  if (group !== NON_GROUP_MEMBER && !C10D_2_0) native._dist_group_set_sequence_number(group._handle);
  return group;
}

/** torch.distributed.get_rank(group?): this process's rank in the group; -1 outside it. */
export function get_rank(group: Group = null): number {
  const g = groupOf(group);
  return g ? g.rank() : -1;
}
/** torch.distributed.get_world_size(group?): -1 outside the group. */
export function get_world_size(group: Group = null): number {
  const g = groupOf(group);
  return g ? g.size() : -1;
}
/** torch.distributed.get_backend(group?) */
export function get_backend(group: Group = null): string {
  const g = groupOf(group);
  if (!g) throw new RuntimeError("Invalid process group specified");
  return groups.get(g)!.backend;
}

// ---- collectives ---------------------------------------------------------------------
export type CollectiveOptions = { group?: Group; async_op?: boolean };

function checkTensorArg(t: unknown, name: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`Invalid function argument. Expected parameter \`${name}\` to be of type torch.Tensor.`);
}
function checkTensorList(list: unknown, name: string): asserts list is Tensor[] {
  if (!Array.isArray(list) || !list.every((t) => t instanceof Tensor)) {
    throw new TypeError(`Invalid function argument. Expected parameter \`${name}\` to be of type List[torch.Tensor].`);
  }
}
function opCode(op: unknown): number {
  if (!Object.values(ReduceOp).includes(op as ReduceOpCode)) throw expected("a ReduceOp (dist.ReduceOp.SUM, ...)", "op", op);
  return op as number;
}

/**
 * Waits, then drops the Work at once, as Python's refcount drops it: Gloo's
 * barrier waits on every earlier Work still alive, and would rethrow a failure
 * the caller has already seen. `read` runs on the Work before it goes.
 */
function waitAndRelease<T>(work: Work, read?: (w: Work) => T): T | undefined {
  try {
    work.wait();
    return read?.(work);
  } finally {
    native._dist_work_release(work._handle);
  }
}

/** Runs the collective, or does nothing outside the group; waits unless async_op. */
function run(group: Group, async_op: boolean | undefined, start: (g: ProcessGroup) => Handle): Work | null {
  const g = groupOf(group);
  if (!g) return null; // PyTorch warns and returns: this rank is not in the group
  const work = new Work(start(g));
  if (async_op) return work;
  waitAndRelease(work);
  return null;
}

/** torch.distributed.all_reduce(tensor, { op, group, async_op }): in place, on every rank. */
export function all_reduce(tensor: Tensor, options: CollectiveOptions & { op?: ReduceOpCode } = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { op = ReduceOp.SUM, group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_allreduce(g._handle, [tensor], opCode(op)));
}

/** torch.distributed.broadcast(tensor, src, { group, async_op }): src's tensor, into every rank's. */
export function broadcast(tensor: Tensor, src: number, options: CollectiveOptions = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_broadcast(g._handle, [tensor], groupRank(g, src)));
}

/** torch.distributed.reduce(tensor, dst, { op, group, async_op }): the reduction lands in dst's tensor. */
export function reduce(tensor: Tensor, dst: number, options: CollectiveOptions & { op?: ReduceOpCode } = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { op = ReduceOp.SUM, group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_reduce(g._handle, [tensor], groupRank(g, dst), opCode(op)));
}

/** torch.distributed.all_gather(tensor_list, tensor, { group, async_op }): every rank's tensor, in rank order. */
export function all_gather(tensor_list: Tensor[], tensor: Tensor, options: CollectiveOptions = {}): Work | null {
  checkTensorList(tensor_list, "tensor_list");
  checkTensorArg(tensor, "tensor");
  const { group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_allgather(g._handle, [tensor_list], [tensor]));
}

/** torch.distributed.gather(tensor, gather_list?, { dst, group, async_op }): gather_list on dst only. */
export function gather(tensor: Tensor, gather_list: Tensor[] | null = null, options: CollectiveOptions & { dst?: number } = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { dst = 0, group = null, async_op = false } = options;
  return run(group, async_op, (g) => {
    const mine = g.rank() === groupRank(g, dst);
    if (mine) checkTensorList(gather_list, "gather_list");
    else if (gather_list && gather_list.length) throw new ValueError("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
    return native._dist_gather(g._handle, mine ? [gather_list] : [], [tensor], groupRank(g, dst));
  });
}

/** torch.distributed.scatter(tensor, scatter_list?, { src, group, async_op }): scatter_list on src only. */
export function scatter(tensor: Tensor, scatter_list: Tensor[] | null = null, options: CollectiveOptions & { src?: number } = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { src = 0, group = null, async_op = false } = options;
  return run(group, async_op, (g) => {
    const mine = g.rank() === groupRank(g, src);
    if (mine) checkTensorList(scatter_list, "scatter_list");
    else if (scatter_list && scatter_list.length) throw new ValueError("Argument ``scatter_list`` must NOT be specified on non-source ranks.");
    return native._dist_scatter(g._handle, [tensor], mine ? [scatter_list] : [], groupRank(g, src));
  });
}

/** torch.distributed.reduce_scatter(output, input_list, { op, group, async_op }), where the backend has it (Gloo does not). */
export function reduce_scatter(output: Tensor, input_list: Tensor[], options: CollectiveOptions & { op?: ReduceOpCode } = {}): Work | null {
  checkTensorArg(output, "output");
  checkTensorList(input_list, "input_list");
  const { op = ReduceOp.SUM, group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_reduce_scatter(g._handle, [output], [input_list], opCode(op)));
}

/** torch.distributed.barrier({ group, async_op }) */
export function barrier(options: CollectiveOptions = {}): Work | null {
  const { group = null, async_op = false } = options;
  return run(group, async_op, (g) => native._dist_barrier(g._handle));
}

export type P2POptions = { group?: Group; tag?: number };

/** torch.distributed.isend(tensor, dst, { group, tag }) */
export function isend(tensor: Tensor, dst: number, options: P2POptions = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { group = null, tag = 0 } = options;
  return run(group, true, (g) => native._dist_send(g._handle, [tensor], groupRank(g, dst), tag));
}
/** torch.distributed.send(tensor, dst, { group, tag }) */
export function send(tensor: Tensor, dst: number, options: P2POptions = {}): void {
  const work = isend(tensor, dst, options);
  if (work) waitAndRelease(work);
}
/** torch.distributed.irecv(tensor, src?, { group, tag }): from any rank when src is null. */
export function irecv(tensor: Tensor, src: number | null = null, options: P2POptions = {}): Work | null {
  checkTensorArg(tensor, "tensor");
  const { group = null, tag = 0 } = options;
  return run(group, true, (g) => native._dist_recv(g._handle, [tensor], src === null ? -1 : groupRank(g, src), tag));
}
/** torch.distributed.recv(tensor, src?, { group, tag }): returns the sender's rank (-1 outside the group). */
export function recv(tensor: Tensor, src: number | null = null, options: P2POptions = {}): number {
  const work = irecv(tensor, src, options);
  if (!work) return -1;
  const from = waitAndRelease(work, (w) => (src === null ? w._source_rank() : src))!;
  if (src !== null) return src;
  const g = groupOf(options.group ?? null)!;
  const ranks = groups.get(g)!.ranks;
  return ranks ? [...ranks].find(([, r]) => r === from)![0] : from;
}

/** DDP's state sync: tensors broadcast from src in buffers of up to buffer_size bytes (dist._broadcast_coalesced). */
export function _broadcast_coalesced(group: ProcessGroup, tensors: Tensor[], buffer_size: number, src = 0): void {
  native._dist_broadcast_coalesced(group._handle, tensors, buffer_size, src);
}

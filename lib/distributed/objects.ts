/**
 * Object collectives (all_gather_object, broadcast_object_list), as
 * distributed_c10d.py runs them: each object pickled into a uint8 tensor, the
 * sizes exchanged first, then the bytes. The encoding is safe both ways: the
 * pickle subset torch.load reads (plain data: numbers, strings, booleans,
 * null, arrays, objects, Maps), no code and no globals; a Python rank's pickles
 * of plain data read here, and ours read in Python.
 */
import { frombuffer, tensor } from "../creation";
import { empty, zeros } from "../_generated/torch";
import { expected } from "../errors";
import { int64, uint8 } from "../dtype";
import { cat } from "../_generated/torch";
import { pickle, unpickle, UnpicklingError } from "../serialization/pickle";
import { Tensor } from "../tensor";
import { all_gather, broadcast, get_rank, get_world_size, type Group } from "./distributed_c10d";

const PLAIN_DATA = {
  persistent_id: () => undefined,
  reduce: (obj: unknown) => {
    if (obj instanceof Tensor) throw new TypeError("object collectives carry plain data; send tensors with the tensor collectives");
    return undefined;
  },
};
const READ_PLAIN_DATA = {
  globals: {},
  persistent_load: () => {
    throw new UnpicklingError("object collectives carry plain data, not tensors or storages");
  },
};

/** Python's _object_to_tensor: [the pickle as uint8, its length as int64 [1]]. */
function objectToTensor(obj: unknown): [Tensor, Tensor] {
  const bytes = pickle(obj, PLAIN_DATA);
  return [frombuffer(Uint8Array.from(bytes), { dtype: uint8 }), tensor([BigInt(bytes.length)])];
}

function tensorToObject(t: Tensor, size: number): unknown {
  const bytes = t.narrow(0, 0, size).contiguous().toTypedArray() as Uint8Array;
  return unpickle(bytes, READ_PLAIN_DATA);
}

/**
 * torch.distributed.all_gather_object(object_list, obj, { group }): object_list[i]
 * becomes rank i's obj.
 * @example const all = new Array(dist.get_world_size()); dist.all_gather_object(all, { rank, loss });
 */
export function all_gather_object(object_list: unknown[], obj: unknown, options: { group?: Group } = {}): void {
  if (!Array.isArray(object_list)) throw expected("an array", "object_list", object_list);
  const { group = null } = options;
  if (get_rank(group) < 0) return; // not in the group
  const [input, localSize] = objectToTensor(obj);
  const size = get_world_size(group);
  const sizes = zeros([size], { dtype: int64 });
  all_gather(Array.from({ length: size }, (_, i) => sizes.narrow(0, i, 1)), localSize, { group });
  const counts = (sizes.tolist() as number[]).map(Number);
  const max = Math.max(...counts);
  const padded = max > input.numel() ? cat([input, zeros([max - input.numel()], { dtype: uint8 })]) : input;
  const coalesced = empty([max * size], { dtype: uint8 });
  const outputs = Array.from({ length: size }, (_, i) => coalesced.narrow(0, max * i, max));
  all_gather(outputs, padded, { group });
  for (let i = 0; i < size; i++) object_list[i] = tensorToObject(outputs[i], counts[i]);
}

/**
 * torch.distributed.broadcast_object_list(object_list, src = 0, { group }):
 * every rank's object_list becomes src's, in place (all ranks pass lists of
 * the same length).
 */
export function broadcast_object_list(object_list: unknown[], src = 0, options: { group?: Group } = {}): void {
  if (!Array.isArray(object_list)) throw expected("an array", "object_list", object_list);
  const { group = null } = options;
  const rank = get_rank();
  if (get_rank(group) < 0) return;
  const mine = rank === src;
  const pickled = mine ? object_list.map(objectToTensor) : [];
  const sizes = mine ? cat(pickled.map(([, n]) => n)) : empty([object_list.length], { dtype: int64 });
  broadcast(sizes, src, { group });
  const counts = (sizes.tolist() as number[]).map(Number);
  const total = counts.reduce((a, b) => a + b, 0);
  const bytes = mine ? cat(pickled.map(([t]) => t)) : empty([total], { dtype: uint8 });
  broadcast(bytes, src, { group });
  if (mine) return;
  let offset = 0;
  counts.forEach((n, i) => {
    object_list[i] = tensorToObject(bytes.narrow(0, offset, n), n);
    offset += n;
  });
}

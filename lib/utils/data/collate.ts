/**
 * default_convert and default_collate (torch/utils/data/_utils/collate.py): stacks tensors,
 * turns numbers into tensors and recurses into arrays and objects.
 * JS numbers that are all integers become int64 (Python ints: class labels),
 * others float64 (Python floats); bigints are int64, booleans bool.
 */
import { stack } from "../../_generated/torch";
import { as_tensor, tensor } from "../../creation";
import { bool, float64, int64 } from "../../dtype";
import { RuntimeError } from "../../errors";
import { Tensor } from "../../tensor";

export function default_collate(batch: unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (typeof elem === "number") {
    // PyTorch picks the rule by the first element: a float gives float64; an
    // int gives torch.tensor(batch): int64, or the default dtype if any is a float.
    const nums = batch as number[];
    if (!Number.isInteger(elem)) return tensor(nums, { dtype: float64 });
    return nums.every(Number.isInteger) ? tensor(nums, { dtype: int64 }) : tensor(nums);
  }
  if (typeof elem === "bigint") return tensor(batch as bigint[], { dtype: int64 });
  if (typeof elem === "boolean") return tensor(batch as boolean[], { dtype: bool });
  if (typeof elem === "string") return batch;
  if (elem instanceof Map) {
    return new Map([...elem.keys()].map((k) => [k, default_collate(batch.map((d) => (d as Map<unknown, unknown>).get(k)))]));
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((e) => (e as unknown[]).length === size)) throw new RuntimeError("each element in list of batch should be of equal size");
    return elem.map((_, i) => default_collate(batch.map((e) => (e as unknown[])[i])));
  }
  if (elem && typeof elem === "object" && Object.getPrototypeOf(elem) === Object.prototype) {
    return Object.fromEntries(Object.keys(elem).map((k) => [k, default_collate(batch.map((d) => (d as Record<string, unknown>)[k]))]));
  }
  throw new TypeError(`default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class '${pyTypeName(elem)}'>`);
}

/**
 * default_convert(data): what a DataLoader with batch_size=null applies to
 * each sample. PyTorch turns numpy arrays into tensors and recurses into
 * containers; JS's numpy arrays are TypedArrays, so those become tensors
 * (of their own dtype), arrays and plain objects (and Maps) are rebuilt with
 * their contents converted, and anything else comes back as it is.
 * @example default_convert([new Float32Array([1, 2]), 3]) // [tensor([1., 2.]), 3]
 */
export function default_convert(data: unknown): unknown {
  if (data instanceof Tensor) return data;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return as_tensor(data as Float32Array);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, default_convert(v)]));
  if (Array.isArray(data)) return data.map(default_convert);
  if (data && typeof data === "object" && Object.getPrototypeOf(data) === Object.prototype) {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, default_convert(v)]));
  }
  return data;
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "function") return "function";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

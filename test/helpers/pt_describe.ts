/**
 * Describes a loaded value the way scripts/golden_serialization.py describes
 * a Python one, so that the two can be compared as JSON.
 */
import * as torch from "../../lib";
import { nn } from "../../lib";
import { floatKeys, keyOrder, tuples } from "../../lib/serialization/pickle";
import { floatRepr } from "../../lib/_pyformat";

// The dtypes whose TypedArray holds their own bytes; the rest are described by their raw bytes.
const OWN_BYTES = new Set([torch.float32, torch.float64, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]);

function enc(t: torch.Tensor): unknown {
  const c = t.detach().contiguous();
  const view = OWN_BYTES.has(c.dtype) ? c : c.dtype === torch.bfloat16 || c.dtype === torch.float16 ? c.view(torch.int16) : c.reshape(-1).view(torch.uint8);
  const bytes = Buffer.from(view.toTypedArray().buffer);
  return { dtype: c.dtype.name, shape: [...c.shape], data: bytes.toString("base64") };
}

export function describe(v: unknown, isFloat = false): unknown {
  if (v instanceof torch.Tensor) {
    return { tensor: enc(v), requires_grad: v.requires_grad, parameter: v instanceof nn.Parameter, stride: v.stride(), offset: v.storage_offset() };
  }
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return { int: String(v) };
  if (typeof v === "number") return isFloat || !Number.isInteger(v) ? { float: pyFloat(v) } : { int: String(v) };
  if (v instanceof torch.Size) return { size: [...v] };
  if (v instanceof torch.device) return { device: String(v) };
  if (Array.isArray(v)) {
    const floats = floatKeys.get(v);
    const items = v.map((x, i) => describe(x, floats?.has(i)));
    return tuples.has(v) ? { tuple: items } : items;
  }
  if (typeof v === "object") {
    const obj = v as Record<string, unknown>;
    const floats = floatKeys.get(obj);
    const order = keyOrder.get(obj) ?? Object.keys(obj);
    const key = (k: string) => (/^(0|-?[1-9]\d*)$/.test(k) ? { int: k } : k);
    const d: Record<string, unknown> = { dict: order.map((k) => [key(k), describe(obj[k], floats?.has(k))]) };
    const meta = nn.stateDictMetadata(obj);
    if (meta) d.metadata = [...meta];
    return d;
  }
  throw new TypeError(`cannot describe ${typeof v}`);
}

const pyFloat = floatRepr;

/**
 * Sending a dataset, a collate_fn or a batch to another thread, as Python's
 * pickle sends them to a spawned worker process: functions and classes by
 * reference (the module that exports them and the export's name), objects as
 * their class and their own fields (rebuilt without calling the
 * constructor), tensors as their bytes, plain data as it is. What the
 * structured clone gives is the wire format; shared and cyclic references
 * are kept.
 */
import * as path from "node:path";
import { Callable } from "../../_callable";
import { tensor } from "../../creation";
import { dtype as Dtype } from "../../dtype";
import * as dtypes from "../../dtype";
import { TorchTypeError } from "../../errors";
import { Tensor } from "../../tensor";
import { Compose } from "../../transforms";

type Ref = { module: string; export: string };
type Wire =
  | null | undefined | boolean | number | bigint | string | ArrayBufferView
  | { $ref: number }
  | { $id: number; $tensor: { dtype: string; shape: number[]; data: ArrayBufferView } }
  | { $id: number; $array: Wire[] }
  | { $id: number; $map: [Wire, Wire][] }
  | { $id: number; $object: [string, Wire][] }
  | { $id: number; $function: Ref }
  | { $id: number; $new: Ref & { args: Wire } }
  | { $id: number; $instance: Ref & { callable: boolean; fields: [string, Wire][] } };

const exporters = new WeakMap<object, Ref | null>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Class = abstract new (...args: any[]) => object;
const reducers = new Map<Class, (obj: never) => unknown[]>();

/**
 * copyreg(cls, reduce): instances of cls travel as `new cls(...reduce(obj))`
 * (Python's copyreg.pickle), for classes whose fields hold closures made by
 * their constructor.
 */
export function copyreg<C extends Class>(cls: C, reduce: (obj: InstanceType<C>) => unknown[]): void {
  reducers.set(cls, reduce as (obj: never) => unknown[]);
}
// Compose keeps a batch function built from its transforms: rebuilt from them.
copyreg(Compose, (c) => [c.transforms]);

/** The module (a file name require() can load) and export name under which a loaded module exports value. */
export function findExport(value: object): Ref | null {
  if (exporters.has(value)) return exporters.get(value)!;
  let found: Ref | null = null;
  for (const [file, mod] of Object.entries(require.cache)) {
    const exports = mod?.exports as Record<string, unknown> | undefined;
    if (!exports || (typeof exports !== "object" && typeof exports !== "function") || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (exports === value) found = { module: file, export: "" };
    else {
      const key = Object.keys(exports).find((k) => {
        try {
          return exports[k] === value;
        } catch {
          return false;
        }
      });
      if (key !== undefined) found = { module: file, export: key };
    }
    if (found) break;
  }
  exporters.set(value, found);
  return found;
}

function unreachable(what: string, name: string): TorchTypeError {
  return new TorchTypeError(
    `Can't send ${what} ${name || "<anonymous>"} to a DataLoader worker: no loaded module exports it. ` +
      "Functions and classes travel by reference, as pickle sends them: define it in a module, export it, and import it from there.",
  );
}

/** value in a form the structured clone can carry to a worker thread. */
export function pickle(value: unknown, memo = new Map<unknown, number>()): Wire {
  if (value === null || value === undefined || typeof value !== "object" && typeof value !== "function") {
    if (typeof value === "symbol") throw new TorchTypeError(`Can't send the symbol ${String(value)} to a DataLoader worker`);
    return value as Wire;
  }
  if (memo.has(value)) return { $ref: memo.get(value)! };
  if (ArrayBuffer.isView(value)) return value;
  const $id = memo.size;
  memo.set(value, $id);
  if (value instanceof Tensor) {
    const t = value.detach().cpu().contiguous();
    return { $id, $tensor: { dtype: t.dtype.name, shape: [...t.shape], data: t.toTypedArray() } };
  }
  if (Array.isArray(value)) return { $id, $array: value.map((v) => pickle(v, memo)) };
  if (value instanceof Map) return { $id, $map: [...value].map(([k, v]) => [pickle(k, memo), pickle(v, memo)] as [Wire, Wire]) };
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    return { $id, $object: Object.entries(value).map(([k, v]) => [k, pickle(v, memo)] as [string, Wire]) };
  }
  if (typeof value === "function" && proto === Function.prototype) {
    const ref = findExport(value);
    if (!ref) throw unreachable("the function", value.name);
    return { $id, $function: ref };
  }
  // An instance: its class by reference, its own fields by value (pickle's default __reduce_ex__).
  const cls = (proto as { constructor?: object }).constructor;
  const ref = cls ? findExport(cls) : null;
  if (!ref) throw unreachable("an instance of the class", (cls as { name?: string } | undefined)?.name ?? "");
  const reduce = reducers.get(cls as Class);
  if (reduce) return { $id, $new: { ...ref, args: pickle(reduce(value as never), memo) } };
  const fields = Object.entries(value).map(([k, v]) => [k, pickle(v, memo)] as [string, Wire]);
  return { $id, $instance: { ...ref, callable: value instanceof Callable, fields } };
}

function load(ref: Ref): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(ref.module) as Record<string, unknown>;
  return ref.export === "" ? mod : mod[ref.export];
}

function dtypeNamed(name: string): Dtype {
  const d = (dtypes as unknown as Record<string, unknown>)[name];
  if (!(d instanceof Dtype)) throw new TorchTypeError(`unknown dtype ${name}`);
  return d;
}

/** The value pickle() described, rebuilt in this thread. */
export function unpickle(wire: Wire, memo = new Map<number, unknown>()): unknown {
  if (wire === null || typeof wire !== "object" || ArrayBuffer.isView(wire)) return wire;
  if ("$ref" in wire) return memo.get(wire.$ref);
  const keep = <T>(v: T): T => (memo.set(wire.$id, v), v);
  if ("$tensor" in wire) {
    const { dtype, shape, data } = wire.$tensor;
    return keep(tensor(data as Float32Array, { dtype: dtypeNamed(dtype) }).reshape(shape));
  }
  if ("$array" in wire) {
    const out = keep([] as unknown[]);
    for (const v of wire.$array) out.push(unpickle(v, memo));
    return out;
  }
  if ("$map" in wire) {
    const out = keep(new Map());
    for (const [k, v] of wire.$map) out.set(unpickle(k, memo), unpickle(v, memo));
    return out;
  }
  if ("$object" in wire) {
    const out = keep({} as Record<string, unknown>);
    for (const [k, v] of wire.$object) out[k] = unpickle(v, memo);
    return out;
  }
  if ("$function" in wire) return keep(load(wire.$function));
  if ("$new" in wire) {
    const Cls = load(wire.$new) as new (...args: unknown[]) => object;
    return keep(new Cls(...(unpickle(wire.$new.args, memo) as unknown[])));
  }
  const { callable, fields } = wire.$instance;
  const cls = load(wire.$instance) as { prototype: object };
  let obj: Record<string, unknown>;
  if (callable) {
    // As Callable's constructor makes its instances: a function whose prototype is the class's.
    const self = ((...args: unknown[]) => (self as unknown as { __call__(...a: unknown[]): unknown }).__call__(...args)) as unknown as Record<string, unknown>;
    delete self.name;
    delete self.length;
    Object.setPrototypeOf(self, cls.prototype);
    obj = self;
  } else obj = Object.create(cls.prototype) as Record<string, unknown>;
  keep(obj);
  for (const [k, v] of fields) Object.defineProperty(obj, k, { value: unpickle(v, memo), writable: true, enumerable: true, configurable: true });
  return obj;
}

/**
 * torch.save / torch.load, compatible with Python's both ways
 * (torch/serialization.py): a zip archive holding `data.pkl` (the object,
 * pickled with protocol 2) and one record per storage under `data/`.
 *
 * Values map as: dict ↔ plain object (a Map when keys are not str/int),
 * OrderedDict ↔ plain object (state dicts keep `_metadata`), list ↔ Array,
 * tuple ↔ Array (remembered as a tuple), int ↔ number (bigint beyond 2^53),
 * float ↔ number (a float Python wrote stays a float when saved back),
 * str, bool, None ↔ null, Tensor, nn.Parameter, torch.Size, torch.device, dtype.
 * Loading accepts only those (an allowlist, as Python's weights-only load).
 */
import * as path from "node:path";
import type { Writable } from "node:stream";
import { device as Device } from "../device";
import * as dtypes from "../dtype";
import { expected, RuntimeError } from "../errors";
import { empty } from "../_generated/torch";
import { readFile, withFile, writeAtomic } from "../_fs";
import { native } from "../native";
import { Size } from "../size";
import { Tensor } from "../tensor";
import { Parameter } from "../nn/parameter";
import { stateDictMetadata } from "../nn/modules/module";
import { PyDict, PyGlobal, keyOrder, pickle, tuples, unpickle, unpickleAt, UnpicklingError, type Globals, type UnpickleHooks } from "./pickle";
import { anyGlobal, PythonObject } from "./python_object";
import { bufferSource, fileSource, ZipReader, ZipWriter, type ByteSource } from "./zip";

export { PythonObject };

export { UnpicklingError };

// Storage classes by dtype, as PyTorch names them in pickles.
const STORAGE: [dtypes.dtype, string][] = [
  [dtypes.float32, "FloatStorage"], [dtypes.float64, "DoubleStorage"], [dtypes.float16, "HalfStorage"],
  [dtypes.bfloat16, "BFloat16Storage"], [dtypes.int64, "LongStorage"], [dtypes.int32, "IntStorage"],
  [dtypes.int16, "ShortStorage"], [dtypes.int8, "CharStorage"], [dtypes.uint8, "ByteStorage"], [dtypes.bool, "BoolStorage"],
  [dtypes.complex64, "ComplexFloatStorage"], [dtypes.complex128, "ComplexDoubleStorage"],
];
const storageName = new Map(STORAGE.map(([d, n]) => [d, n]));
const storageDtype = new Map(STORAGE.map(([d, n]) => [n, d]));
// Dtypes with no such class (PyTorch 2.x's newer ones, complex32) travel as
// bytes: an UntypedStorage, and the dtype as an argument of _rebuild_tensor_v3.
const UNTYPED = "torch.storage.UntypedStorage";

type StorageTensor = Tensor & { _storage_key(): string; _storage_numel(): number; _storage_bytes(): Buffer; _unsafe_storage_view(): Buffer | undefined; as_strided(size: number[], stride: number[], offset?: number): Tensor };
type StorageRef = { dtype: dtypes.dtype; key: string; location: string; numel: number };

// ---- save ----------------------------------------------------------------------

/**
 * torch.save(obj, f): writes obj as Python's torch.save does. `f` is a path
 * (written atomically: a temporary file in the same folder, fsync, rename)
 * or a Writable stream.
 * @example torch.save({ parameters: model.state_dict(), optimizer: optimizer.state_dict(), epoch }, "ckpt.pt")
 */
export function save(obj: unknown, f: string | Writable): Promise<void> | void {
  if (typeof f !== "string" && typeof (f as Writable | null)?.write !== "function") throw expected("a path or a Writable stream", "f", f);
  const name = typeof f === "string" ? path.basename(f).replace(/\.[^.]*$/, "") || "archive" : "archive";
  // A path is written before save returns, so storages can be written from
  // their own memory; a stream writes later, from copies.
  const buffers = serialize(obj, name, typeof f === "string");
  if (typeof f === "string") return writeAtomic(f, buffers);
  return new Promise((resolve, reject) => {
    const done = (e?: Error | null) => (e ? reject(e) : resolve());
    for (let i = 0; i < buffers.length; i++) {
      if (i === buffers.length - 1) f.write(buffers[i], done);
      else f.write(buffers[i]);
    }
  });
}

/**
 * The archive bytes of obj (what torch.save writes), as a list of buffers in
 * order. With `borrow`, CPU storages are views of the tensors' own memory,
 * valid only while the tensors live: the caller writes them at once.
 */
export function serialize(obj: unknown, archiveName = "archive", borrow = false): Buffer[] {
  const storages = new Map<string, { tensor: StorageTensor; key: string }>();
  const data = pickle(obj, {
    persistent_id(value) {
      if (!(value instanceof StorageOf)) return undefined;
      const t = value.tensor;
      const id = t._storage_key();
      let entry = storages.get(id);
      if (!entry) storages.set(id, (entry = { tensor: t, key: String(storages.size) }));
      const location = t.device.type === "cpu" ? "cpu" : t.device.toString();
      const storageType = storageName.get(t.dtype);
      if (!storageType) return tuple(["storage", new PyGlobal(UNTYPED), entry.key, location, t._storage_numel() * t.dtype.itemsize]);
      return tuple(["storage", new PyGlobal(`torch.${storageType}`), entry.key, location, t._storage_numel()]);
    },
    reduce(value) {
      if (value instanceof Tensor) {
        if (value.isDisposed) throw new RuntimeError("torch.save: a tensor in the object has been disposed");
        const t = value as StorageTensor;
        if (value instanceof Parameter) {
          return { global: "torch._utils._rebuild_parameter", args: [t.detach(), t.requires_grad, orderedDict(new Map())] };
        }
        // The storage travels as a persistent id (see persistent_id).
        const args = [new StorageOf(t), t.storage_offset(), tuple([...t.shape]), tuple(t.stride()), t.requires_grad, orderedDict(new Map())];
        if (!storageName.has(t.dtype)) return { global: "torch._utils._rebuild_tensor_v3", args: [...args, t.dtype] };
        return { global: "torch._utils._rebuild_tensor_v2", args };
      }
      if (value instanceof Size) return { global: "torch.Size", args: [tuple([...value])] };
      if (value instanceof Device) return { global: "torch.device", args: value.index === null ? [value.type] : [value.type, value.index] };
      if (value instanceof dtypes.dtype) return { global: `torch.${value.name}`, bare: true };
      if (isOrderedDict(value)) {
        const metadata = stateDictMetadata(value as object)!;
        const state = { _metadata: orderedDict(new Map([...metadata].map(([k, v]) => [k, { ...v }]))) };
        const order = keyOrder.get(value as object) ?? Object.keys(value as object);
        return { global: "collections.OrderedDict", args: tuple([]), items: order.filter((k) => k in (value as object)).map((k) => [k, (value as Record<string, unknown>)[k]] as [unknown, unknown]), state };
      }
      if (value instanceof OrderedDictMap) return { global: "collections.OrderedDict", args: tuple([]), items: [...value] };
      if (value instanceof Map || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) return undefined;
      throw new TypeError(`torch.save: cannot save an instance of ${(value as object).constructor?.name ?? "an unknown class"}`);
    },
  });
  const zip = new ZipWriter();
  zip.add(`${archiveName}/data.pkl`, data);
  zip.add(`${archiveName}/byteorder`, Buffer.from("little"));
  for (const { tensor, key } of storages.values()) {
    const borrowed = borrow && tensor.device.type === "cpu" ? tensor._unsafe_storage_view() : undefined;
    zip.add(`${archiveName}/data/${key}`, borrowed ?? tensor._storage_bytes());
  }
  zip.add(`${archiveName}/version`, Buffer.from("3\n"));
  return zip.finish();
}

/** Stands for a tensor's storage while pickling: written as a persistent id. */
class StorageOf {
  constructor(readonly tensor: StorageTensor) {}
}

/** A Map that is saved as a Python OrderedDict. */
export class OrderedDictMap<K = unknown, V = unknown> extends Map<K, V> {}
const orderedDict = (m: Map<unknown, unknown>) => new OrderedDictMap(m);
const tuple = <T>(items: T[]): T[] => {
  tuples.add(items);
  return items;
};
// A state dict: `_metadata` rides on it as a hidden (non-enumerable) Map.
function isOrderedDict(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const d = Object.getOwnPropertyDescriptor(value, "_metadata");
  return !!d && !d.enumerable && d.value instanceof Map;
}

// ---- load ------------------------------------------------------------------------

export type MapLocation = string | Device | Record<string, string> | ((storage: Tensor, location: string) => Tensor | string | undefined | null);
export type LoadOptions = { map_location?: MapLocation | null; weights_only?: boolean };

/**
 * torch.load(f, { map_location, weights_only = true }): reads what Python's
 * torch.save (or torchnode's) wrote, from a path or a Buffer. By default only
 * data, tensors and state dicts load (PyTorch 2.6's default): any other
 * Python global is an error naming it. With `weights_only: false`, for files
 * you trust, such objects load as their JavaScript twins or as PythonObjects
 * (lib/serialization/python_object.ts).
 */
export function load(f: string | Uint8Array, options: LoadOptions = {}): unknown {
  if (typeof f !== "string" && !(f instanceof Uint8Array)) throw expected("a path or a Buffer", "f", f);
  if (options.weights_only !== undefined && options.weights_only !== null && typeof options.weights_only !== "boolean") {
    throw expected("a boolean", "weights_only", options.weights_only);
  }
  checkMapLocation(options.map_location);
  if (typeof f !== "string") return loadFrom(bufferSource(Buffer.from(f.buffer, f.byteOffset, f.byteLength)), options);
  return withFile(f, (fd) => loadFrom(fileSource(fd), options, f));
}

function loadFrom(src: ByteSource, options: LoadOptions, file?: string): unknown {
  const head = src.bytes(0, 4);
  if (head.length >= 2 && head[0] === 0x80) return loadLegacy(file === undefined ? src.bytes(0, src.length) : readFile(file), options);
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    throw new RuntimeError("torch.load: not a PyTorch checkpoint (no zip archive and no pickle at the start of the file)");
  }
  const zip = new ZipReader(src);
  const pkl = [...zip.entries.keys()].find((n) => n.endsWith("/data.pkl") && n.split("/").length === 2) ?? (zip.has("data.pkl") ? "data.pkl" : undefined);
  if (!pkl) throw new RuntimeError("torch.load: the archive has no data.pkl record");
  const prefix = pkl.slice(0, -"data.pkl".length);
  if (zip.has(`${prefix}byteorder`) && zip.read(`${prefix}byteorder`).toString() !== "little") {
    throw new RuntimeError("torch.load: big-endian checkpoints are not supported");
  }
  const storages = new Map<string, Tensor>();
  return unpickle(zip.read(pkl), hooksFor(options, (ref) => {
    let t = storages.get(ref.key);
    if (t) return t;
    const record = `${prefix}data/${ref.key}`;
    const size = zip.size(record);
    const expected = ref.numel * ref.dtype.itemsize;
    if (!Number.isSafeInteger(expected) || size < expected) {
      throw new RuntimeError(`torch.load: storage '${ref.key}' should hold ${ref.numel} ${ref.dtype} elements but '${record}' has ${size} bytes`);
    }
    t = restore(readStorage(zip, record, ref.numel, ref.dtype), ref.location, options.map_location);
    storages.set(ref.key, t);
    return t;
  }));
}

/** A new CPU storage of `numel` elements filled from the record, read straight into it where this Node allows. */
function readStorage(zip: ZipReader, record: string, numel: number, dtype: dtypes.dtype): Tensor {
  const t = empty([numel], { dtype }) as StorageTensor;
  const view = t._unsafe_storage_view(); // used here only, while t is held
  if (view) {
    zip.readInto(record, view);
    return t;
  }
  return native._from_storage(zip.read(record).subarray(0, numel * dtype.itemsize), dtype) as Tensor;
}

// The pre-1.6 format: pickles of a magic number, the protocol version and
// system info, then the object, then the list of storage keys, then each
// storage's element count (int64) and bytes, in that order.
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
function loadLegacy(data: Buffer, options: LoadOptions): unknown {
  const plain: UnpickleHooks = { globals: {}, persistent_load: () => { throw new UnpicklingError("unexpected persistent id"); } };
  let at = 0;
  const next = (hooks: UnpickleHooks = plain) => {
    const r = unpickleAt(data, at, hooks);
    at = r.end;
    return r.value;
  };
  const magic = next();
  if (BigInt(magic as number | bigint) !== LEGACY_MAGIC) throw new RuntimeError("torch.load: Invalid magic number; corrupt file?");
  const version = next();
  if (version !== 1001) throw new RuntimeError(`torch.load: Invalid protocol version: ${String(version)}`);
  const sysInfo = next() as { little_endian?: boolean };
  if (sysInfo?.little_endian === false) throw new RuntimeError("torch.load: big-endian checkpoints are not supported");
  // Storages are made empty while unpickling, and filled once their data is reached.
  const storages = new Map<string, { tensor: Tensor; ref: StorageRef }>();
  const result = next(hooksFor(options, (ref, view) => {
    let entry = storages.get(ref.key);
    if (!entry) storages.set(ref.key, (entry = { tensor: native._from_storage(new Uint8Array(ref.numel * ref.dtype.itemsize), ref.dtype) as Tensor, ref }));
    if (view) throw new UnpicklingError("legacy storage views are not supported");
    return entry.tensor;
  }));
  const keys = next();
  if (!Array.isArray(keys)) throw new RuntimeError("torch.load: corrupt legacy checkpoint (no storage key list)");
  for (const key of keys) {
    const entry = storages.get(String(key));
    if (!entry) throw new RuntimeError(`torch.load: corrupt legacy checkpoint (storage '${String(key)}' is never used)`);
    if (at + 8 > data.length) throw new RuntimeError("torch.load: truncated legacy checkpoint");
    const numel = Number(data.readBigInt64LE(at));
    const nbytes = numel * entry.ref.dtype.itemsize;
    at += 8;
    if (numel !== entry.ref.numel || at + nbytes > data.length) throw new RuntimeError(`torch.load: truncated or corrupt storage '${String(key)}' in a legacy checkpoint`);
    entry.tensor.copy_(native._from_storage(data.subarray(at, at + nbytes), entry.ref.dtype) as Tensor);
    at += nbytes;
  }
  if (options.map_location) {
    for (const { tensor, ref } of storages.values()) {
      const moved = restore(tensor, ref.location, options.map_location);
      if (moved !== tensor) throw new RuntimeError("torch.load: map_location to another device is not supported for legacy checkpoints");
    }
  }
  return result;
}

/**
 * A tensor over a storage read from the archive, as _rebuild_tensor_v2/v3 make
 * it; with `dtype` (v3) the storage holds bytes, viewed as that dtype.
 */
function rebuildTensor(storage: unknown, offset: unknown, size: unknown, stride: unknown, requires_grad: unknown, dtype: unknown): Tensor {
  let base = storage as StorageTensor;
  if (!(base instanceof Tensor)) throw new UnpicklingError("_rebuild_tensor expects a storage");
  if (dtype !== null) {
    // The dtype comes as a bare GLOBAL (torch.uint16): the allowlist's factory for it.
    if (typeof dtype === "function") dtype = (dtype as () => unknown)();
    if (!(dtype instanceof dtypes.dtype)) throw new UnpicklingError("_rebuild_tensor_v3 expects a dtype");
    try {
      base = base.view(dtype) as StorageTensor;
    } catch (e) {
      // A dtype newer than this libtorch: the error says which PyTorch has it.
      throw new RuntimeError(`torch.load: a tensor of the checkpoint cannot be made: ${(e as Error).message}`);
    }
  }
  const t = base.as_strided(size as number[], stride as number[], offset as number);
  if (requires_grad) t.requires_grad_(true);
  return t;
}

/** The globals, persistent ids and BUILD a checkpoint may use (the allowlist; any global with weights_only: false). */
function hooksFor(options: LoadOptions, loadStorage: (ref: StorageRef, view: unknown) => Tensor): UnpickleHooks {
  const globals: Globals = {
    "collections.OrderedDict": () => Object.assign(new PyDict(), { ordered: true }),
    "torch._utils._rebuild_tensor_v2": (storage, offset, size, stride, requires_grad) => rebuildTensor(storage, offset, size, stride, requires_grad, null),
    // PyTorch 2.x's, for dtypes saved as bytes (an UntypedStorage).
    "torch._utils._rebuild_tensor_v3": (storage, offset, size, stride, requires_grad, _hooks, dtype) => rebuildTensor(storage, offset, size, stride, requires_grad, dtype),
    "torch._utils._rebuild_parameter": (data, requires_grad) => new Parameter(data as Tensor, requires_grad as boolean),
    "torch._utils._rebuild_parameter_with_state": (data, requires_grad) => new Parameter(data as Tensor, requires_grad as boolean),
    "torch.Size": (sizes) => Size.from_list(sizes as number[]),
    "torch.device": (type, index) => new Device(type as string, index === undefined || index === null ? undefined : (index as number)),
    "torch.nn.parameter.Parameter": (data, requires_grad) => new Parameter(data as Tensor, (requires_grad as boolean | undefined) ?? true),
  };
  for (const [name, d] of storageDtype) globals[`torch.${name}`] = () => ({ __storageType: d });
  globals[UNTYPED] = () => ({ __storageType: dtypes.uint8 });
  for (const d of dtypes.ALL) globals[`torch.${d.name}`] = () => d;
  return {
    globals,
    anyGlobal: options.weights_only === false ? anyGlobal : undefined,
    persistent_load(pid) {
      if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length < 5) throw new UnpicklingError(`unknown persistent id ${JSON.stringify(pid)}`);
      const [, type, key, location, numel, view] = pid as [string, unknown, string, string, number, unknown];
      const dtype = typeof type === "function" ? ((type as () => { __storageType: dtypes.dtype })().__storageType) : (type as { __storageType?: dtypes.dtype })?.__storageType;
      if (!dtype) throw new UnpicklingError(`unknown storage type in ${JSON.stringify(pid.slice(0, 1))}`);
      if (typeof key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel) || numel < 0) {
        throw new UnpicklingError("malformed storage reference");
      }
      return loadStorage({ dtype, key, location, numel }, view ?? null);
    },
    build(target, state) {
      if (target instanceof PyDict && target.ordered) {
        // An OrderedDict's instance dict: state dicts carry `_metadata` (module versions).
        const meta = (state as Record<string, unknown> | null)?._metadata;
        if (meta && typeof meta === "object" && !(meta instanceof Map)) {
          const order = keyOrder.get(meta) ?? Object.keys(meta);
          target.metadata = new Map(order.map((k) => [k, (meta as Record<string, Record<string, unknown>>)[k]]));
        }
        return target;
      }
      if (target instanceof Tensor) return target; // a tensor's or parameter's extra state: nothing to restore
      if (target instanceof PythonObject) return target.__setstate__(state);
      throw new UnpicklingError("BUILD on an unsupported object");
    },
  };
}

/** map_location is a device (string or torch.device), a mapping of locations, a function, or nothing. */
function checkMapLocation(mapLocation: unknown): void {
  if (mapLocation == null || typeof mapLocation === "string" || typeof mapLocation === "function" || typeof mapLocation === "object") return;
  throw expected("a device, a mapping of locations or a function", "map_location", mapLocation);
}

function restore(storage: Tensor, location: string, mapLocation: MapLocation | null | undefined): Tensor {
  let target: string | Device | undefined | null = location;
  if (typeof mapLocation === "function") {
    const r = mapLocation(storage, location);
    if (r instanceof Tensor) return r;
    target = r ?? location;
  } else if (typeof mapLocation === "string" || mapLocation instanceof Device) {
    target = mapLocation;
  } else if (mapLocation && typeof mapLocation === "object") {
    target = (mapLocation as Record<string, string>)[location] ?? location;
  }
  const where = String(target);
  if (where === "cpu") return storage;
  if (/^cuda(:\d+)?$/.test(where)) validateCudaDevice(where);
  return storage.to(where);
}

/** serialization.py's check before a storage goes to a CUDA device, with its advice. */
function validateCudaDevice(location: string): void {
  if (!native._cuda_is_available()) {
    throw new RuntimeError(
      "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, " +
        "please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.",
    );
  }
  const index = location.includes(":") ? Number(location.split(":")[1]) : 0;
  const count = native._cuda_device_count() as number;
  if (index >= count) {
    throw new RuntimeError(
      `Attempting to deserialize object on CUDA device ${index} but torch.cuda.device_count() is ${count}. Please use torch.load with map_location to map your storages to an existing device.`,
    );
  }
}

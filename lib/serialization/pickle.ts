/**
 * The pickle subset PyTorch checkpoints use, read and written in TypeScript
 * (read torch/_weights_only_unpickler.py for the semantics). The reader is a
 * stack machine with no recursion and an allowlist of globals, like Python's
 * weights-only unpickler: anything else is an error naming the global.
 */
import { RuntimeError } from "../errors";

export class UnpicklingError extends RuntimeError {
  constructor(message?: string) {
    super(message);
    Object.defineProperty(this, "name", { value: "UnpicklingError" });
  }
}

/** A global the unpickler may call: `module.name` → its implementation. */
export type Globals = Record<string, (...args: unknown[]) => unknown>;
/** What REDUCE/BUILD/persistent_load produce; hooks supplied by the loader. */
export type UnpickleHooks = {
  globals: Globals;
  persistent_load: (pid: unknown) => unknown;
  /** BUILD on an object a global made (OrderedDict's `_metadata`, Parameter state). */
  build?: (obj: unknown, state: unknown) => unknown;
  /** Globals outside `globals` (torch.load's weights_only: false); absent: they are errors. */
  anyGlobal?: (name: string) => (...args: unknown[]) => unknown;
};

/** A Python float that happens to be integral, while it sits on the stack. */
class FloatMark {
  constructor(readonly value: number) {}
}
/** A Python tuple: an Array marked so that saving writes a tuple again. */
export const tuples = new WeakSet<unknown[]>();
/** Keys (or indices) of a container whose integral number was a Python float. */
export const floatKeys = new WeakMap<object, Set<string | number>>();

function markFloat(container: object, key: string | number, value: unknown): unknown {
  if (value instanceof FloatMark) {
    let set = floatKeys.get(container);
    if (!set) floatKeys.set(container, (set = new Set()));
    set.add(key);
    return value.value;
  }
  return value;
}
function plain(value: unknown): unknown {
  return value instanceof FloatMark ? value.value : value;
}

/**
 * A Python dict while it is unpickled. It becomes a plain object when every
 * key is a str or an int (an OrderedDict too, with its `_metadata` hidden on
 * it, as state dicts carry it), else a Map.
 */
export class PyDict {
  readonly entries: [unknown, unknown][] = [];
  ordered = false;
  metadata?: Map<string, Record<string, unknown>>;
}

/**
 * obj[key] = value as a plain own field, whatever the key: a pickled dict key
 * "__proto__" is data, never the object's prototype.
 */
export function setOwn(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The keys of a dict in the order Python had them (plain objects reorder integer-like keys). */
export const keyOrder = new WeakMap<object, string[]>();

const finished = new WeakMap<PyDict, object>();
function toJs(dict: PyDict): object {
  const done = finished.get(dict);
  if (done) return done;
  let out: object;
  if (dict.entries.every(([k]) => typeof k === "string" || (typeof k === "number" && Number.isInteger(k)))) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of dict.entries) setOwn(obj, String(k), markFloat(obj, String(k), v));
    keyOrder.set(obj, dict.entries.map(([k]) => String(k)));
    if (dict.metadata) Object.defineProperty(obj, "_metadata", { value: dict.metadata, writable: true, configurable: true, enumerable: false });
    out = obj;
  } else {
    const map = new Map<unknown, unknown>();
    for (const [k, v] of dict.entries) map.set(plain(k), plain(v));
    out = map;
  }
  finished.set(dict, out);
  return out;
}

/** Reads one pickle. `hooks` supply the allowed globals and the storages. */
export function unpickle(data: Uint8Array, hooks: UnpickleHooks): unknown {
  return unpickleAt(data, 0, hooks).value;
}

/** Reads the pickle starting at byte `start`; also returns where it ended (legacy files hold several). */
export function unpickleAt(data: Uint8Array, start: number, hooks: UnpickleHooks): { value: unknown; end: number } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let p = start;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const need = (n: number) => {
    if (p + n > buf.length) throw new UnpicklingError("pickle data was truncated");
  };
  const pop = () => {
    if (stack.length === 0 || (marks.length && stack.length <= marks[marks.length - 1])) throw new UnpicklingError("unpickling stack underflow");
    return stack.pop();
  };
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) throw new UnpicklingError("could not find MARK");
    return stack.splice(m);
  };
  const top = () => {
    if (stack.length === 0) throw new UnpicklingError("unpickling stack underflow");
    return stack[stack.length - 1];
  };
  // Dicts stay PyDicts while being filled, and become JS values when used.
  const finish = (v: unknown): unknown => (v instanceof PyDict ? toJs(v) : v);
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof PyDict)) throw new UnpicklingError("SETITEM on something that is not a dict");
    for (let i = 0; i + 1 < items.length; i += 2) dict.entries.push([plain(items[i]), finish(items[i + 1])]);
  };
  const readLine = () => {
    const end = buf.indexOf(0x0a, p);
    if (end < 0) throw new UnpicklingError("pickle data was truncated");
    const s = buf.toString("latin1", p, end);
    p = end + 1;
    return s;
  };
  const callGlobal = (name: string) => {
    const fn = hooks.globals[name] ?? hooks.anyGlobal?.(name);
    if (!fn) throw new UnpicklingError(`Unsupported global: GLOBAL ${name} was not an allowed global by default (torchnode loads only tensors, state dicts and plain data; if you trust the file, torch.load(f, { weights_only: false }) loads it as a PythonObject)`);
    return Object.assign((...args: unknown[]) => fn(...args), { globalName: name });
  };

  for (;;) {
    need(1);
    const op = buf[p++];
    switch (op) {
      case 0x80: // PROTO
        need(1);
        if (buf[p++] > 5) throw new UnpicklingError(`unsupported pickle protocol ${buf[p - 1]}`);
        break;
      case 0x95: // FRAME
        need(8);
        p += 8;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw new UnpicklingError("pickle ended with a malformed stack");
        return { value: finish(stack[0]), end: p };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        need(1);
        stack.push(buf[p++]);
        break;
      case 0x4d: // BININT2
        need(2);
        stack.push(buf.readUInt16LE(p));
        p += 2;
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(buf.readInt32LE(p));
        p += 4;
        break;
      case 0x8a: // LONG1
      case 0x8b: { // LONG4
        const n = op === 0x8a ? (need(1), buf[p++]) : (need(4), (p += 4), buf.readUInt32LE(p - 4));
        if (n > 64) throw new UnpicklingError(`integer of ${n} bytes is too large`);
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[p + i]);
        if (n > 0 && buf[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);
        break;
      }
      case 0x47: { // BINFLOAT
        need(8);
        const v = buf.readDoubleBE(p);
        p += 8;
        stack.push(Number.isInteger(v) ? new FloatMark(v) : v);
        break;
      }
      case 0x58: // BINUNICODE
      case 0x8c: // SHORT_BINUNICODE
      case 0x8d: { // BINUNICODE8
        const n = op === 0x8c ? (need(1), buf[p++]) : op === 0x58 ? (need(4), (p += 4), buf.readUInt32LE(p - 4)) : (need(8), (p += 8), Number(buf.readBigUInt64LE(p - 8)));
        need(n);
        stack.push(buf.toString("utf8", p, p + n));
        p += n;
        break;
      }
      case 0x42: // BINBYTES
      case 0x43: { // SHORT_BINBYTES
        const n = op === 0x43 ? (need(1), buf[p++]) : (need(4), (p += 4), buf.readUInt32LE(p - 4));
        need(n);
        stack.push(Buffer.from(buf.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: { // EMPTY_TUPLE
        const t: unknown[] = [];
        tuples.add(t);
        stack.push(t);
        break;
      }
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: { // TUPLE3
        const n = op - 0x84;
        if (stack.length < n) throw new UnpicklingError("unpickling stack underflow");
        const items = stack.splice(stack.length - n);
        const t = items.map((v, i) => markFloatInto(items, i, v));
        tuples.add(t);
        stack.push(t);
        break;
      }
      case 0x74: { // TUPLE
        const items = popMark();
        const t = items.map((v, i) => markFloatInto(items, i, v));
        tuples.add(t);
        stack.push(t);
        break;
      }
      case 0x6c: { // LIST
        const items = popMark();
        const list: unknown[] = [];
        items.forEach((v, i) => list.push(markFloat(list, i, finish(v))));
        stack.push(list);
        break;
      }
      case 0x64: { // DICT
        const items = popMark();
        const d = new PyDict();
        setItems(d, items);
        stack.push(d);
        break;
      }
      case 0x61: { // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) throw new UnpicklingError("APPEND on something that is not a list");
        list.push(markFloat(list, list.length, finish(v)));
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw new UnpicklingError("APPENDS on something that is not a list");
        for (const v of items) list.push(markFloat(list, list.length, finish(v)));
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        need(1);
        memo.set(buf[p++], top());
        break;
      case 0x72: // LONG_BINPUT
        need(4);
        memo.set(buf.readUInt32LE(p), top());
        p += 4;
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: { // LONG_BINGET
        const i = op === 0x68 ? (need(1), buf[p++]) : (need(4), (p += 4), buf.readUInt32LE(p - 4));
        if (!memo.has(i)) throw new UnpicklingError(`memo key ${i} not found`);
        stack.push(memo.get(i));
        break;
      }
      case 0x63: { // GLOBAL
        const module = readLine();
        const name = readLine();
        stack.push(callGlobal(`${module}.${name}`));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof name !== "string" || typeof module !== "string") throw new UnpicklingError("STACK_GLOBAL needs two strings");
        stack.push(callGlobal(`${module}.${name}`));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        if (typeof fn !== "function" || !Array.isArray(args)) throw new UnpicklingError("REDUCE needs a callable and a tuple");
        stack.push(fn(...args.map((a) => finish(a))));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = pop();
        if (typeof cls !== "function" || !Array.isArray(args)) throw new UnpicklingError("NEWOBJ needs a class and a tuple");
        stack.push(cls(...args.map((a) => finish(a))));
        break;
      }
      case 0x62: { // BUILD
        const state = finish(pop());
        const obj = pop();
        if (!hooks.build) throw new UnpicklingError("BUILD is not supported here");
        stack.push(hooks.build(obj, state));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistent_load(finish(pop())));
        break;
      default:
        throw new UnpicklingError(`unsupported pickle opcode 0x${op.toString(16).padStart(2, "0")} at byte ${p - 1}`);
    }
  }

  function markFloatInto(items: unknown[], i: number, v: unknown): unknown {
    return markFloat(items, i, finish(v));
  }
}

// ---- writing -------------------------------------------------------------------

/** What the pickler asks its owner to turn into persistent ids or reductions. */
export type PickleHooks = {
  /** A persistent id (a tuple) for objects stored outside the pickle, or undefined. */
  persistent_id(obj: unknown): unknown[] | undefined;
  /** [global name, args, state?] for objects pickled by reduction (tensors, Size, device, dtype), or undefined. */
  reduce(obj: unknown): { global: string; args: unknown[]; state?: unknown; items?: [unknown, unknown][] } | { global: string; bare: true } | undefined;
};

/** A GLOBAL reference written as is (a dtype such as torch.float32). */
export class PyGlobal {
  constructor(readonly name: string) {}
}

export function pickle(value: unknown, hooks: PickleHooks): Buffer {
  const out: Buffer[] = [];
  let chunk = Buffer.alloc(1 << 16);
  let n = 0;
  const ensure = (k: number) => {
    if (n + k > chunk.length) {
      out.push(chunk.subarray(0, n));
      chunk = Buffer.alloc(Math.max(1 << 16, k));
      n = 0;
    }
  };
  const byte = (b: number) => {
    ensure(1);
    chunk[n++] = b;
  };
  const bytes = (b: Buffer) => {
    ensure(b.length);
    b.copy(chunk, n);
    n += b.length;
  };
  const memo = new Map<unknown, number>();
  const put = (obj: unknown) => {
    const i = memo.size;
    memo.set(obj, i);
    if (i < 256) {
      byte(0x71);
      byte(i);
    } else {
      byte(0x72);
      ensure(4);
      chunk.writeUInt32LE(i, n);
      n += 4;
    }
  };
  const get = (obj: unknown): boolean => {
    const i = memo.get(obj);
    if (i === undefined) return false;
    if (i < 256) {
      byte(0x68);
      byte(i);
    } else {
      byte(0x6a);
      ensure(4);
      chunk.writeUInt32LE(i, n);
      n += 4;
    }
    return true;
  };
  const globals = new Map<string, unknown>();
  const writeGlobal = (name: string) => {
    let key = globals.get(name);
    if (key !== undefined && get(key)) return;
    const dot = name.lastIndexOf(".");
    bytes(Buffer.from(`c${name.slice(0, dot)}\n${name.slice(dot + 1)}\n`, "latin1"));
    key = {};
    globals.set(name, key);
    put(key);
  };
  const writeInt = (v: number | bigint) => {
    if (typeof v === "number" && v >= 0 && v < 256) {
      byte(0x4b);
      byte(v);
    } else if (typeof v === "number" && v >= 0 && v < 65536) {
      byte(0x4d);
      ensure(2);
      chunk.writeUInt16LE(v, n);
      n += 2;
    } else if (typeof v === "number" && v >= -(2 ** 31) && v < 2 ** 31) {
      byte(0x4a);
      ensure(4);
      chunk.writeInt32LE(v, n);
      n += 4;
    } else {
      // LONG1: little-endian two's complement, as few bytes as needed.
      let b = BigInt(v);
      const out: number[] = [];
      for (;;) {
        const low = Number(b & 0xffn);
        out.push(low);
        b >>= 8n;
        if ((b === 0n && !(low & 0x80)) || (b === -1n && low & 0x80)) break;
      }
      byte(0x8a);
      byte(out.length);
      for (const x of out) byte(x);
    }
  };
  const writeFloat = (v: number) => {
    byte(0x47);
    ensure(8);
    chunk.writeDoubleBE(v, n);
    n += 8;
  };
  const writeNumber = (v: number, isFloat: boolean) => {
    if (!isFloat && Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) writeInt(v);
    else writeFloat(v);
  };
  const writeString = (s: string) => {
    const b = Buffer.from(s, "utf8");
    byte(0x58);
    ensure(4);
    chunk.writeUInt32LE(b.length, n);
    n += 4;
    bytes(b);
  };
  // Keys of plain objects that look like ints were ints in Python (optimizer state).
  const objectKey = (k: string): string | number => (/^(0|-?[1-9]\d{0,14})$/.test(k) ? Number(k) : k);

  // An explicit work stack instead of recursion, so that deep data cannot overflow.
  type Task = { value: unknown; isFloat?: boolean } | { op: number } | { fn: () => void };
  const tasks: Task[] = [{ value }];
  const seen = new Set<unknown>();
  const push = (...ts: Task[]) => tasks.push(...ts.reverse());
  byte(0x80);
  byte(2);
  while (tasks.length) {
    const task = tasks.pop()!;
    if ("op" in task) {
      byte(task.op);
      continue;
    }
    if ("fn" in task) {
      task.fn();
      continue;
    }
    const v = task.value;
    if (v === null || v === undefined) byte(0x4e);
    else if (v === true) byte(0x88);
    else if (v === false) byte(0x89);
    else if (typeof v === "number") writeNumber(v, !!task.isFloat);
    else if (typeof v === "bigint") writeInt(v);
    else if (typeof v === "string") writeString(v);
    else if (v instanceof PyGlobal) writeGlobal(v.name);
    else if (typeof v === "object") {
      if (get(v)) continue;
      const pid = hooks.persistent_id(v);
      if (pid) {
        push({ value: pid }, { fn: () => byte(0x51) });
        continue;
      }
      const red = hooks.reduce(v);
      if (red && "bare" in red) {
        writeGlobal(red.global);
        continue;
      }
      if (seen.has(v) && !memo.has(v)) throw new RuntimeError("torch.save: cannot save an object that contains itself");
      seen.add(v);
      if (red) {
        writeGlobal(red.global);
        const args = red.args;
        tuples.add(args);
        const after: Task[] = [{ fn: () => byte(0x52) }, { fn: () => put(v) }];
        if (red.items?.length) {
          after.push({ op: 0x28 });
          for (const [k, x] of red.items) after.push({ value: k }, { value: x, isFloat: floatKeys.get(v as object)?.has(k as string) });
          after.push({ op: 0x75 });
        }
        if (red.state !== undefined) after.push({ value: red.state }, { op: 0x62 });
        push({ value: args }, ...after);
      } else if (Array.isArray(v)) {
        const floats = floatKeys.get(v);
        if (tuples.has(v)) {
          push({ op: 0x28 }, ...v.map((x, i) => ({ value: x, isFloat: floats?.has(i) })), { op: 0x74 }, { fn: () => put(v) });
        } else {
          byte(0x5d);
          put(v);
          if (v.length) push({ op: 0x28 }, ...v.map((x, i) => ({ value: x, isFloat: floats?.has(i) })), { op: 0x65 });
        }
      } else {
        const entries: [unknown, unknown][] = v instanceof Map ? [...v] : Object.entries(v).map(([k, x]) => [objectKey(k), x]);
        const floats = floatKeys.get(v);
        byte(0x7d);
        put(v);
        if (entries.length) {
          const items: Task[] = [];
          for (const [k, x] of entries) items.push({ value: k }, { value: x, isFloat: floats?.has(typeof k === "number" ? String(k) : (k as string)) });
          push({ op: 0x28 }, ...items, { op: 0x75 });
        }
      }
    } else {
      throw new TypeError(`torch.save: cannot save a ${typeof v}`);
    }
  }
  byte(0x2e);
  out.push(chunk.subarray(0, n));
  return Buffer.concat(out);
}

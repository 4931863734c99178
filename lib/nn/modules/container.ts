/** Containers (torch/nn/modules/container.py): Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict. */
import { IndexError, KeyError, TorchTypeError, ValueError } from "../../errors";
import { binder, isOptions } from "../../_pydef";
import { pyTypeName } from "../../_pyformat";
import { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import { Parameter } from "../parameter";
import { Module, typename } from "./module";

/**
 * nn.Sequential(...modules) or nn.Sequential(new Map([[name, module], ...])):
 * children named "0", "1", ... (or as given), run in order. `seq[0]`,
 * `seq.at(-1)`, `seq.length`, `for (const m of seq)`, `seq.append(m)`.
 */
export class Sequential extends Module {
  [index: number]: Module;

  constructor(...args: Module[] | [Map<string, Module>]) {
    super();
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [key, module] of args[0]) this.add_module(key, module);
    } else {
      (args as Module[]).forEach((module, i) => this.add_module(String(i), module));
    }
  }

  get length(): number {
    return this._modules.size;
  }

  /** The module at `idx` (negative counts from the end), as `seq[idx]` in Python. */
  at(idx: number): Module {
    const n = this._modules.size;
    if (!(idx >= -n && idx < n)) throw new IndexError(`index ${idx} is out of range`);
    return [...this._modules.values()][idx < 0 ? idx + n : idx]!;
  }

  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** insert(index, module): shifts the modules after it, renumbering as Python does. */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`module should be of type: Module`);
    const n = this._modules.size;
    if (!(index >= -n && index <= n)) throw new IndexError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    const modules = [...this._modules.values()];
    modules.splice(index, 0, module);
    modules.forEach((m, i) => {
      this._modules.set(String(i), m);
      Reflect.defineProperty(this, String(i), { value: m, writable: true, enumerable: true, configurable: true });
    });
    return this;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) if (m) yield m;
  }

  forward<T>(input: T): T {
    let x: unknown = input;
    for (const module of this) x = module(x);
    return x as T;
  }
}

/** Python's _addindent: every line after the first indented by `n` spaces. */
function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  return [lines[0], ...lines.slice(1).map((l) => " ".repeat(n) + l)].join("\n");
}

/** _get_abs_string_index: a position (negative counts from the end) as its key. */
function absIndex(idx: number, length: number): string {
  if (!Number.isInteger(idx)) throw new TorchTypeError(`'${pyTypeName(idx)}' object cannot be interpreted as an integer`);
  if (!(idx >= -length && idx < length)) throw new IndexError(`index ${idx} is out of range`);
  return String(idx < 0 ? idx + length : idx);
}

function defineKey(target: object, key: string, value: unknown): void {
  Reflect.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * nn.ModuleList(modules = None): a list of registered children named "0", "1", ...
 * `list[0]`, `list.at(-1)`, `list.length`, `for (const m of list)`, append/extend/insert.
 */
export class ModuleList extends Module {
  [index: number]: Module;

  constructor(...args: [(Iterable<Module> | null)?] | [{ modules?: Iterable<Module> | null }]) {
    super();
    const [modules] = binder("ModuleList", "modules=None")(args) as [Iterable<Module> | null];
    if (modules !== null) this.extend(modules);
  }

  get length(): number {
    return this._modules.size;
  }

  /** The module at `idx` (negative counts from the end), as `list[idx]` in Python. */
  at(idx: number): Module {
    return this._modules.get(absIndex(idx, this._modules.size))!;
  }

  /** list[idx] = module */
  set(idx: number, module: Module): void {
    this.add_module(absIndex(idx, this._modules.size), module);
  }

  /** list[start:stop] as a new ModuleList (the same modules). */
  slice(start?: number, end?: number): ModuleList {
    return new (this.constructor as typeof ModuleList)([...this._modules.values()].slice(start, end) as Module[]);
  }

  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== "function") {
      throw new TorchTypeError(`ModuleList.extend should be called with an iterable, but got ${pyTypeName(modules)}`);
    }
    const offset = this._modules.size;
    [...modules].forEach((m, i) => this.add_module(String(offset + i), m));
    return this;
  }

  /** insert(index, module): the modules from `index` on move up one place, as Python's does. */
  insert(index: number, module: Module): void {
    const n = this._modules.size;
    for (let i = n; i > index; i--) {
      this._modules.set(String(i), this._modules.get(String(i - 1))!);
      defineKey(this, String(i), this._modules.get(String(i)));
    }
    this._modules.set(String(index), module);
    defineKey(this, String(index), module);
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) yield m!;
  }

  /** 2.x prints runs of equal modules once: "(0-2): 3 x Linear(...)". */
  toString(): string {
    if (!torchAtLeast(2)) return super.toString();
    const reprs = [...this].map(String);
    if (reprs.length === 0) return `${this._get_name()}()`;
    const blocks: [number, number, string][] = [[0, 0, reprs[0]]];
    reprs.slice(1).forEach((r, j) => {
      const last = blocks[blocks.length - 1];
      if (r === last[2]) last[1] += 1;
      else blocks.push([j + 1, j + 1, r]);
    });
    const lines = blocks.map(([s, e, b]) => addIndent(s === e ? `(${s}): ${b}` : `(${s}-${e}): ${e - s + 1} x ${b}`, 2));
    return `${this._get_name()}(\n  ${lines.join("\n  ")}\n)`;
  }
}

/**
 * A dict container's one argument: `{ modules: {...} }` (the keyword) or the
 * dict itself. An object whose only key is the keyword is the keyword unless
 * its value is an entry (a Module or Tensor).
 */
function keywordOnly(arg: unknown, keyword: string, entry: abstract new (...a: never[]) => unknown): unknown {
  if (isOptions(arg)) {
    const keys = Object.keys(arg);
    if (keys.length === 1 && keys[0] === keyword && !(arg[keyword] instanceof entry)) return arg[keyword] ?? null;
  }
  return arg;
}

type Entries<T> = Map<string, T> | Record<string, T> | Iterable<[string, T]>;
const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === "string" || (typeof v === "object" && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function");
/**
 * The key/value pairs of a dict container's update argument, refused as
 * PyTorch's update refuses them: a mapping gives its items, any other iterable
 * must yield pairs ("ModuleDict.update should be called with an iterable of
 * key/value pairs, but got int"; PyTorch spells ParameterDict's "ParametersDict").
 */
function entriesOf<T>(owner: string, items: Entries<T>): [string, T][] {
  if (items instanceof Map) return [...items];
  if (isOptions(items)) return Object.entries(items as Record<string, T>);
  if (!isIterable(items)) {
    const name = owner === "ParameterDict" ? "ParametersDict" : owner;
    throw new TorchTypeError(`${name}.update should be called with an iterable of key/value pairs, but got ${pyTypeName(items)}`);
  }
  return [...items].map((m, j) => {
    if (!isIterable(m)) throw new TorchTypeError(`${owner} update sequence element #${j} should be Iterable; is${pyTypeName(m)}`);
    const pair = [...m];
    if (pair.length !== 2) throw new ValueError(`${owner} update sequence element #${j} has length ${pair.length}; 2 is required`);
    return pair as [string, T];
  });
}

/** nn.ModuleDict(modules = None): registered children by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules: Entries<Module> | { modules?: Entries<Module> | null } | null = null) {
    super();
    const given = keywordOnly(modules, "modules", Module) as Entries<Module> | null;
    if (given !== null) this.update(given);
  }
  get length(): number {
    return this._modules.size;
  }
  /** dict[key] */
  get(key: string): Module {
    if (!this._modules.has(key)) throw new KeyError(`'${key}'`);
    return this._modules.get(key)!;
  }
  /** dict[key] = module */
  set(key: string, module: Module): void {
    this.add_module(key, module);
  }
  has(key: string): boolean {
    return this._modules.has(key);
  }
  /** del dict[key] */
  delete(key: string): void {
    this.pop(key);
  }
  pop(key: string): Module {
    const m = this.get(key);
    this._modules.delete(key);
    Reflect.deleteProperty(this, key);
    return m;
  }
  clear(): void {
    for (const k of [...this._modules.keys()]) this.pop(k);
  }
  keys(): string[] {
    return [...this._modules.keys()];
  }
  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }
  items(): [string, Module][] {
    return [...this._modules] as [string, Module][];
  }
  update(modules: Entries<Module> | ModuleDict): void {
    const entries = modules instanceof ModuleDict ? modules.items() : entriesOf("ModuleDict", modules);
    for (const [k, m] of entries) this.set(k, m);
  }
  /** Iteration yields the keys, as Python's does. */
  *[Symbol.iterator](): Iterator<string> {
    yield* this._modules.keys();
  }
}

const asParameter = (v: Tensor): Parameter => (v instanceof Parameter ? v : new Parameter(v));

/** The repr line of one entry: "Parameter containing: [torch.float32 of size 2x3]". */
function entryRepr(p: unknown, typeText: (t: Tensor) => string): string {
  if (!(p instanceof Tensor)) return `Object of type: ${pyTypeName(p)}`;
  const device = p.is_cuda ? (torchAtLeast(2) ? ` (${String(p.device)})` : ` (GPU ${p.get_device()})`) : "";
  return `${p instanceof Parameter ? "Parameter" : "Tensor"} containing: [${typeText(p)} of size ${[...p.shape].join("x")}${device}]`;
}

/** nn.ParameterList(values = None): parameters named "0", "1", ... (tensors become Parameters). */
export class ParameterList extends Module {
  [index: number]: Parameter;
  declare _size: number;

  constructor(...args: [(Iterable<Tensor> | null)?] | [{ values?: Iterable<Tensor> | null }]) {
    super();
    const [values] = binder("ParameterList", "values=None")(args) as [Iterable<Tensor> | null];
    this._size = 0;
    if (values !== null) this.extend(values);
  }
  get length(): number {
    return this._size;
  }
  at(idx: number): Parameter {
    return this._parameters.get(absIndex(idx, this._size))!;
  }
  set(idx: number, param: Tensor): void {
    this.register_parameter(absIndex(idx, this._size), asParameter(param));
  }
  append(value: Tensor): this {
    const i = this._size;
    this._size += 1;
    this.set(i, value);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    if (!isIterable(values)) throw new TorchTypeError(`ParameterList.extend should be called with an iterable, but got ${pyTypeName(values)}`);
    for (const v of values) this.append(v as Tensor);
    return this;
  }
  *[Symbol.iterator](): Iterator<Parameter> {
    for (let i = 0; i < this._size; i++) yield this.at(i);
  }
  extra_repr(): string {
    return [...this].map((p, k) => `  (${k}): ${entryRepr(p, (t) => `torch.${t.dtype.name}`)}`).join("\n");
  }
}

/** nn.ParameterDict(parameters = None): parameters by name, in insertion order (tensors become Parameters). */
export class ParameterDict extends Module {
  declare _keys: Map<string, null>;
  constructor(parameters: Entries<Tensor> | { parameters?: Entries<Tensor> | null } | null = null) {
    super();
    this._keys = new Map();
    const given = keywordOnly(parameters, "parameters", Tensor) as Entries<Tensor> | null;
    if (given !== null) this.update(given);
  }
  get length(): number {
    return this._keys.size;
  }
  get(key: string): Parameter {
    if (!this._keys.has(key)) throw new KeyError(`'${key}'`);
    return this._parameters.get(key)!;
  }
  set(key: string, value: Tensor): void {
    this._keys.set(key, null);
    this.register_parameter(key, asParameter(value));
  }
  has(key: string): boolean {
    return this._keys.has(key);
  }
  delete(key: string): void {
    this.pop(key);
  }
  pop(key: string): Parameter {
    const v = this.get(key);
    this._keys.delete(key);
    this._parameters.delete(key);
    Reflect.deleteProperty(this, key);
    return v;
  }
  keys(): string[] {
    return [...this._keys.keys()];
  }
  values(): Parameter[] {
    return this.keys().map((k) => this.get(k));
  }
  items(): [string, Parameter][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }
  /** A plain object (Python's dict) goes in key order, as Python's update sorts a dict; a Map or ParameterDict in its own order. */
  update(parameters: Entries<Tensor> | ParameterDict): void {
    if (parameters instanceof ParameterDict) parameters = parameters.items();
    const entries = entriesOf("ParameterDict", parameters as Entries<Tensor>);
    if (isOptions(parameters)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) this.set(k, v);
  }
  *[Symbol.iterator](): Iterator<string> {
    yield* this._keys.keys();
  }
  extra_repr(): string {
    return this.items().map(([k, p]) => `  (${k}): ${entryRepr(p, typename)}`).join("\n");
  }
}

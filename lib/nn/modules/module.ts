/**
 * nn.Module, reading like torch/nn/modules/module.py.
 *
 * A Module is callable (`model(X)` runs `forward`, as Python's `__call__`
 * does) and registers what is assigned to it: a Module, an nn.Parameter or a
 * tensor assigned to a registered buffer name lands in `_modules`,
 * `_parameters` or `_buffers` in assignment order, as Python's `__setattr__`
 * puts it. Both work for class fields (`h1 = new nn.Linear(784, 16)`) and for
 * assignments in a constructor. To get there, the constructor returns a Proxy
 * over a function whose prototype is the subclass's: the function makes the
 * module callable, the Proxy's traps do the registering.
 */
import * as dtypes from "../../dtype";
import { describe, KeyError, RuntimeError, TorchTypeError, ValueError } from "../../errors";
import { Tensor, type DeviceLike } from "../../tensor";
import { no_grad } from "../../autograd/grad_mode";
import { empty_like } from "../../_generated/torch";
import { Parameter } from "../parameter";
import { torchAtLeast } from "../../version";

/** PyTorch's state dict: keys in order; each module's version rides along as a hidden `_metadata` Map (see stateDictMetadata). */
export type StateDict = Record<string, Tensor>;
type Metadata = Map<string, Record<string, unknown>>;
/** The `_metadata` Python attaches to a state dict ({"": {version: 1}, "h1": ...}), if any. */
export function stateDictMetadata(sd: object): Metadata | undefined {
  return (sd as { _metadata?: Metadata })._metadata;
}
export type IncompatibleKeys = { missing_keys: string[]; unexpected_keys: string[] };
type ForwardPreHook = (module: Module, args: unknown[]) => unknown[] | unknown | undefined;
type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;
type ToOptions = { device?: DeviceLike; dtype?: dtypes.dtype; non_blocking?: boolean };

/** A handle that removes the hook it was returned for. */
export class RemovableHandle {
  constructor(private readonly hooks: Map<number, unknown>, readonly id: number) {}
  remove(): void {
    this.hooks.delete(this.id);
  }
}
let nextHookId = 0;

/** torch.typename(obj): 'torch.FloatTensor' for tensors, the class name otherwise. */
export function typename(obj: unknown): string {
  if (obj instanceof Tensor) {
    const names: Record<string, string> = {
      float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16", int64: "Long", int32: "Int",
      int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool", complex64: "ComplexFloat", complex128: "ComplexDouble",
    };
    return `torch.${obj.is_cuda ? "cuda." : ""}${names[obj.dtype.name]}Tensor`;
  }
  if (obj === null || obj === undefined) return "NoneType";
  if (typeof obj === "object" || typeof obj === "function") return (obj as object).constructor?.name ?? "object";
  return typeof obj;
}

/** The default of zero_grad's set_to_none: False up to PyTorch 1.x, True from 2.0. */
export const SET_TO_NONE_DEFAULT = torchAtLeast(2);

/** tensor.data = value, or false where libtorch refuses it as an incompatible tensor type (a meta tensor onto a CPU one). */
function setData(tensor: Tensor, value: Tensor): boolean {
  try {
    (tensor as unknown as { _set_data(t: Tensor): void })._set_data(value);
    return true;
  } catch (e) {
    if (e instanceof RuntimeError && /incompatible tensor type/.test(e.message)) return false;
    throw e;
  }
}

/** A tensor made by nn.Buffer (it carries `_is_buffer` and `persistent`, as Python's does). */
function isBufferTagged(value: unknown): value is Tensor & { persistent?: boolean } {
  return value instanceof Tensor && (value as unknown as { _is_buffer?: boolean })._is_buffer === true;
}

// What __setattr__ does with a value, when the value is one a Module tracks.
function assign(target: Module, name: string, value: unknown): boolean {
  const { _parameters: params, _buffers: buffers, _modules: modules } = target;
  if (value instanceof Parameter) {
    buffers.delete(name);
    modules.delete(name);
    target._non_persistent_buffers_set.delete(name);
    params.set(name, value);
  } else if (params.has(name)) {
    if (value != null) throw new TypeError(`cannot assign '${typename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    params.set(name, null);
  } else if (value instanceof Module) {
    params.delete(name);
    buffers.delete(name);
    target._non_persistent_buffers_set.delete(name);
    modules.set(name, value);
  } else if (modules.has(name)) {
    if (value != null) throw new TypeError(`cannot assign '${typename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    modules.set(name, null);
  } else if (isBufferTagged(value)) {
    // 2.x's nn.Buffer: registered as a buffer with its own persistence, as __setattr__ does.
    params.delete(name);
    modules.delete(name);
    target.register_buffer(name, value, value.persistent !== false);
    return true;
  } else if (buffers.has(name)) {
    if (value != null && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    buffers.set(name, (value as Tensor | null | undefined) ?? null);
  } else {
    return false;
  }
  Reflect.defineProperty(target, name, { value: value ?? null, writable: true, enumerable: true, configurable: true });
  return true;
}

function isRegistered(target: Module, name: string): boolean {
  return target._parameters.has(name) || target._buffers.has(name) || target._modules.has(name);
}

const handler: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key === "string" && assign(target, key, value)) return true;
    return Reflect.set(target, key, value, receiver);
  },
  defineProperty(target, key, desc) {
    if (typeof key === "string" && "value" in desc) {
      // A TS field declared without initialiser must not unregister what a
      // base class's constructor registered under that name.
      if (desc.value === undefined && isRegistered(target, key)) return true;
      if (assign(target, key, desc.value)) return true;
    }
    return Reflect.defineProperty(target, key, desc);
  },
  deleteProperty(target, key) {
    if (typeof key === "string") {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._non_persistent_buffers_set.delete(key);
      target._modules.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

function hidden(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
}

function checkName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string") throw new TypeError(`${kind} name should be a string. Got ${typename(name)}`);
  if (name.includes(".")) throw new KeyError(`${kind} name can't contain "."${kind === "module" ? `, got: ${name}` : ""}`);
  if (name === "") throw new KeyError(`${kind} name can't be empty string ""`);
}

/**
 * Base class for all neural network modules (torch.nn.Module).
 * @example
 * class MLP extends nn.Module {
 *   h1 = new nn.Linear(784, 16);
 *   out = new nn.Linear(16, 10);
 *   forward(X: Tensor) { return this.out(this.h1(X).relu()); }
 * }
 */
// Declaration merging gives instances their call signature (see the interface below).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Module {
  static _version = 1;
  declare _parameters: Map<string, Parameter | null>;
  declare _buffers: Map<string, Tensor | null>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _modules: Map<string, Module | null>;
  declare _forward_pre_hooks: Map<number, ForwardPreHook>;
  declare _forward_hooks: Map<number, ForwardHook>;
  declare training: boolean;

  constructor() {
    const ref: { self?: Module } = {};
    // An arrow function has no `prototype` of its own to clash with fields.
    const callable = ((...args: unknown[]) => ref.self!._call_impl(...args)) as unknown as Module;
    delete (callable as unknown as { name?: string }).name;
    delete (callable as unknown as { length?: number }).length;
    Object.setPrototypeOf(callable, new.target.prototype);
    hidden(callable, "_parameters", new Map());
    hidden(callable, "_buffers", new Map());
    hidden(callable, "_non_persistent_buffers_set", new Set());
    hidden(callable, "_modules", new Map());
    hidden(callable, "_forward_pre_hooks", new Map());
    hidden(callable, "_forward_hooks", new Map());
    hidden(callable, "training", true);
    ref.self = new Proxy(callable, handler);
    return ref.self;
  }

  /** Defines the computation performed at every call. Every subclass overrides it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(..._args: any[]): any {
    throw new Error(`Module [${this._get_name()}] is missing the required "forward" function`);
  }

  /** What `module(...args)` runs: forward pre-hooks, forward, forward hooks. */
  _call_impl(...args: unknown[]): unknown {
    for (const hook of this._forward_pre_hooks.values()) {
      const result = hook(this, args);
      if (result !== undefined) args = Array.isArray(result) ? result : [result];
    }
    let output = this.forward(...args);
    for (const hook of this._forward_hooks.values()) {
      const result = hook(this, args, output);
      if (result !== undefined) output = result;
    }
    return output;
  }

  /** Registers hook(module, args) to run before forward; it may return new args. */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    const id = nextHookId++;
    this._forward_pre_hooks.set(id, hook);
    return new RemovableHandle(this._forward_pre_hooks, id);
  }

  /** Registers hook(module, args, output) to run after forward; it may return a new output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    const id = nextHookId++;
    this._forward_hooks.set(id, hook);
    return new RemovableHandle(this._forward_hooks, id);
  }

  /** Adds a buffer: state that is not a parameter (BatchNorm's running_mean). Non-persistent ones stay out of state_dict. */
  register_buffer(name: string, tensor: Tensor | null, persistent: boolean | { persistent?: boolean } = true): void {
    checkName("buffer", name);
    if (name in this && !this._buffers.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    const keep = typeof persistent === "object" ? (persistent.persistent ?? true) : persistent;
    this._buffers.set(name, tensor);
    if (keep) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
    Reflect.defineProperty(this, name, { value: tensor, writable: true, enumerable: true, configurable: true });
  }

  /** Adds a parameter (or null) under `name`. */
  register_parameter(name: string, param: Parameter | null): void {
    checkName("parameter", name);
    if (name in this && !this._parameters.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param !== null && param.grad_fn) {
      throw new ValueError(
        `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
          `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      );
    }
    this._parameters.set(name, param);
    Reflect.defineProperty(this, name, { value: param, writable: true, enumerable: true, configurable: true });
  }

  /** Adds a child module (or null) under `name`. */
  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typename(module)} is not a Module subclass`);
    checkName("module", name);
    if (name in this && !this._modules.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    this._modules.set(name, module);
    Reflect.defineProperty(this, name, { value: module, writable: true, enumerable: true, configurable: true });
  }

  /** Alias of add_module. */
  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  /** The submodule at a dotted path ("net.0"). */
  get_submodule(target: string): Module {
    if (target === "") return this;
    let mod = this as Module;
    for (const item of target.split(".")) {
      const next = mod._modules.get(item);
      if (!(next instanceof Module)) throw new Error(`${mod._get_name()} has no attribute \`${item}\``);
      mod = next;
    }
    return mod;
  }

  // ---- iteration ---------------------------------------------------------------
  *named_modules(memo: Set<Module> = new Set(), prefix = "", remove_duplicate = true): Generator<[string, Module]> {
    if (memo.has(this)) return;
    if (remove_duplicate) memo.add(this);
    yield [prefix, this];
    for (const [name, module] of this._modules) {
      if (!module) continue;
      yield* module.named_modules(memo, prefix + (prefix ? "." : "") + name, remove_duplicate);
    }
  }
  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }
  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, module] of this._modules) {
      if (module && !memo.has(module)) {
        memo.add(module);
        yield [name, module];
      }
    }
  }
  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  private *_named_members<T>(members: (m: Module) => Iterable<[string, T | null]>, prefix: string, recurse: boolean): Generator<[string, T]> {
    const memo = new Set<T>();
    const modules: Iterable<[string, Module]> = recurse ? this.named_modules(new Set(), prefix) : [[prefix, this]];
    for (const [modulePrefix, module] of modules) {
      for (const [k, v] of members(module)) {
        if (v === null || v === undefined || memo.has(v)) continue;
        memo.add(v);
        yield [modulePrefix + (modulePrefix ? "." : "") + k, v];
      }
    }
  }

  /** named_parameters(prefix = "", recurse = true): [name, parameter] pairs, in registration order. */
  named_parameters(prefix: string | { prefix?: string; recurse?: boolean } = "", recurse = true): Generator<[string, Parameter]> {
    if (typeof prefix === "object") [prefix, recurse] = [prefix.prefix ?? "", prefix.recurse ?? true];
    return this._named_members((m) => m._parameters, prefix, recurse);
  }
  /** parameters(recurse = true) */
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters("", recurse)) yield p;
  }
  /** named_buffers(prefix = "", recurse = true) */
  named_buffers(prefix: string | { prefix?: string; recurse?: boolean } = "", recurse = true): Generator<[string, Tensor]> {
    if (typeof prefix === "object") [prefix, recurse] = [prefix.prefix ?? "", prefix.recurse ?? true];
    return this._named_members((m) => m._buffers, prefix, recurse);
  }
  /** buffers(recurse = true) */
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.named_buffers("", recurse)) yield b;
  }

  // ---- modes ------------------------------------------------------------------
  /** train(mode = true): sets training mode here and in every descendant. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new ValueError("training mode is expected to be boolean");
    this.training = mode;
    for (const module of this.children()) module.train(mode);
    return this;
  }
  /** eval(): train(false). */
  eval(): this {
    return this.train(false);
  }
  /** requires_grad_(requires_grad = true) on every parameter. */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }
  /** zero_grad(set_to_none): PyTorch 1.x zeroes gradients in place by default, 2.x drops them. */
  zero_grad(set_to_none: boolean = SET_TO_NONE_DEFAULT): void {
    for (const p of this.parameters()) zeroGrad(p, set_to_none);
  }
  /** apply(fn): fn on every submodule (children first), then on this module. */
  apply(fn: (module: Module) => void): this {
    for (const module of this.children()) module.apply(fn);
    fn(this);
    return this;
  }

  // ---- devices and dtypes ----------------------------------------------------
  /** Applies fn to every parameter (in place: the Parameter objects stay the same), gradient and buffer. */
  _apply(fn: (t: Tensor) => Tensor, recurse = true): this {
    if (recurse) for (const module of this.children()) module._apply(fn);
    for (const [name, param] of this._parameters) {
      if (!param) continue;
      const applied = no_grad(() => fn(param));
      let out = param;
      // param.data = applied where libtorch allows it (_has_compatible_shallow_copy_type), else a new Parameter (meta ↔ cpu).
      if (applied !== param && !setData(param, applied)) out = new Parameter(applied, param.requires_grad);
      const grad = param.grad;
      if (grad) {
        const gradApplied = no_grad(() => fn(grad));
        if (gradApplied !== grad && (out !== param || !setData(grad, gradApplied))) out.grad = gradApplied.requires_grad_(grad.requires_grad);
      }
      if (out !== param) (this as unknown as Record<string, unknown>)[name] = out;
      else this._parameters.set(name, param);
    }
    for (const [name, buf] of this._buffers) {
      if (buf) (this as unknown as Record<string, unknown>)[name] = fn(buf);
    }
    return this;
  }

  /** to(device) / to(dtype) / to(tensor) / to({ device, dtype, non_blocking }): floating-point dtypes only. */
  to(arg: DeviceLike | dtypes.dtype | Tensor | ToOptions, ...rest: (dtypes.dtype | ToOptions)[]): this {
    let device: DeviceLike | undefined;
    let dtype: dtypes.dtype | undefined;
    let non_blocking = false;
    for (const a of [arg, ...rest]) {
      if (a instanceof dtypes.dtype) dtype = a;
      else if (a instanceof Tensor) [device, dtype] = [a.device, a.dtype];
      else if (typeof a === "string" || typeof a === "number") device = a;
      else if (a && typeof a === "object" && "type" in a) device = a as DeviceLike;
      else if (a && typeof a === "object") ({ device = device, dtype = dtype, non_blocking = non_blocking } = a as ToOptions);
      else if (a != null) throw new TorchTypeError(`to() received an invalid combination of arguments - got (${describe(a)}); expected a device, a dtype, a Tensor or an options object`);
    }
    if (dtype && !(dtype.is_floating_point || dtype.is_complex)) {
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    }
    return this._apply((t) =>
      t.to({ device: device ?? t.device, dtype: dtype && (t.is_floating_point() || t.dtype.is_complex) ? dtype : t.dtype, non_blocking }),
    );
  }
  /**
   * to_empty({ device, recurse = true }): parameters and buffers moved to device without copying their
   * values (uninitialised memory), e.g. after building on the meta device.
   */
  to_empty(options: { device: DeviceLike | null; recurse?: boolean }): this {
    const { device, recurse = true } = options ?? ({} as { device: null });
    return this._apply((t) => (empty_like as (t: Tensor, o: object) => Tensor)(t, { device: device ?? t.device }), recurse);
  }
  /** cuda(device?) */
  cuda(device: DeviceLike = "cuda"): this {
    return this._apply((t) => t.cuda(device));
  }
  /** cpu() */
  cpu(): this {
    return this._apply((t) => t.cpu());
  }
  /** float(): floating-point parameters and buffers to float32. */
  float(): this {
    return this._apply((t) => (t.is_floating_point() ? t.float() : t));
  }
  /** double(): floating-point parameters and buffers to float64. */
  double(): this {
    return this._apply((t) => (t.is_floating_point() ? t.double() : t));
  }
  /** half(): floating-point parameters and buffers to float16. */
  half(): this {
    return this._apply((t) => (t.is_floating_point() ? t.half() : t));
  }

  // ---- state dicts --------------------------------------------------------------
  /** Saves this module's own parameters, then its persistent buffers. */
  _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
    for (const [name, param] of this._parameters) if (param) destination[prefix + name] = keep_vars ? param : param.detach();
    for (const [name, buf] of this._buffers) {
      if (buf && !this._non_persistent_buffers_set.has(name)) destination[prefix + name] = keep_vars ? buf : buf.detach();
    }
  }

  /**
   * state_dict({ prefix, keep_vars }): parameters and persistent buffers by
   * PyTorch's keys ("h1.weight", "bn.num_batches_tracked"), in PyTorch's
   * order, with `_metadata` (each module's version) as Python attaches it.
   */
  state_dict(options: { destination?: StateDict; prefix?: string; keep_vars?: boolean } = {}): StateDict {
    const { prefix = "", keep_vars = false } = options;
    let destination = options.destination;
    if (!destination) {
      destination = {} as StateDict;
      hidden(destination, "_metadata", new Map());
    }
    stateDictMetadata(destination)?.set(prefix.slice(0, -1), { version: (this.constructor as typeof Module)._version });
    this._save_to_state_dict(destination, prefix, keep_vars);
    for (const [name, module] of this._modules) {
      if (module) module.state_dict({ destination, prefix: prefix + name + ".", keep_vars });
    }
    return destination;
  }

  /** Copies this module's own entries of state_dict into its parameters and buffers. */
  _load_from_state_dict(
    state_dict: Map<string, unknown>, prefix: string, _local_metadata: Record<string, unknown>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[],
  ): void {
    const local = new Map<string, Tensor>();
    for (const [k, v] of this._parameters) if (v) local.set(k, v);
    for (const [k, v] of this._buffers) if (v && !this._non_persistent_buffers_set.has(k)) local.set(k, v);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!state_dict.has(key)) {
        if (strict) missing_keys.push(key);
        continue;
      }
      const raw = state_dict.get(key);
      if (!(raw instanceof Tensor)) {
        error_msgs.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typename(raw)}`);
        continue;
      }
      let input: Tensor = raw;
      if (param.dim() === 0 && input.dim() === 1) input = input.select(0, 0);
      if (!input.shape.equals(param.shape)) {
        error_msgs.push(`size mismatch for ${key}: copying a param with shape ${input.shape} from checkpoint, the shape in current model is ${param.shape}.`);
        continue;
      }
      try {
        const source = input;
        no_grad(() => param.copy_(source));
      } catch (e) {
        error_msgs.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ${param.size()} and ` +
            `whose dimensions in the checkpoint are ${input.size()}, an exception occurred : ('${(e as Error).message}',).`,
        );
      }
    }
    if (strict) {
      for (const key of state_dict.keys()) {
        if (!key.startsWith(prefix)) continue;
        const inputName = key.slice(prefix.length).split(".", 1)[0];
        if (!this._modules.has(inputName) && !local.has(inputName)) unexpected_keys.push(key);
      }
    }
  }

  /**
   * load_state_dict(state_dict, strict = true): copies a state dict (a plain
   * object or Map) into this module. Mismatches fail with PyTorch's message.
   */
  load_state_dict(state_dict: StateDict | Map<string, Tensor>, strict: boolean | { strict?: boolean } = true): IncompatibleKeys {
    if (typeof strict === "object") strict = strict.strict ?? true;
    if (typeof state_dict !== "object" || state_dict === null) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${typename(state_dict)}.`);
    }
    const metadata = stateDictMetadata(state_dict);
    const entries = new Map<string, unknown>(state_dict instanceof Map ? state_dict : Object.entries(state_dict));
    const missing_keys: string[] = [], unexpected_keys: string[] = [], error_msgs: string[] = [];
    const load = (module: Module, local: Map<string, unknown>, prefix: string) => {
      const localMetadata = metadata?.get(prefix.slice(0, -1)) ?? {};
      module._load_from_state_dict(local, prefix, localMetadata, true, missing_keys, unexpected_keys, error_msgs);
      for (const [name, child] of module._modules) {
        if (!child) continue;
        const childPrefix = prefix + name + ".";
        load(child, new Map([...local].filter(([k]) => k.startsWith(childPrefix))), childPrefix);
      }
    };
    load(this, entries, "");
    if (strict) {
      const quoted = (keys: string[]) => keys.map((k) => `"${k}"`).join(", ");
      if (unexpected_keys.length) error_msgs.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpected_keys)}. `);
      if (missing_keys.length) error_msgs.unshift(`Missing key(s) in state_dict: ${quoted(missing_keys)}. `);
    }
    if (error_msgs.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${error_msgs.join("\n\t")}`);
    }
    return { missing_keys, unexpected_keys };
  }

  // ---- printing and lifetime -------------------------------------------------------
  _get_name(): string {
    return this.constructor.name;
  }
  /** Extra information for the repr; layers override it. */
  extra_repr(): string {
    return "";
  }
  /** PyTorch's module repr: the class name, extra_repr, then each child indented. */
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines: string[] = [];
    for (const [key, module] of this._modules) {
      const lines = String(module).split("\n");
      childLines.push(`(${key}): ${[lines[0], ...lines.slice(1).map((l) => "  " + l)].join("\n")}`);
    }
    const lines = [...extraLines, ...childLines];
    let main = this._get_name() + "(";
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += "\n  " + lines.join("\n  ") + "\n";
    }
    return main + ")";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /** Frees every parameter and buffer now. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Modules are callable: `model(X)` runs `forward(X)`, as Python's `__call__` does. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Module {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): any;
}

/** Zeroes one parameter's gradient as PyTorch's zero_grad does. */
export function zeroGrad(p: Tensor, set_to_none: boolean): void {
  const grad = p.grad;
  if (!grad) return;
  if (set_to_none) {
    p.grad = null;
    return;
  }
  if (grad.grad_fn) grad.detach_();
  else grad.requires_grad_(false);
  grad.zero_();
}

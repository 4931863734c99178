/** nn.Sequential (torch/nn/modules/container.py). */
import { IndexError } from "../../errors";
import { Module } from "./module";

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

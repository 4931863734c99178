/**
 * torch.nn.utils.weight_norm (torch/nn/utils/weight_norm.py): a parameter
 * split into a magnitude `<name>_g` and a direction `<name>_v`, the weight
 * recomputed from them by a forward pre-hook before every call.
 */
import { fn } from "../../_ops/install";
import { norm_except_dim } from "../../_generated/torch";
import { RuntimeError, TorchTypeError, ValueError } from "../../errors";
import { pyTypeName } from "../../_pyformat";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import { Parameter } from "../parameter";
import type { Module } from "../modules/module";

/** torch._weight_norm: v scaled to g's norm along dim (a private op, so not generated). */
const _weight_norm = fn<(v: Tensor, g: Tensor, dim: number) => Tensor>("_weight_norm", [{ schema: "_weight_norm(Tensor v, Tensor g, int dim=0) -> Tensor" }]);

let warned = false;

/** PyTorch reads module._forward_pre_hooks first: anything else fails there (its AttributeError, here a TypeError). */
function checkModule(module: unknown): void {
  // A Module is callable, so a function to typeof.
  if ((typeof module !== "object" && typeof module !== "function") || module === null || !("_forward_pre_hooks" in module)) {
    throw new TorchTypeError(`'${pyTypeName(module)}' object has no attribute '_forward_pre_hooks'`);
  }
}

/** The forward pre-hook of weight_norm, as PyTorch's WeightNorm object. */
export class WeightNorm {
  constructor(readonly name: string, readonly dim: number) {}

  compute_weight(module: Module): Tensor {
    const m = module as unknown as Record<string, Tensor>;
    return _weight_norm(m[this.name + "_v"], m[this.name + "_g"], this.dim);
  }

  static apply(module: Module, name: string, dim: number | null): WeightNorm {
    if (torchAtLeast(2, 1) && !warned) {
      warned = true;
      process.emitWarning("`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.", "FutureWarning");
    }
    for (const hook of module._forward_pre_hooks.values()) {
      if (hooks.get(hook)?.name === name) throw new RuntimeError(`Cannot register two weight_norm hooks on the same parameter ${name}`);
    }
    const norm = new WeightNorm(name, dim ?? -1);
    const weight = (module as unknown as Record<string, Tensor>)[name];
    module._parameters.delete(name);
    module.register_parameter(name + "_g", new Parameter(norm_except_dim(weight, 2, norm.dim).data));
    module.register_parameter(name + "_v", new Parameter(weight.data));
    (module as unknown as Record<string, Tensor>)[name] = norm.compute_weight(module);
    module.register_forward_pre_hook(hookOf(norm));
    return norm;
  }

  remove(module: Module): void {
    const weight = this.compute_weight(module);
    delete (module as unknown as Record<string, unknown>)[this.name];
    for (const suffix of ["_g", "_v"]) {
      module._parameters.delete(this.name + suffix);
      delete (module as unknown as Record<string, unknown>)[this.name + suffix];
    }
    (module as unknown as Record<string, unknown>)[this.name] = new Parameter(weight.data);
  }
}

// The hooks weight_norm registered, and their WeightNorm (PyTorch finds them by isinstance).
const hooks = new WeakMap<object, WeightNorm>();
function hookOf(norm: WeightNorm): (module: Module) => void {
  const hook = (module: Module) => {
    (module as unknown as Record<string, Tensor>)[norm.name] = norm.compute_weight(module);
  };
  hooks.set(hook, norm);
  return hook;
}

/**
 * nn.utils.weight_norm(module, name = "weight", dim = 0): reparametrises `name` as g·v/‖v‖.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.weight_norm.html
 */
export function weight_norm<M extends Module>(module: M, name: string | { name?: string; dim?: number | null } = "weight", dim: number | null = 0): M {
  checkModule(module);
  if (typeof name === "object") ({ name = "weight", dim = 0 } = name);
  WeightNorm.apply(module, name, dim);
  return module;
}

/**
 * nn.utils.remove_weight_norm(module, name = "weight"): back to one parameter `name`.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.remove_weight_norm.html
 */
export function remove_weight_norm<M extends Module>(module: M, name: string | { name?: string } = "weight"): M {
  checkModule(module);
  if (typeof name === "object") name = name.name ?? "weight";
  for (const [k, hook] of module._forward_pre_hooks) {
    const norm = hooks.get(hook);
    if (norm?.name === name) {
      norm.remove(module);
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw new ValueError(`weight_norm of '${name}' not found in ${String(module)}`);
}

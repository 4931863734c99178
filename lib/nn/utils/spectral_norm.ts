/**
 * torch.nn.utils.spectral_norm (torch/nn/utils/spectral_norm.py): the weight
 * divided by its largest singular value, estimated by power iteration with
 * the buffers `<name>_u` and `<name>_v` (iterated in training mode only), the
 * original kept as the parameter `<name>_orig`. The state dict carries the
 * hook's version in its metadata, as PyTorch's state-dict hook puts it.
 */
import { no_grad } from "../../autograd/grad_mode";
import { dot, mv } from "../../_generated/torch";
import { RuntimeError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { normalize } from "../functional";
import { Parameter } from "../parameter";
import { Module, stateDictMetadata, type StateDict } from "../modules/module";
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "../modules/conv";

type Attrs = Record<string, Tensor>;

/** The forward pre-hook of spectral_norm, as PyTorch's SpectralNorm object. */
export class SpectralNorm {
  static _version = 1;
  constructor(readonly name = "weight", readonly n_power_iterations = 1, readonly dim = 0, readonly eps = 1e-12) {
    if (n_power_iterations <= 0) {
      throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    }
  }

  reshape_weight_to_matrix(weight: Tensor): Tensor {
    let mat = weight;
    if (this.dim !== 0) mat = mat.permute(this.dim, ...[...Array(mat.dim()).keys()].filter((d) => d !== this.dim));
    return mat.reshape(mat.size(0), -1);
  }

  compute_weight(module: Module, do_power_iteration: boolean): Tensor {
    const m = module as unknown as Attrs;
    const weight = m[this.name + "_orig"];
    let u = m[this.name + "_u"];
    let v = m[this.name + "_v"];
    const mat = this.reshape_weight_to_matrix(weight);
    if (do_power_iteration) {
      no_grad(() => {
        for (let i = 0; i < this.n_power_iterations; i++) {
          v = normalize(mv(mat.t(), u), { dim: 0, eps: this.eps, out: v });
          u = normalize(mv(mat, v), { dim: 0, eps: this.eps, out: u });
        }
        u = u.clone(); // contiguous_format: a 1-D clone is contiguous
        v = v.clone();
      });
    }
    const sigma = dot(u, mv(mat, v));
    return weight.div(sigma);
  }

  remove(module: Module): void {
    const weight = no_grad(() => this.compute_weight(module, false));
    const m = module as unknown as Record<string, unknown>;
    for (const suffix of ["", "_u", "_v", "_orig"]) delete m[this.name + suffix];
    module.register_parameter(this.name, new Parameter(weight.detach()));
  }

  static apply(module: Module, name: string, n_power_iterations: number, dim: number, eps: number): SpectralNorm {
    for (const hook of module._forward_pre_hooks.values()) {
      if (hooks.get(hook)?.name === name) throw new RuntimeError(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
    }
    const norm = new SpectralNorm(name, n_power_iterations, dim, eps);
    const weight = module._parameters.get(name);
    if (!weight) throw new ValueError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
    const [u, v] = no_grad(() => {
      const [h, w] = norm.reshape_weight_to_matrix(weight).shape;
      return [normalize(weight.new_empty([h]).normal_(0, 1), { dim: 0, eps }), normalize(weight.new_empty([w]).normal_(0, 1), { dim: 0, eps })];
    });
    delete (module as unknown as Record<string, unknown>)[name];
    module.register_parameter(name + "_orig", weight);
    (module as unknown as Attrs)[name] = weight.data;
    module.register_buffer(name + "_u", u);
    module.register_buffer(name + "_v", v);
    const hook = (m: Module) => {
      (m as unknown as Attrs)[name] = norm.compute_weight(m, m.training);
    };
    hooks.set(hook, norm);
    module.register_forward_pre_hook(hook);
    addVersionHook(module, norm);
    return norm;
  }
}

const hooks = new WeakMap<object, SpectralNorm>();
const versioned = new WeakMap<Module, SpectralNorm[]>();

// SpectralNormStateDictHook: the module's metadata gets {spectral_norm: {"<name>.version": 1}}.
function addVersionHook(module: Module, norm: SpectralNorm): void {
  const norms = versioned.get(module);
  if (norms) {
    norms.push(norm);
    return;
  }
  versioned.set(module, [norm]);
  const own = module.state_dict;
  const state_dict = function (this: Module, options: { destination?: StateDict; prefix?: string; keep_vars?: boolean } = {}): StateDict {
    const destination = own.call(this, options);
    const local = stateDictMetadata(destination)?.get((options.prefix ?? "").slice(0, -1));
    if (local) {
      const spectral = ((local.spectral_norm as Record<string, number> | undefined) ??= {});
      for (const n of versioned.get(module) ?? []) {
        const key = `${n.name}.version`;
        if (key in spectral) throw new RuntimeError(`Unexpected key in metadata['spectral_norm']: ${key}`);
        spectral[key] = SpectralNorm._version;
      }
    }
    return destination;
  };
  Object.defineProperty(module, "state_dict", { value: state_dict, writable: true, configurable: true, enumerable: false });
}

/**
 * nn.utils.spectral_norm(module, name = "weight", n_power_iterations = 1, eps = 1e-12, dim = null):
 * divides `name` by its spectral norm before every call (dim 1 for transposed convolutions).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.spectral_norm.html
 */
export function spectral_norm<M extends Module>(
  module: M,
  name: string | { name?: string; n_power_iterations?: number; eps?: number; dim?: number | null } = "weight",
  n_power_iterations = 1,
  eps = 1e-12,
  dim: number | null = null,
): M {
  if (typeof name === "object") ({ name = "weight", n_power_iterations = 1, eps = 1e-12, dim = null } = name);
  dim ??= module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0;
  SpectralNorm.apply(module, name, n_power_iterations, dim, eps);
  return module;
}

/**
 * nn.utils.remove_spectral_norm(module, name = "weight"): back to one parameter `name`.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.remove_spectral_norm.html
 */
export function remove_spectral_norm<M extends Module>(module: M, name: string | { name?: string } = "weight"): M {
  if (typeof name === "object") name = name.name ?? "weight";
  for (const [k, hook] of module._forward_pre_hooks) {
    const norm = hooks.get(hook);
    if (norm?.name !== name) continue;
    norm.remove(module);
    module._forward_pre_hooks.delete(k);
    const norms = versioned.get(module) ?? [];
    norms.splice(norms.indexOf(norm), 1);
    return module;
  }
  throw new ValueError(`spectral_norm of '${name}' not found in ${String(module)}`);
}

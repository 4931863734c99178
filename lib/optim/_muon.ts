/**
 * optim.Muon (torch/optim/_muon.py): momentum (Nesterov by default) whose
 * update is orthogonalised by a quintic Newton–Schulz iteration in bfloat16,
 * with decoupled weight decay and a learning rate scaled by the matrix's
 * shape. Only 2-D parameters; PyTorch has the single-tensor path alone.
 */
import { addmm, zeros_like } from "../_generated/torch";
import { vector_norm } from "../_generated/linalg";
import { bfloat16 } from "../dtype";
import { expected, ValueError } from "../errors";
import type { Tensor } from "../tensor";
import { checkBound, initGroup } from "./_adafactor";
import { checkNumbers, Optimizer, requireRelease, type ParamGroup, type Params } from "./optimizer";

/** How the learning rate scales with an A×B matrix: "original" (the default, null) √max(1, A/B), "match_rms_adamw" 0.2·√max(A, B), "spectral_unclamped" √(A/B). */
export type AdjustLrFn = "original" | "match_rms_adamw" | "spectral_unclamped";

export type MuonOptions = {
  lr?: number;
  weight_decay?: number;
  momentum?: number;
  nesterov?: boolean;
  ns_coefficients?: [number, number, number];
  eps?: number;
  ns_steps?: number;
  adjust_lr_fn?: AdjustLrFn | null;
};

/** PyTorch's Newton–Schulz coefficients (a, b, c), its epsilon and its number of steps. */
export const DEFAULT_NS_COEFFICIENTS: [number, number, number] = [3.4445, -4.775, 2.0315];
const EPS = 1e-7;
const DEFAULT_NS_STEPS = 5;
const ADJUST_LR_FNS = ["original", "match_rms_adamw", "spectral_unclamped"];

/** _zeropower_via_newtonschulz: grad orthogonalised (roughly U·S'·Vᵀ with S' near 1) in bfloat16, on its wide orientation. */
function zeropowerViaNewtonSchulz(grad: Tensor, ns_coefficients: number[], ns_steps: number, eps: number): Tensor {
  if (ns_steps >= 100) throw new ValueError("Number of steps must be less than 100 for computational efficiency");
  if (grad.dim() !== 2) throw new ValueError("Input tensor gradient must be a 2D matrix");
  if (ns_coefficients.length !== 3) throw new ValueError("Coefficients must be a tuple of exactly 3 values");
  const [a, b, c] = ns_coefficients;
  const tall = grad.size(0) > grad.size(1);
  let ortho = grad.to(bfloat16, { copy: true });
  if (tall) ortho = ortho.T;
  ortho.div_(vector_norm(ortho, 2).clamp({ min: eps }));
  for (let i = 0; i < ns_steps; i++) {
    const gram = ortho.matmul(ortho.T);
    const gram_update = addmm(gram, gram, gram, { beta: b, alpha: c });
    ortho = addmm(ortho, gram_update, ortho, { beta: a });
  }
  return tall ? ortho.T : ortho;
}

/** _adjust_lr: lr times the ratio adjust_lr_fn gives for the parameter's first two sizes. */
function adjustLr(lr: number, adjust_lr_fn: string | null, shape: readonly number[]): number {
  const [A, B] = shape;
  let ratio: number;
  if (adjust_lr_fn === null || adjust_lr_fn === "original") ratio = Math.sqrt(A / B > 1 ? A / B : 1);
  else if (adjust_lr_fn === "match_rms_adamw") ratio = 0.2 * Math.sqrt(B > A ? B : A);
  else if (adjust_lr_fn === "spectral_unclamped") ratio = Math.sqrt(A / B);
  else ratio = 1.0;
  return lr * ratio;
}

/**
 * optim.Muon(params, { lr = 1e-3, weight_decay = 0.1, momentum = 0.95, nesterov = true, ns_coefficients = [3.4445, -4.775, 2.0315], eps = 1e-7, ns_steps = 5, adjust_lr_fn = null }):
 * https://pytorch.org/docs/stable/generated/torch.optim.Muon.html
 *
 * For the 2-D weights of hidden layers; give biases and embeddings to AdamW.
 * In PyTorch 2.9 and later (from memory; only 2.15 was checked): on an older
 * libtorch the constructor throws a NotImplementedError naming the release.
 * @example new optim.Muon([...model.parameters()].filter((p) => p.dim() === 2), { lr: 0.02 })
 */
export class Muon extends Optimizer {
  constructor(params: Params, options: MuonOptions = {}) {
    requireRelease("optim.Muon", 2, 9);
    const { lr = 1e-3, weight_decay = 0.1, momentum = 0.95, nesterov = true, ns_coefficients = DEFAULT_NS_COEFFICIENTS, eps = EPS, ns_steps = DEFAULT_NS_STEPS, adjust_lr_fn = null } = options;
    checkNumbers({ lr, weight_decay, momentum, eps, ns_steps });
    if (!Array.isArray(ns_coefficients)) throw expected("a list of three numbers", "ns_coefficients", ns_coefficients);
    checkBound(0.0 <= lr, "Learning rate should be >= 0", lr);
    checkBound(0.0 <= momentum, "momentum should be >= 0", momentum);
    checkBound(0.0 <= weight_decay, "weight decay should be >= 0", weight_decay);
    if (adjust_lr_fn !== null && !ADJUST_LR_FNS.includes(adjust_lr_fn)) {
      throw new ValueError(`Adjust learning rate function ${String(adjust_lr_fn)} is not supported`);
    }
    super(params, { lr, weight_decay, momentum, nesterov, ns_coefficients: [...ns_coefficients], eps, ns_steps, adjust_lr_fn });
    // Checked for the groups given here, as PyTorch checks them (not those of a later add_param_group).
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.dim() !== 2) throw new ValueError(`Muon only supports 2D parameters whereas we found a parameter with size: ${String(p.size())}`);
      }
    }
  }

  protected _step_group(group: ParamGroup): void {
    const { lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn } = group as ParamGroup & Required<MuonOptions>;
    const params = initGroup(this, group, "Muon", (grad, state) => {
      if (!("momentum_buffer" in state)) state.momentum_buffer = zeros_like(grad);
    });
    for (const param of params) {
      const grad = param.grad!;
      if (grad.dim() !== 2) throw new ValueError("Param gradient must be a 2D matrix");
      const buf = this.stateOf(param).momentum_buffer as Tensor;
      buf.lerp_(grad, 1 - momentum);
      const update = zeropowerViaNewtonSchulz(nesterov ? grad.lerp(buf, momentum) : buf, ns_coefficients, ns_steps, eps);
      const adjusted_lr = adjustLr(lr, adjust_lr_fn, param.shape);
      param.mul_(1 - lr * weight_decay);
      param.add_(update, { alpha: -adjusted_lr });
    }
  }
}

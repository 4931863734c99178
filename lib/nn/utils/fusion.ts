/** torch.nn.utils.fusion (torch/nn/utils/fusion.py): a convolution and the eval-mode BatchNorm after it, folded into one convolution. */
import { AssertionError, TorchTypeError } from "../../errors";
import { pyTypeName } from "../../_pyformat";
import { ones_like, rsqrt, zeros_like } from "../../_generated/torch";
import { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import { Parameter } from "../parameter";
import type { Module } from "../modules/module";
import { deepcopyModule } from "../modules/transformer";

type Conv = Module & { weight: Parameter; bias: Parameter | null };
type BatchNorm = Module & { running_mean: Tensor | null; running_var: Tensor | null; eps: number; weight: Tensor | null; bias: Tensor | null };

/**
 * nn.utils.fuse_conv_bn_eval(conv, bn, transpose = false): a copy of conv computing conv then bn (both in eval mode).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.fuse_conv_bn_eval.html
 */
export function fuse_conv_bn_eval<C extends Conv>(conv: C, bn: BatchNorm, transpose = false): C {
  if (conv.training || bn.training) throw new AssertionError("Fusion only for eval!");
  const fused = deepcopyModule(conv);
  if (bn.running_mean === null || bn.running_var === null) {
    throw new AssertionError("bn.running_mean and bn.running_var must not be None");
  }
  [fused.weight, fused.bias] = fuse_conv_bn_weights(fused.weight, fused.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias, transpose);
  return fused;
}

/**
 * nn.utils.fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose = false): the fused [weight, bias].
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.fuse_conv_bn_weights.html
 */
export function fuse_conv_bn_weights(
  conv_w: Tensor, conv_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor | null, bn_b: Tensor | null, transpose = false,
): [Parameter, Parameter] {
  const weightDtype = conv_w.dtype;
  const biasDtype = conv_b ? conv_b.dtype : weightDtype;
  const b = conv_b ?? zeros_like(bn_rm);
  const w = bn_w ?? ones_like(bn_rm);
  const shift = bn_b ?? zeros_like(bn_rm);
  const varRsqrt = rsqrt(bn_rv.add(bn_eps));
  const rest = Array(conv_w.dim() - 2).fill(1);
  const shape = transpose ? [1, -1, ...rest] : [-1, 1, ...rest];
  const fusedW = conv_w.mul(w.mul(varRsqrt).reshape(shape));
  const fusedB = b.sub(bn_rm).mul(varRsqrt).mul(w).add(shift);
  // 2.x keeps the convolution's dtypes and requires_grad flags.
  if (!torchAtLeast(2)) return [new Parameter(fusedW), new Parameter(fusedB)];
  return [new Parameter(fusedW.to(weightDtype), conv_w.requires_grad), new Parameter(fusedB.to(biasDtype), b.requires_grad)];
}

type LinearLike = Module & { weight: Parameter; bias: Parameter | null; out_features: number };
type BatchNormLike = BatchNorm & { num_features: number };

/**
 * nn.utils.fuse_linear_bn_eval(linear, bn): a copy of linear computing linear then bn (both in eval mode).
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.fuse_linear_bn_eval.html
 */
export function fuse_linear_bn_eval<L extends LinearLike>(linear: L, bn: BatchNormLike): L {
  if (linear.training || bn.training) throw new AssertionError("Fusion only for eval!");
  const fused = deepcopyModule(linear);
  if (torchAtLeast(2)) {
    // bn's channel dim must broadcast against linear's last dim.
    if (linear.out_features !== bn.num_features && bn.num_features !== 1) {
      throw new AssertionError(
        `To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got linear.out_features=${linear.out_features} and bn.num_features=${bn.num_features}`,
      );
    }
    if (bn.running_mean === null || bn.running_var === null) throw new AssertionError("bn.running_mean and bn.running_var must not be None");
  }
  [fused.weight, fused.bias] = fuse_linear_bn_weights(fused.weight, fused.bias, bn.running_mean as Tensor, bn.running_var as Tensor, bn.eps, bn.weight as Tensor, bn.bias as Tensor);
  return fused;
}

/**
 * nn.utils.fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b): the fused [weight, bias].
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.fuse_linear_bn_weights.html
 */
export function fuse_linear_bn_weights(
  linear_w: Tensor, linear_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor, bn_b: Tensor,
): [Parameter, Parameter] {
  const weightDtype = linear_w.dtype;
  const biasDtype = linear_b ? linear_b.dtype : weightDtype;
  const b = linear_b ?? zeros_like(bn_rm);
  // PyTorch multiplies bn_w as given: a BatchNorm without affine parameters fails as Python's None * Tensor does.
  if (!(bn_w instanceof Tensor)) throw new TorchTypeError(`unsupported operand type(s) for *: '${pyTypeName(bn_w)}' and 'Tensor'`);
  const scale = bn_w.mul(rsqrt(bn_rv.add(bn_eps)));
  if (!torchAtLeast(2)) return [new Parameter(linear_w.mul(scale.unsqueeze(-1))), new Parameter(b.sub(bn_rm).mul(scale).add(bn_b))];
  // 2.x keeps the linear's dtypes and requires_grad flags.
  const fusedW = linear_w.mul(scale.unsqueeze(-1).to(weightDtype));
  const fusedB = b.sub(bn_rm).mul(scale).add(bn_b).to(biasDtype);
  return [new Parameter(fusedW, linear_w.requires_grad), new Parameter(fusedB, b.requires_grad)];
}

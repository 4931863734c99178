/**
 * torch.nn.init: in-place initialisers, computing their bounds in double
 * precision exactly as torch/nn/init.py does, so that a layer's initial
 * weights are the same bits as Python's for the same seed.
 */
import { no_grad } from "../autograd/grad_mode";
import { ValueError } from "../errors";
import { native } from "../native";
import { checkTensor, type Tensor } from "../tensor";

type Nonlinearity = "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** Python's float ** float (C's pow), which V8's Math.pow may miss by an ulp. */
export const pyPow = (base: number, exponent: number): number => native._py_pow(base, exponent);

/** nn.init.calculate_gain(nonlinearity, param) */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let slope = 0.01;
    if (param !== undefined && param !== null) {
      if (typeof param !== "number" || Number.isNaN(param)) throw new ValueError(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + pyPow(slope, 2)));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** [fan_in, fan_out] of a weight tensor, as PyTorch computes them. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const dims = tensor.dim();
  if (dims < 2) throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const shape = tensor.shape;
  let receptive = 1;
  for (let i = 2; i < dims; i++) receptive *= shape[i];
  return [shape[1] * receptive, shape[0] * receptive];
}

function correctFan(tensor: Tensor, mode: "fan_in" | "fan_out"): number {
  if (mode !== "fan_in" && mode !== "fan_out") throw new ValueError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** nn.init.uniform_(tensor, a = 0, b = 1), or uniform_(tensor, { a, b }) */
export function uniform_(tensor: Tensor, a: number | { a?: number; b?: number } = 0, b = 1): Tensor {
  checkTensor(tensor, "uniform_", "tensor");
  if (typeof a === "object") ({ a = 0, b = 1 } = a);
  const [lo, hi] = [a, b];
  return no_grad(() => tensor.uniform_(lo, hi));
}
/** nn.init.normal_(tensor, mean = 0, std = 1), or normal_(tensor, { mean, std }) */
export function normal_(tensor: Tensor, mean: number | { mean?: number; std?: number } = 0, std = 1): Tensor {
  checkTensor(tensor, "normal_", "tensor");
  if (typeof mean === "object") ({ mean = 0, std = 1 } = mean);
  const [m, s] = [mean, std];
  return no_grad(() => tensor.normal_(m, s));
}
/** nn.init.constant_(tensor, val), or constant_(tensor, { val }) */
export function constant_(tensor: Tensor, val: number | { val: number }): Tensor {
  checkTensor(tensor, "constant_", "tensor");
  const v = typeof val === "object" ? val.val : val;
  return no_grad(() => tensor.fill_(v));
}
/** nn.init.ones_(tensor) */
export function ones_(tensor: Tensor): Tensor {
  checkTensor(tensor, "ones_", "tensor");
  return no_grad(() => tensor.fill_(1.0));
}
/** nn.init.zeros_(tensor) */
export function zeros_(tensor: Tensor): Tensor {
  checkTensor(tensor, "zeros_", "tensor");
  return no_grad(() => tensor.zero_());
}

type Mode = "fan_in" | "fan_out";
type KaimingOptions = { a?: number; mode?: Mode; nonlinearity?: Nonlinearity };
// kaiming_*_(tensor, a, mode, nonlinearity) or kaiming_*_(tensor, { a, mode, nonlinearity }).
function kaimingArgs(a: number | KaimingOptions | undefined, mode?: Mode, nonlinearity?: Nonlinearity): Required<KaimingOptions> {
  const o = typeof a === "object" ? a : { a, mode, nonlinearity };
  return { a: o.a ?? 0, mode: o.mode ?? "fan_in", nonlinearity: o.nonlinearity ?? "leaky_relu" };
}
function gainOf(gain: number | { gain?: number } | undefined): number {
  return typeof gain === "object" ? (gain.gain ?? 1.0) : (gain ?? 1.0);
}

/** nn.init.kaiming_uniform_(tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu"), or with an options object */
export function kaiming_uniform_(tensor: Tensor, a?: number | KaimingOptions, mode?: Mode, nonlinearity?: Nonlinearity): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, o.mode);
  const gain = calculate_gain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-bound, bound));
}

/** nn.init.kaiming_normal_(tensor, a = 0, mode = "fan_in", nonlinearity = "leaky_relu"), or with an options object */
export function kaiming_normal_(tensor: Tensor, a?: number | KaimingOptions, mode?: Mode, nonlinearity?: Nonlinearity): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, o.mode);
  const std = calculate_gain(o.nonlinearity, o.a) / Math.sqrt(fan);
  return no_grad(() => tensor.normal_(0, std));
}

/** nn.init.xavier_uniform_(tensor, gain = 1), or xavier_uniform_(tensor, { gain }) */
export function xavier_uniform_(tensor: Tensor, gain?: number | { gain?: number }): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gainOf(gain) * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-a, a));
}

/** nn.init.xavier_normal_(tensor, gain = 1), or xavier_normal_(tensor, { gain }) */
export function xavier_normal_(tensor: Tensor, gain?: number | { gain?: number }): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gainOf(gain) * Math.sqrt(2.0 / (fanIn + fanOut));
  return no_grad(() => tensor.normal_(0, std));
}

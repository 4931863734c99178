/** Convolutions (torch/nn/modules/conv.py): Conv1d/2d/3d and ConvTranspose1d/2d/3d. */
import { empty } from "../../_generated/torch";
import { ValueError } from "../../errors";
import { binder } from "../../_pydef";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { Module } from "./module";
import { ntuple, pyTuple } from "./utils";

const PADDING_MODES = "{'zeros', 'reflect', 'replicate', 'circular'}";

/** _ConvNd: the parameters, their initialisation and repr shared by every convolution. */
export abstract class _ConvNd extends Module {
  declare in_channels: number;
  declare out_channels: number;
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[] | string;
  declare dilation: number[];
  declare transposed: boolean;
  declare output_padding: number[];
  declare groups: number;
  declare padding_mode: string;
  declare _reversed_padding_repeated_twice: number[];
  declare weight: Parameter;
  declare bias: Parameter | null;

  protected constructor(
    n: number, in_channels: number, out_channels: number, kernel_size: unknown, stride: unknown, padding: unknown, dilation: unknown,
    transposed: boolean, output_padding: unknown, groups: number, bias: boolean, padding_mode: string, factory: { device: unknown; dtype: unknown },
  ) {
    super();
    if (groups <= 0) throw new ValueError("groups must be a positive integer");
    if (in_channels % groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (out_channels % groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    const k = ntuple(kernel_size, n), s = ntuple(stride, n), d = ntuple(dilation, n);
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw new ValueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && s.some((x) => x !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    }
    if (!["zeros", "reflect", "replicate", "circular"].includes(padding_mode)) {
      throw new ValueError(`padding_mode must be one of ${PADDING_MODES}, but got padding_mode='${padding_mode}'`);
    }
    Object.assign(this, {
      in_channels, out_channels, kernel_size: k, stride: s, padding: typeof padding === "string" ? padding : ntuple(padding, n),
      dilation: d, transposed, output_padding: ntuple(output_padding, n), groups, padding_mode,
    });
    if (typeof padding === "string") {
      this._reversed_padding_repeated_twice = Array(2 * n).fill(0);
      if (padding === "same") {
        k.forEach((kk, j) => {
          const i = n - 1 - j, total = d[j] * (kk - 1), left = Math.floor(total / 2);
          this._reversed_padding_repeated_twice[2 * i] = left;
          this._reversed_padding_repeated_twice[2 * i + 1] = total - left;
        });
      }
    } else this._reversed_padding_repeated_twice = [...(this.padding as number[])].reverse().flatMap((p) => [p, p]);
    const shape = transposed ? [in_channels, out_channels / groups, ...k] : [out_channels, in_channels / groups, ...k];
    this.weight = new Parameter(empty(shape, factory as never));
    if (bias) this.bias = new Parameter(empty([out_channels], factory as never));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    // kaiming_uniform_ with a = sqrt(5), then the bias from the fan-in, as PyTorch draws them.
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) init.uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    }
  }

  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === "string" || this.padding.some((p) => p !== 0)) s += `, padding=${typeof this.padding === "string" ? this.padding : pyTuple(this.padding)}`;
    if (this.dilation.some((x) => x !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.output_padding.some((x) => x !== 0)) s += `, output_padding=${pyTuple(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

const CONV = "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None";
const CONV_T = "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None";
type Conv = (...args: unknown[]) => Tensor;
type Args = [number, number, unknown, unknown, unknown, unknown, number, boolean, string, unknown, unknown];
const binders = new Map<string, (args: readonly unknown[]) => unknown[]>();
const bindFor = (name: string, spec: string) => binders.get(name) ?? binders.set(name, binder(name, spec)).get(name)!;

/** Conv1d/2d/3d: PyTorch's (in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = True, padding_mode = 'zeros', device = None, dtype = None). */
abstract class _Conv extends _ConvNd {
  protected constructor(n: 1 | 2 | 3, args: unknown[]) {
    const [i, o, k, s, p, d, g, b, mode, device, dtype] = bindFor(`Conv${n}d`, CONV)(args) as Args;
    super(n, i, o, k, s, p, d, false, 0, g, b, mode, { device, dtype });
  }
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    const n = this.kernel_size.length;
    const conv = [F.conv1d, F.conv2d, F.conv3d][n - 1] as unknown as Conv;
    if (this.padding_mode !== "zeros") {
      const padded = F.pad(input, this._reversed_padding_repeated_twice, { mode: this.padding_mode });
      return conv(padded, weight, bias, this.stride, Array(n).fill(0), this.dilation, this.groups);
    }
    return conv(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  forward(input: Tensor): Tensor {
    return this._conv_forward(input, this.weight, this.bias);
  }
}
/** nn.Conv1d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = True, padding_mode = 'zeros') */
export class Conv1d extends _Conv {
  constructor(...args: unknown[]) {
    super(1, args);
  }
}
/** nn.Conv2d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = True, padding_mode = 'zeros') @example new nn.Conv2d(1, 32, 3, 1) */
export class Conv2d extends _Conv {
  constructor(...args: unknown[]) {
    super(2, args);
  }
}
/** nn.Conv3d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = True, padding_mode = 'zeros') */
export class Conv3d extends _Conv {
  constructor(...args: unknown[]) {
    super(3, args);
  }
}

/** ConvTranspose1d/2d/3d: PyTorch's (in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = True, dilation = 1, padding_mode = 'zeros', device = None, dtype = None). */
abstract class _ConvTransposeNd extends _ConvNd {
  protected constructor(n: 1 | 2 | 3, args: unknown[]) {
    const name = `ConvTranspose${n}d`;
    const [i, o, k, s, p, op, g, b, d, mode, device, dtype] = bindFor(name, CONV_T)(args) as [number, number, unknown, unknown, unknown, unknown, number, boolean, unknown, string, unknown, unknown];
    if (mode !== "zeros") throw new ValueError(`Only "zeros" padding mode is supported for ${name}`);
    super(n, i, o, k, s, p, d, true, op, g, b, mode, { device, dtype });
  }
  /** _ConvTransposeNd._output_padding: the output padding that gives the requested output size. */
  _output_padding(input: Tensor, output_size: number[] | null): number[] {
    if (output_size === null) return this.output_padding;
    const n = this.kernel_size.length;
    const nonSpatial = input.dim() === n + 2 ? 2 : 1;
    let size = [...output_size];
    if (size.length === nonSpatial + n) size = size.slice(nonSpatial);
    if (size.length !== n) {
      throw new ValueError(`ConvTranspose${n}D: for ${input.dim()}D input, output_size must have ${n} or ${nonSpatial + n} elements (got ${size.length})`);
    }
    const pad = this.padding as number[];
    const min = size.map((_, d) => (input.size(d + nonSpatial) - 1) * this.stride[d] - 2 * pad[d] + this.dilation[d] * (this.kernel_size[d] - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d] - 1);
    size.forEach((s, i) => {
      if (s < min[i] || s > max[i]) {
        throw new ValueError(
          `requested an output size of [${size.join(", ")}], but valid sizes range from [${min.join(", ")}] to [${max.join(", ")}] (for an input of torch.Size([${input.shape.slice(2).join(", ")}]))`,
        );
      }
    });
    return size.map((s, d) => s - min[d]);
  }
  forward(input: Tensor, output_size: number[] | null = null): Tensor {
    const conv = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][this.kernel_size.length - 1] as unknown as Conv;
    return conv(input, this.weight, this.bias, this.stride, this.padding, this._output_padding(input, output_size), this.groups, this.dilation);
  }
}
/** nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = True, dilation = 1) */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(...args: unknown[]) {
    super(1, args);
  }
}
/** nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = True, dilation = 1) */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(...args: unknown[]) {
    super(2, args);
  }
}
/** nn.ConvTranspose3d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = True, dilation = 1) */
export class ConvTranspose3d extends _ConvTransposeNd {
  constructor(...args: unknown[]) {
    super(3, args);
  }
}

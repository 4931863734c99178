/** Pooling (torch/nn/modules/pooling.py): max, average and adaptive pools in 1, 2 and 3 dimensions. */
import { binder } from "../../_pydef";
import { pyRepr } from "../../_pyformat";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";
import { ntuple, pyTuple } from "./utils";
import { ValueError } from "../../errors";

type Pool = (input: Tensor, ...args: unknown[]) => Tensor;
// A pool's argument as Python prints it: an int, or the tuple it was given.
const show = (v: unknown): string => (Array.isArray(v) ? pyTuple(v as number[]) : pyRepr(v));

const MAX = "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False";
/** _MaxPoolNd: PyTorch's (kernel_size, stride = None (the kernel size), padding = 0, dilation = 1, return_indices = False, ceil_mode = False). */
abstract class _MaxPoolNd extends Module {
  declare kernel_size: unknown;
  declare stride: unknown;
  declare padding: unknown;
  declare dilation: unknown;
  declare return_indices: boolean;
  declare ceil_mode: boolean;
  protected constructor(name: string, args: unknown[]) {
    super();
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = binder(name, MAX)(args);
    Object.assign(this, { kernel_size, stride: stride ?? kernel_size, padding, dilation, return_indices, ceil_mode });
  }
  protected pool(f: Pool, input: Tensor): Tensor {
    return f(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  extra_repr(): string {
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}, dilation=${show(this.dilation)}, ceil_mode=${pyRepr(this.ceil_mode)}`;
  }
}
/** nn.MaxPool1d(kernel_size, stride = None, padding = 0, dilation = 1, return_indices = False, ceil_mode = False) */
export class MaxPool1d extends _MaxPoolNd {
  constructor(...args: unknown[]) {
    super("MaxPool1d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.max_pool1d, input);
  }
}
/** nn.MaxPool2d(kernel_size, stride = None, padding = 0, dilation = 1, return_indices = False, ceil_mode = False) */
export class MaxPool2d extends _MaxPoolNd {
  constructor(...args: unknown[]) {
    super("MaxPool2d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.max_pool2d, input);
  }
}
/** nn.MaxPool3d(kernel_size, stride = None, padding = 0, dilation = 1, return_indices = False, ceil_mode = False) */
export class MaxPool3d extends _MaxPoolNd {
  constructor(...args: unknown[]) {
    super("MaxPool3d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.max_pool3d, input);
  }
}

/** _AvgPoolNd: kernel_size, stride (the kernel size by default), padding, ceil_mode, count_include_pad, divisor_override (2d and 3d). */
abstract class _AvgPoolNd extends Module {
  declare kernel_size: unknown;
  declare stride: unknown;
  declare padding: unknown;
  declare ceil_mode: boolean;
  declare count_include_pad: boolean;
  extra_repr(): string {
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}
/** nn.AvgPool1d(kernel_size, stride = None, padding = 0, ceil_mode = False, count_include_pad = True) */
export class AvgPool1d extends _AvgPoolNd {
  constructor(...args: unknown[]) {
    super();
    const [k, s, p, ceil_mode, count_include_pad] = binder("AvgPool1d", "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True")(args);
    // _single(): Python keeps 1-tuples here.
    const one = (v: unknown) => (Array.isArray(v) ? v : [v]);
    Object.assign(this, { kernel_size: one(k), stride: one(s ?? k), padding: one(p), ceil_mode, count_include_pad });
  }
  forward(input: Tensor): Tensor {
    return (F.avg_pool1d as unknown as Pool)(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
}
const AVG = "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None";
abstract class _AvgPool23 extends _AvgPoolNd {
  declare divisor_override: number | null;
  protected constructor(name: string, args: unknown[]) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] = binder(name, AVG)(args);
    Object.assign(this, { kernel_size, stride: stride ?? kernel_size, padding, ceil_mode, count_include_pad, divisor_override });
  }
  protected pool(f: Pool, input: Tensor): Tensor {
    return f(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
}
/** nn.AvgPool2d(kernel_size, stride = None, padding = 0, ceil_mode = False, count_include_pad = True, divisor_override = None) */
export class AvgPool2d extends _AvgPool23 {
  constructor(...args: unknown[]) {
    super("AvgPool2d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.avg_pool2d as unknown as Pool, input);
  }
}
/** nn.AvgPool3d(kernel_size, stride = None, padding = 0, ceil_mode = False, count_include_pad = True, divisor_override = None) */
export class AvgPool3d extends _AvgPool23 {
  constructor(...args: unknown[]) {
    super("AvgPool3d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.avg_pool3d as unknown as Pool, input);
  }
}

/** Adaptive pools: output_size (and return_indices for the max ones). */
abstract class _AdaptivePool extends Module {
  declare output_size: unknown;
  declare return_indices?: boolean;
  protected constructor(name: string, args: unknown[], max: boolean) {
    super();
    const [output_size, return_indices] = binder(name, max ? "output_size, return_indices=False" : "output_size")(args);
    this.output_size = output_size;
    if (max) this.return_indices = return_indices as boolean;
  }
  extra_repr(): string {
    return `output_size=${show(this.output_size)}`;
  }
}
/** nn.AdaptiveAvgPool1d(output_size) */
export class AdaptiveAvgPool1d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveAvgPool1d", args, false);
  }
  forward(input: Tensor): Tensor {
    return (F.adaptive_avg_pool1d as unknown as Pool)(input, this.output_size);
  }
}
/** nn.AdaptiveAvgPool2d(output_size) */
export class AdaptiveAvgPool2d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveAvgPool2d", args, false);
  }
  forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }
}
/** nn.AdaptiveAvgPool3d(output_size) */
export class AdaptiveAvgPool3d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveAvgPool3d", args, false);
  }
  forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool3d(input, this.output_size);
  }
}
/** nn.AdaptiveMaxPool1d(output_size, return_indices = False) */
export class AdaptiveMaxPool1d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveMaxPool1d", args, true);
  }
  forward(input: Tensor): Tensor {
    return F.adaptive_max_pool1d(input, this.output_size, this.return_indices);
  }
}
/** nn.AdaptiveMaxPool2d(output_size, return_indices = False) */
export class AdaptiveMaxPool2d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveMaxPool2d", args, true);
  }
  forward(input: Tensor): Tensor {
    return F.adaptive_max_pool2d(input, this.output_size, this.return_indices);
  }
}
/** nn.AdaptiveMaxPool3d(output_size, return_indices = False) */
export class AdaptiveMaxPool3d extends _AdaptivePool {
  constructor(...args: unknown[]) {
    super("AdaptiveMaxPool3d", args, true);
  }
  forward(input: Tensor): Tensor {
    return F.adaptive_max_pool3d(input, this.output_size, this.return_indices);
  }
}

/** _LPPoolNd: norm_type, kernel_size, stride = None, ceil_mode = False (a power-average pool). */
abstract class _LPPoolNd extends Module {
  declare norm_type: number;
  declare kernel_size: unknown;
  declare stride: unknown;
  declare ceil_mode: boolean;
  protected constructor(name: string, args: unknown[]) {
    super();
    const [norm_type, kernel_size, stride, ceil_mode] = binder(name, "norm_type, kernel_size, stride=None, ceil_mode=False")(args);
    Object.assign(this, { norm_type, kernel_size, stride, ceil_mode });
  }
  extra_repr(): string {
    return `norm_type=${pyRepr(this.norm_type)}, kernel_size=${show(this.kernel_size)}, stride=${this.stride === null ? "None" : show(this.stride)}, ceil_mode=${pyRepr(this.ceil_mode)}`;
  }
  protected pool(f: Pool, input: Tensor): Tensor {
    return f(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode);
  }
}
/** nn.LPPool1d(norm_type, kernel_size, stride = None, ceil_mode = False) */
export class LPPool1d extends _LPPoolNd {
  constructor(...args: unknown[]) {
    super("LPPool1d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.lp_pool1d, input);
  }
}
/** nn.LPPool2d(norm_type, kernel_size, stride = None, ceil_mode = False) */
export class LPPool2d extends _LPPoolNd {
  constructor(...args: unknown[]) {
    super("LPPool2d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.lp_pool2d, input);
  }
}
/** nn.LPPool3d(norm_type, kernel_size, stride = None, ceil_mode = False) (PyTorch 2.2 and later) */
export class LPPool3d extends _LPPoolNd {
  constructor(...args: unknown[]) {
    super("LPPool3d", args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.lp_pool3d, input);
  }
}

/** _MaxUnpoolNd: kernel_size, stride = None (the kernel size), padding = 0; forward(input, indices, output_size = None). */
abstract class _MaxUnpoolNd extends Module {
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[];
  protected constructor(name: string, n: number, args: unknown[]) {
    super();
    const [k, s, p] = binder(name, "kernel_size, stride=None, padding=0")(args);
    Object.assign(this, { kernel_size: ntuple(k, n), stride: ntuple(s ?? k, n), padding: ntuple(p, n) });
  }
  extra_repr(): string {
    return `kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
  protected unpool(f: (...a: unknown[]) => Tensor, input: Tensor, indices: Tensor, output_size: unknown): Tensor {
    return f(input, indices, this.kernel_size, this.stride, this.padding, output_size ?? null);
  }
}
/** nn.MaxUnpool1d(kernel_size, stride = None, padding = 0): the inverse of MaxPool1d given its indices. */
export class MaxUnpool1d extends _MaxUnpoolNd {
  constructor(...args: unknown[]) {
    super("MaxUnpool1d", 1, args);
  }
  forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return this.unpool(F.max_unpool1d as never, input, indices, output_size);
  }
}
/** nn.MaxUnpool2d(kernel_size, stride = None, padding = 0): the inverse of MaxPool2d given its indices. */
export class MaxUnpool2d extends _MaxUnpoolNd {
  constructor(...args: unknown[]) {
    super("MaxUnpool2d", 2, args);
  }
  forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return this.unpool(F.max_unpool2d as never, input, indices, output_size);
  }
}
/** nn.MaxUnpool3d(kernel_size, stride = None, padding = 0): the inverse of MaxPool3d given its indices. */
export class MaxUnpool3d extends _MaxUnpoolNd {
  constructor(...args: unknown[]) {
    super("MaxUnpool3d", 3, args);
  }
  forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return this.unpool(F.max_unpool3d as never, input, indices, output_size);
  }
}

/** FractionalMaxPoolNd: kernel_size, output_size = None, output_ratio = None, return_indices = False, _random_samples = None. */
abstract class _FractionalMaxPoolNd extends Module {
  declare kernel_size: number[];
  declare output_size: number[] | null;
  declare output_ratio: number[] | null;
  declare return_indices: boolean;
  declare _random_samples: Tensor | null;
  protected constructor(name: string, n: number, args: unknown[]) {
    super();
    const [k, output_size, output_ratio, return_indices, samples] = binder(name, "kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None")(args);
    this.kernel_size = ntuple(k, n);
    this.return_indices = return_indices as boolean;
    this.register_buffer("_random_samples", (samples as Tensor | null) ?? null);
    this.output_size = output_size === null ? null : ntuple(output_size, n);
    this.output_ratio = output_ratio === null ? null : ntuple(output_ratio, n);
    if (output_size === null && output_ratio === null) throw new ValueError(`${name} requires specifying either an output size, or a pooling ratio`);
    if (output_size !== null && output_ratio !== null) throw new ValueError("only one of output_size and output_ratio may be specified");
    if (this.output_ratio !== null && !this.output_ratio.every((r) => 0 < r && r < 1)) {
      throw new ValueError(`output_ratio must be between 0 and 1 (got ${show(output_ratio)})`);
    }
  }
  protected pool(f: Pool, input: Tensor): Tensor {
    return f(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, { _random_samples: this._random_samples });
  }
}
/** nn.FractionalMaxPool2d(kernel_size, output_size = None, output_ratio = None, return_indices = False) */
export class FractionalMaxPool2d extends _FractionalMaxPoolNd {
  constructor(...args: unknown[]) {
    super("FractionalMaxPool2d", 2, args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.fractional_max_pool2d, input);
  }
}
/** nn.FractionalMaxPool3d(kernel_size, output_size = None, output_ratio = None, return_indices = False) */
export class FractionalMaxPool3d extends _FractionalMaxPoolNd {
  constructor(...args: unknown[]) {
    super("FractionalMaxPool3d", 3, args);
  }
  forward(input: Tensor): Tensor {
    return this.pool(F.fractional_max_pool3d, input);
  }
}

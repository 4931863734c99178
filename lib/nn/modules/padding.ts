/**
 * Padding modules (torch/nn/modules/padding.py): constant, zero, reflection,
 * replication and (2.1 and later) circular padding in 1, 2 and 3 dimensions.
 */
import { binder } from "../../_pydef";
import { floatRepr } from "../../_pyformat";
import { NotImplementedError, ValueError } from "../../errors";
import { checkTensor, type Tensor } from "../../tensor";
import { torchAtLeast, libtorch_version } from "../../version";
import * as F from "../functional";
import { Module } from "./module";
import { ntuple, pyTuple } from "./utils";

// ZeroPad1d/3d and CircularPad1d/2d/3d came in PyTorch 2.1.
const NEWER_PADS = torchAtLeast(2, 1);

/** The padding of an n-dimensional pad: an int repeated 2n times, or the 2n-tuple given. */
function paddingOf(name: string, n: number, args: unknown[], spec = "padding"): [number[], unknown[]] {
  const [padding, ...rest] = binder(name, spec)(args);
  return [ntuple(padding, 2 * n), rest];
}

function requireNewer(name: string): void {
  if (!NEWER_PADS) throw new NotImplementedError(`nn.${name} is not in PyTorch ${libtorch_version} (it came in 2.1)`);
}

/** _ConstantPadNd: pads with `value`. */
abstract class _ConstantPadNd extends Module {
  declare padding: number[];
  declare value: number;
  protected constructor(name: string, n: number, args: unknown[]) {
    super();
    const [padding, [value]] = paddingOf(name, n, args, "padding, value");
    this.value = value as number;
    this.padding = padding;
  }
  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, "constant", this.value);
  }
  extra_repr(): string {
    return `padding=${pyTuple(this.padding)}, value=${floatRepr(this.value)}`;
  }
}
/** nn.ConstantPad1d(padding, value) */
export class ConstantPad1d extends _ConstantPadNd {
  constructor(...args: unknown[]) {
    super("ConstantPad1d", 1, args);
  }
}
/** nn.ConstantPad2d(padding, value) */
export class ConstantPad2d extends _ConstantPadNd {
  constructor(...args: unknown[]) {
    super("ConstantPad2d", 2, args);
  }
}
/** nn.ConstantPad3d(padding, value) */
export class ConstantPad3d extends _ConstantPadNd {
  constructor(...args: unknown[]) {
    super("ConstantPad3d", 3, args);
  }
}

/** The zero pads: ConstantPadNd(padding, 0.0), printed as their padding only. */
const zeroPadArgs = (name: string, args: unknown[]): unknown[] => [binder(name, "padding")(args)[0], 0.0];
/** nn.ZeroPad1d(padding) (PyTorch 2.1 and later) */
export class ZeroPad1d extends ConstantPad1d {
  constructor(...args: unknown[]) {
    requireNewer("ZeroPad1d");
    super(...zeroPadArgs("ZeroPad1d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
/** nn.ZeroPad2d(padding) */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: unknown[]) {
    super(...zeroPadArgs("ZeroPad2d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
/** nn.ZeroPad3d(padding) (PyTorch 2.1 and later) */
export class ZeroPad3d extends ConstantPad3d {
  constructor(...args: unknown[]) {
    requireNewer("ZeroPad3d");
    super(...zeroPadArgs("ZeroPad3d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

/** Reflection, replication and circular pads: F.pad with their mode, printed as their padding. */
abstract class _ModePadNd extends Module {
  declare padding: number[];
  protected constructor(name: string, n: number, args: unknown[], private readonly mode: string) {
    super();
    [this.padding] = paddingOf(name, n, args);
  }
  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, this.mode);
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
/** nn.ReflectionPad1d(padding) */
export class ReflectionPad1d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReflectionPad1d", 1, args, "reflect");
  }
}
/** nn.ReflectionPad2d(padding) */
export class ReflectionPad2d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReflectionPad2d", 2, args, "reflect");
  }
}
/** nn.ReflectionPad3d(padding) */
export class ReflectionPad3d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReflectionPad3d", 3, args, "reflect");
  }
}
/** nn.ReplicationPad1d(padding) */
export class ReplicationPad1d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReplicationPad1d", 1, args, "replicate");
  }
}
/** nn.ReplicationPad2d(padding) */
export class ReplicationPad2d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReplicationPad2d", 2, args, "replicate");
  }
}
/** nn.ReplicationPad3d(padding) */
export class ReplicationPad3d extends _ModePadNd {
  constructor(...args: unknown[]) {
    super("ReplicationPad3d", 3, args, "replicate");
  }
}

/** _CircularPadNd: checks the input's dimensions first (unbatched or batched). */
abstract class _CircularPadNd extends _ModePadNd {
  protected constructor(name: string, private readonly n: number, args: unknown[]) {
    requireNewer(name);
    super(name, n, args, "circular");
  }
  forward(input: Tensor): Tensor {
    checkTensor(input, "pad", "input"); // PyTorch calls input.dim() first
    const d = input.dim(), n = this.n;
    if (d !== n + 1 && d !== n + 2) throw new ValueError(`expected ${n + 1}D or ${n + 2}D input (got ${d}D input)`);
    return super.forward(input);
  }
}
/** nn.CircularPad1d(padding) (PyTorch 2.1 and later) */
export class CircularPad1d extends _CircularPadNd {
  constructor(...args: unknown[]) {
    super("CircularPad1d", 1, args);
  }
}
/** nn.CircularPad2d(padding) (PyTorch 2.1 and later) */
export class CircularPad2d extends _CircularPadNd {
  constructor(...args: unknown[]) {
    super("CircularPad2d", 2, args);
  }
}
/** nn.CircularPad3d(padding) (PyTorch 2.1 and later) */
export class CircularPad3d extends _CircularPadNd {
  constructor(...args: unknown[]) {
    super("CircularPad3d", 3, args);
  }
}

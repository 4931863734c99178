/** Batch norms (torch/nn/modules/batchnorm.py): _NormBase, BatchNorm1d/2d/3d. */
import { tensor } from "../../creation";
import { empty, ones, zeros } from "../../_generated/torch";
import { binder } from "../../_pydef";
import { checkTensor, type DeviceLike, type Tensor } from "../../tensor";
import { int64, type dtype } from "../../dtype";
import { ValueError } from "../../errors";
import { floatRepr, pyRepr } from "../../_pyformat";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { torchAtLeast } from "../../version";
import { Module } from "./module";

// From PyTorch 2.12 an affine norm may go without its bias (keyword-only `bias`), and its repr says so.
export const BIAS_OPTION = torchAtLeast(2, 12);
const BIAS_KW = BIAS_OPTION ? ", *, bias=True" : "";

/** _NormBase's parameters: (num_features, eps, momentum, affine, track_running_stats, device, dtype, *, bias). */
export const normSpec = (affine: boolean, track: boolean): string =>
  `num_features, eps=1e-05, momentum=0.1, affine=${affine ? "True" : "False"}, track_running_stats=${track ? "True" : "False"}, device=None, dtype=None${BIAS_KW}`;

/**
 * A norm's affine parameters, as every norm makes them: `weight` and `bias`
 * of `shape` (uninitialised; reset_parameters fills them), `bias` null
 * without a bias, both null when not affine.
 */
export function registerAffine(m: Module, shape: number[], affine: boolean, bias: boolean, factory: { device?: unknown; dtype?: unknown }): void {
  const make = () => new Parameter(empty(shape, factory as never));
  m.register_parameter("weight", affine ? make() : null);
  m.register_parameter("bias", affine && bias ? make() : null);
}

/** The shared part of batch and instance norms (PyTorch's _NormBase). */
export abstract class _NormBase extends Module {
  static _version = 2;
  declare num_features: number;
  declare eps: number;
  declare momentum: number | null;
  declare affine: boolean;
  declare track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  protected constructor(bound: unknown[]) {
    super();
    const [num_features, eps, momentum, affine, track_running_stats, device, dt, bias = true] =
      bound as [number, number, number | null, boolean, boolean, DeviceLike | undefined, dtype | undefined, boolean | undefined];
    const factory = { device: device ?? undefined, dtype: dt ?? undefined };
    Object.assign(this, { num_features, eps, momentum, affine, track_running_stats });
    registerAffine(this, [num_features], affine, bias, factory);
    if (track_running_stats) {
      this.register_buffer("running_mean", zeros([num_features], factory));
      this.register_buffer("running_var", ones([num_features], factory));
      this.register_buffer("num_batches_tracked", tensor(0n, { dtype: int64, device: factory.device }));
    } else {
      this.register_buffer("running_mean", null);
      this.register_buffer("running_var", null);
      this.register_buffer("num_batches_tracked", null);
    }
    this.reset_parameters();
  }

  reset_running_stats(): void {
    if (this.track_running_stats) {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    }
  }

  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      if (this.bias) init.zeros_(this.bias);
    }
  }

  abstract _check_input_dim(input: Tensor): void;

  _load_from_state_dict(
    state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[],
  ): void {
    const version = local_metadata.version as number | undefined;
    // State dicts from before num_batches_tracked existed load with 0.
    if ((version === undefined || version < 2) && this.track_running_stats) {
      const key = prefix + "num_batches_tracked";
      if (!state_dict.has(key)) state_dict.set(key, tensor(0n, { dtype: int64 }));
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }

  extra_repr(): string {
    const momentum = this.momentum === null ? "None" : floatRepr(this.momentum);
    const bias = BIAS_OPTION ? `bias=${pyRepr(this.bias !== null)}, ` : "";
    return `${this.num_features}, eps=${floatRepr(this.eps)}, momentum=${momentum}, affine=${pyRepr(this.affine)}, ${bias}track_running_stats=${pyRepr(this.track_running_stats)}`;
  }
}

/** PyTorch's _BatchNorm: batch statistics in training, running ones in eval. */
export abstract class _BatchNorm extends _NormBase {
  protected constructor(name: string, args: unknown[]) {
    super(binder(name, normSpec(true, true))(args));
  }

  forward(input: Tensor): Tensor {
    checkTensor(input, "batch_norm", "input");
    this._check_input_dim(input);
    let factor = this.momentum === null ? 0.0 : this.momentum;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1.0 / this.num_batches_tracked.item() : this.momentum;
    }
    // Batch statistics in training, and in eval when there are no running stats.
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    // Running stats are passed when they are updated or used.
    const passStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, passStats ? this.running_mean : null, passStats ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }
}

/**
 * nn.BatchNorm1d(num_features, eps = 1e-5, momentum = 0.1, affine = True, track_running_stats = True)
 * over (N, C) or (N, C, L) input.
 * @example new nn.BatchNorm1d(16) or new nn.BatchNorm1d({ num_features: 16 })
 */
export class BatchNorm1d extends _BatchNorm {
  constructor(...args: unknown[]) {
    super("BatchNorm1d", args);
  }
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

/** nn.BatchNorm2d(num_features, eps = 1e-5, momentum = 0.1, affine = True, track_running_stats = True) over (N, C, H, W). */
export class BatchNorm2d extends _BatchNorm {
  constructor(...args: unknown[]) {
    super("BatchNorm2d", args);
  }
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 4) throw new ValueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}

/** nn.BatchNorm3d(num_features, eps = 1e-5, momentum = 0.1, affine = True, track_running_stats = True) over (N, C, D, H, W). */
export class BatchNorm3d extends _BatchNorm {
  constructor(...args: unknown[]) {
    super("BatchNorm3d", args);
  }
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 5) throw new ValueError(`expected 5D input (got ${input.dim()}D input)`);
  }
}

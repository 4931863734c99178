/** nn.BatchNorm1d (torch/nn/modules/batchnorm.py). */
import { tensor } from "../../creation";
import { ones, zeros } from "../../_generated/torch";
import { checkTensor, type DeviceLike, type Tensor } from "../../tensor";
import { int64, type dtype } from "../../dtype";
import { ValueError } from "../../errors";
import { floatRepr, pyRepr } from "../../_pyformat";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { torchAtLeast } from "../../version";
import { Module } from "./module";

// From PyTorch 2.12 an affine norm may go without its bias, and its repr says so.
const BIAS_OPTION = torchAtLeast(2, 12);

export type BatchNormOptions = {
  eps?: number;
  /** null: a cumulative moving average instead of an exponential one. */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
  device?: DeviceLike;
  dtype?: dtype;
  /** false: an affine norm without its additive bias (PyTorch 2.12). */
  bias?: boolean;
};

/** The shared part of the batch norms (PyTorch's _NormBase and _BatchNorm). */
export abstract class _BatchNorm extends Module {
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

  constructor(num_features: number | ({ num_features: number } & BatchNormOptions), options: BatchNormOptions = {}) {
    super();
    if (typeof num_features === "object") ({ num_features, ...options } = num_features);
    const { eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true, device, dtype, bias = true } = options;
    const factory = { device, dtype };
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track_running_stats;
    if (affine) {
      this.weight = new Parameter(zeros([num_features], factory));
      if (bias) this.bias = new Parameter(zeros([num_features], factory));
      else this.register_parameter("bias", null);
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    if (track_running_stats) {
      this.register_buffer("running_mean", zeros([num_features], factory));
      this.register_buffer("running_var", ones([num_features], factory));
      this.register_buffer("num_batches_tracked", tensor(0n, { dtype: int64, device }));
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

  forward(input: Tensor): Tensor {
    checkTensor(input, "batch_norm", "input");
    this._check_input_dim(input);
    let factor = this.momentum === null ? 0.0 : this.momentum;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1.0 / (this.num_batches_tracked.item() as number) : this.momentum;
    }
    // Batch statistics in training, and in eval when there are no running stats.
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    // Running stats are passed when they are updated or used.
    const passStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, passStats ? this.running_mean : null, passStats ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }

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

/**
 * nn.BatchNorm1d(num_features, { eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true })
 * over (N, C) or (N, C, L) input.
 * @example new nn.BatchNorm1d(16) or new nn.BatchNorm1d({ num_features: 16 })
 */
export class BatchNorm1d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

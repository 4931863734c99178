/** Instance norms (torch/nn/modules/instancenorm.py): InstanceNorm1d/2d/3d. */
import { binder } from "../../_pydef";
import { ValueError } from "../../errors";
import { checkTensor, type Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import { _NormBase, normSpec } from "./batchnorm";

const V2 = torchAtLeast(2);
const warned = new Set<string>();

/** PyTorch's _InstanceNorm: per-sample statistics; affine and track_running_stats default to False. */
abstract class _InstanceNorm extends _NormBase {
  protected constructor(name: string, private readonly noBatchDim: number, args: unknown[]) {
    super(binder(name, normSpec(false, false))(args));
  }

  _check_input_dim(input: Tensor): void {
    const n = this.noBatchDim;
    checkTensor(input, "instance_norm", "input"); // PyTorch calls input.dim() first
    if (input.dim() !== n && input.dim() !== n + 1) throw new ValueError(`expected ${n}D or ${n + 1}D input (got ${input.dim()}D input)`);
  }

  _get_no_batch_dim(): number {
    return this.noBatchDim;
  }

  _apply_instance_norm(input: Tensor): Tensor {
    // 2.x passes a None momentum as 0.0.
    const momentum = V2 && this.momentum === null ? 0.0 : this.momentum;
    return F.instance_norm(input, this.running_mean, this.running_var, this.weight, this.bias, this.training || !this.track_running_stats, momentum, this.eps);
  }

  _load_from_state_dict(
    state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[],
  ): void {
    // Checkpoints from before 0.4.0 kept running stats that are no longer tracked by default.
    if (local_metadata.version === undefined && !this.track_running_stats) {
      const keys = ["running_mean", "running_var"].map((n) => prefix + n).filter((k) => state_dict.has(k));
      if (keys.length) {
        const klass = this._get_name();
        error_msgs.push(
          `Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(" and ")} for ${klass} with track_running_stats=False. ` +
          "If state_dict is a checkpoint saved before 0.4.0, this may be expected because " +
          `${klass} does not track running stats by default since 0.4.0. Please remove these keys from state_dict. ` +
          `If the running stats are actually needed, instead set track_running_stats=True in ${klass} to enable them. ` +
          `See the documentation of ${klass} for details.`,
        );
        for (const k of keys) state_dict.delete(k);
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }

  forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    const n = this.noBatchDim;
    if (V2) {
      const featureDim = input.dim() - n;
      if (input.size(featureDim) !== this.num_features) {
        if (this.affine) {
          throw new ValueError(`expected input's size at dim=${featureDim} to match num_features (${this.num_features}), but got: ${input.size(featureDim)}.`);
        }
        const message = `input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`;
        if (!warned.has(message)) process.emitWarning(message, "UserWarning");
        warned.add(message);
      }
    }
    if (input.dim() === n) return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0);
    return this._apply_instance_norm(input);
  }
}

/** nn.InstanceNorm1d(num_features, eps = 1e-5, momentum = 0.1, affine = False, track_running_stats = False) over (N, C, L) or (C, L). */
export class InstanceNorm1d extends _InstanceNorm {
  constructor(...args: unknown[]) {
    super("InstanceNorm1d", 2, args);
  }
}

/** nn.InstanceNorm2d(num_features, eps = 1e-5, momentum = 0.1, affine = False, track_running_stats = False) over (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends _InstanceNorm {
  constructor(...args: unknown[]) {
    super("InstanceNorm2d", 3, args);
  }
}

/** nn.InstanceNorm3d(num_features, eps = 1e-5, momentum = 0.1, affine = False, track_running_stats = False) over (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends _InstanceNorm {
  constructor(...args: unknown[]) {
    super("InstanceNorm3d", 4, args);
  }
}

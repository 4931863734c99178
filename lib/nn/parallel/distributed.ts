/**
 * nn.parallel.DistributedDataParallel (torch/nn/parallel/distributed.py) on
 * c10d's own Reducer: the constructor checks the ranks' parameters agree and
 * broadcasts rank 0's parameters and buffers; during backward, the Reducer's
 * hooks on each parameter's gradient accumulator all-reduce buckets of
 * gradients (scaled by 1/world_size) while the rest of backward runs, and
 * write the averages back into `.grad`. The first iteration uses one bucket;
 * the next rebuilds buckets of bucket_cap_mb (1 MB first) in the order the
 * gradients came, all as PyTorch's DDP does.
 */
import { is_grad_enabled, no_grad } from "../../autograd/grad_mode";
import { expected, RuntimeError, ValueError } from "../../errors";
import { native } from "../../native";
import { Tensor } from "../../tensor";
import * as dist from "../../distributed/distributed_c10d";
import { Module } from "../modules/module";

// dist._DEFAULT_FIRST_BUCKET_BYTES
const DEFAULT_FIRST_BUCKET_BYTES = 1024 * 1024;
// sys.maxsize, where it only has to exceed every model's size: one bucket.
const ONE_BUCKET = Number.MAX_SAFE_INTEGER;
const BROADCAST_BUCKET_SIZE = 250 * 1024 * 1024;

export type DistributedDataParallelOptions = {
  device_ids?: (number | string)[] | null;
  output_device?: number | string | null;
  broadcast_buffers?: boolean;
  process_group?: dist.ProcessGroup | null;
  bucket_cap_mb?: number;
  find_unused_parameters?: boolean;
  gradient_as_bucket_view?: boolean;
};

/** Every tensor in a forward's output (DDP's _find_tensors). */
function findTensors(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => findTensors(v, out));
  else if (value instanceof Map) value.forEach((v) => findTensors(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => findTensors(v, out));
  return out;
}

/**
 * DistributedDataParallel(module, { device_ids, broadcast_buffers = true, process_group,
 * bucket_cap_mb = 25, find_unused_parameters = false, gradient_as_bucket_view = false }):
 * `ddp(X)` runs `ddp.module(X)`; after `loss.backward()` every rank holds the
 * average gradient. State dict keys start with "module.", as PyTorch's do.
 * @example const model = new nn.parallel.DistributedDataParallel(new MLP());
 */
export class DistributedDataParallel extends Module {
  declare module: Module;
  declare process_group: dist.ProcessGroup;
  declare broadcast_buffers: boolean;
  declare find_unused_parameters: boolean;
  declare gradient_as_bucket_view: boolean;
  declare bucket_bytes_cap: number;
  declare require_backward_grad_sync: boolean;
  declare require_forward_param_sync: boolean;
  declare num_iterations: number;
  declare device_ids: null;
  /** @internal c10d's Reducer. */
  declare _reducer: unknown;

  constructor(module: Module, options: DistributedDataParallelOptions = {}) {
    super();
    if (!(module instanceof Module)) throw expected("an nn.Module", "module", module);
    const {
      device_ids = null, output_device = null, broadcast_buffers = true, process_group = null,
      bucket_cap_mb = 25, find_unused_parameters = false, gradient_as_bucket_view = false,
    } = options;
    const params = [...module.named_parameters()].filter(([, p]) => p.requires_grad);
    if (params.length === 0) {
      throw new RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
    }
    const deviceTypes = new Set(params.map(([, p]) => p.device.type));
    if (deviceTypes.size !== 1) {
      throw new ValueError(`DistributedDataParallel's input module must be on the same type of devices, but input module parameters locate in {${[...deviceTypes].map((d) => `'${d}'`).join(", ")}}.`);
    }
    if (deviceTypes.has("cpu") && ((device_ids && device_ids.length) || output_device !== null)) {
      throw new ValueError(
        "DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device GPU modules or CPU modules, " +
          `but got device_ids ${JSON.stringify(device_ids)}, output_device ${output_device}, and module parameters {device(type='cpu')}.`,
      );
    }
    if (typeof bucket_cap_mb !== "number" || !(bucket_cap_mb > 0)) throw expected("a positive number", "bucket_cap_mb", bucket_cap_mb);
    this.process_group = process_group ?? (dist.GroupMember.WORLD as dist.ProcessGroup);
    if (!this.process_group) dist.get_rank(); // says the default group is not initialized
    this.module = module;
    this.device_ids = null;
    this.broadcast_buffers = broadcast_buffers;
    this.find_unused_parameters = find_unused_parameters;
    this.gradient_as_bucket_view = gradient_as_bucket_view;
    this.require_backward_grad_sync = true;
    this.require_forward_param_sync = true;
    this.bucket_bytes_cap = Math.trunc(bucket_cap_mb * 1024 * 1024);
    this.num_iterations = 0;

    const tensors = params.map(([, p]) => p);
    const group = this.process_group._handle;
    native._dist_verify_params_across_processes(group, tensors);
    // _sync_module_states: rank 0's parameters and buffers, everywhere.
    const states = [...module.parameters(), ...module.buffers()].map((t) => t.detach());
    if (states.length) dist._broadcast_coalesced(this.process_group, states, BROADCAST_BUCKET_SIZE, 0);
    // _ddp_init_helper: one bucket until the first backward shows the order gradients come in.
    const limits = find_unused_parameters ? [DEFAULT_FIRST_BUCKET_BYTES, this.bucket_bytes_cap] : [ONE_BUCKET];
    const [buckets, perBucket] = native._dist_compute_bucket_assignment_by_size(tensors, limits) as [number[][], number[]];
    this._reducer = native._dist_reducer(
      tensors, [...buckets].reverse(), [...perBucket].reverse(), group, this.bucket_bytes_cap, find_unused_parameters,
      gradient_as_bucket_view, params.map(([name]) => name), DEFAULT_FIRST_BUCKET_BYTES,
    );
  }

  /** Buffers to send from rank 0 before each forward (BatchNorm's running statistics). */
  private moduleBuffers(): Tensor[] {
    return [...this.module.buffers()];
  }

  forward(...inputs: unknown[]): unknown {
    const grad = is_grad_enabled();
    if (grad && this.require_backward_grad_sync) {
      this.num_iterations++;
      native._dist_reducer_prepare_for_forward(this._reducer);
    }
    if (grad) native._dist_reducer_rebuild_buckets(this._reducer);
    const buffers = this.moduleBuffers();
    if (this.require_forward_param_sync && this.broadcast_buffers && buffers.length) {
      no_grad(() => dist._broadcast_coalesced(this.process_group, buffers, BROADCAST_BUCKET_SIZE, 0));
    }
    const output = (this.module as unknown as (...a: unknown[]) => unknown)(...inputs);
    if (grad && this.require_backward_grad_sync) {
      this.require_forward_param_sync = true;
      native._dist_reducer_prepare_for_backward(this._reducer, this.find_unused_parameters ? findTensors(output) : []);
    } else {
      this.require_forward_param_sync = false;
    }
    return output;
  }

  /**
   * no_sync(fn): runs fn (forward and backward) without averaging gradients;
   * they accumulate locally until the first forward-backward after it.
   * @example ddp.no_sync(() => ddp(X1).sum().backward()); ddp(X2).sum().backward();
   */
  no_sync<T>(fn: () => T): T {
    const old = this.require_backward_grad_sync;
    this.require_backward_grad_sync = false;
    try {
      return fn();
    } finally {
      this.require_backward_grad_sync = old;
    }
  }
}

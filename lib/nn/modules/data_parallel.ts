/**
 * nn.DataParallel (torch/nn/parallel/data_parallel.py). Kept beside the modules
 * rather than in lib/nn/parallel/ because its CPU behaviour is a plain wrapper:
 * with no CUDA device, PyTorch keeps `module` (state_dict keys "module.…"), sets
 * device_ids to [] and forward just calls the module.
 */
import { binder } from "../../_pydef";
import { device_count, is_available } from "../../cuda";
import { NotImplementedError, RuntimeError } from "../../errors";
import { Tensor } from "../../tensor";
import { Module } from "./module";

const bind = binder("DataParallel", "module, device_ids=None, output_device=None, dim=0");

/** _get_device_index(device, optional=True) for CUDA: an int, "cuda:i", or a torch.device. */
function deviceIndex(d: unknown): number {
  if (typeof d === "number") return d;
  const text = String(typeof d === "object" && d !== null && "type" in d ? `${(d as { type: string }).type}:${(d as { index?: number | null }).index ?? 0}` : d);
  const m = /^cuda(?::(\d+))?$/.exec(text);
  if (!m) throw new RuntimeError(`Expected a cuda device, but got: ${text}`);
  return Number(m[1] ?? 0);
}

/**
 * nn.DataParallel(module, device_ids = None, output_device = None, dim = 0): runs `module` over the CUDA devices.
 * Without CUDA (PyTorch's own CPU behaviour) it only wraps the module; with one CUDA device it moves the module
 * there and runs it on inputs moved there. Several devices (replicate/scatter/gather) are not ported.
 * @example const model = new nn.DataParallel(new Net()); model(x); model.state_dict(); // keys "module.…"
 */
export class DataParallel<M extends Module = Module> extends Module {
  declare module: M;
  declare device_ids: number[];
  declare output_device: number;
  declare dim: number;
  declare src_device_obj: string;
  constructor(...args: unknown[]) {
    super();
    const [module, device_ids, output_device, dim] = bind(args) as [M, unknown[] | null, unknown, number];
    if (!is_available()) {
      this.module = module;
      this.device_ids = [];
      return;
    }
    const ids = device_ids ?? Array.from({ length: device_count() }, (_, i) => i);
    this.dim = dim;
    this.module = module;
    this.device_ids = ids.map(deviceIndex);
    this.output_device = deviceIndex(output_device ?? ids[0]);
    this.src_device_obj = `cuda:${this.device_ids[0]}`;
    if (this.device_ids.length === 1) this.module.to(this.src_device_obj);
  }
  forward(...inputs: unknown[]): unknown {
    if (!this.device_ids.length) return this.module(...inputs);
    for (const t of [...this.module.parameters(), ...this.module.buffers()]) {
      if (String(t.device) !== this.src_device_obj) {
        throw new RuntimeError(
          `module must have its parameters and buffers on device ${this.src_device_obj} (device_ids[0]) but found one of them on device: ${t.device}`,
        );
      }
    }
    if (this.device_ids.length > 1) throw new NotImplementedError("nn.DataParallel over several CUDA devices is not ported to torchnode; use DistributedDataParallel");
    const move = (v: unknown): unknown =>
      v instanceof Tensor ? v.to(this.src_device_obj) : Array.isArray(v) ? v.map(move) : v;
    return this.module(...inputs.map(move));
  }
}

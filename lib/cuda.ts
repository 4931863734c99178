/**
 * torch.cuda (torch/cuda/__init__.py, memory.py, streams.py). Availability,
 * seeding and synchronize answer on every build; the device, memory and
 * stream functions need torchnode's CUDA flavour and, like Python's, CUDA
 * itself: they initialise it first (a machine without a GPU gets PyTorch's
 * "Found no NVIDIA driver on your system..."), and a CPU build says "Torch not
 * compiled with CUDA enabled". The memory statistics read 0 where CUDA cannot
 * have been initialised, as Python's do before its lazy init.
 */
import { device as Device, type DeviceLike } from "./device";
import { expected, ValueError } from "./errors";
import { native } from "./native";

/** torch.cuda.is_available() */
export function is_available(): boolean {
  return native._cuda_is_available();
}
/** torch.cuda.device_count() */
export function device_count(): number {
  return native._cuda_device_count();
}
/** torch.cuda.manual_seed(seed): seeds the current CUDA device; a no-op without CUDA. */
export function manual_seed(seed: number | bigint): void {
  native._cuda_manual_seed(seed, false);
}
/** torch.cuda.manual_seed_all(seed): seeds every CUDA device; a no-op without CUDA. */
export function manual_seed_all(seed: number | bigint): void {
  native._cuda_manual_seed(seed, true);
}
/** torch.cuda.synchronize(device?): waits for the device's queued work. */
export function synchronize(device?: DeviceLike): void {
  native._cuda_synchronize(device);
}

/**
 * A device's index as torch.cuda._utils._get_device_index takes it: an
 * integer, "cuda:1", a torch.device; "cuda" or nothing is the current
 * device (-1 to the addon).
 */
function deviceIndex(device: DeviceLike | null | undefined): number {
  if (device === undefined || device === null) return -1;
  if (typeof device === "number") {
    if (!Number.isInteger(device)) throw expected("a device index, a device string or a torch.device", "device", device);
    return device;
  }
  const d = device instanceof Device ? device : typeof device === "string" ? new Device(device) : null;
  if (!d) throw expected("a device index, a device string or a torch.device", "device", device);
  if (d.type !== "cuda") throw new ValueError(`Expected a cuda device, but got: ${d}`);
  return d.index ?? -1;
}

/** torch.cuda.current_device(): the index of the current CUDA device. */
export function current_device(): number {
  return native._cuda_current_device();
}
/** torch.cuda.set_device(device): makes it the current CUDA device (a negative index does nothing, as in PyTorch). */
export function set_device(device: DeviceLike): void {
  const index = deviceIndex(device);
  if (index >= 0) native._cuda_set_device(index);
}
/** torch.cuda.get_device_name(device?): the device's name, e.g. "NVIDIA H100 80GB HBM3". */
export function get_device_name(device?: DeviceLike | null): string {
  return native._cuda_device_name(deviceIndex(device));
}

// The caching allocator's statistics: [allocated, allocated peak, reserved, reserved peak].
function stats(device: DeviceLike | null | undefined): number[] {
  if (!is_available()) return [0, 0, 0, 0];
  return native._cuda_memory_stats(deviceIndex(device));
}
/** torch.cuda.memory_allocated(device?): bytes the tensors on the device occupy. */
export function memory_allocated(device?: DeviceLike | null): number {
  return stats(device)[0];
}
/** torch.cuda.max_memory_allocated(device?): the peak of memory_allocated since the start or the last reset. */
export function max_memory_allocated(device?: DeviceLike | null): number {
  return stats(device)[1];
}
/** torch.cuda.memory_reserved(device?): bytes the caching allocator holds. */
export function memory_reserved(device?: DeviceLike | null): number {
  return stats(device)[2];
}
/** torch.cuda.max_memory_reserved(device?): the peak of memory_reserved. */
export function max_memory_reserved(device?: DeviceLike | null): number {
  return stats(device)[3];
}
/** torch.cuda.reset_peak_memory_stats(device?): the peaks start again from the current values. */
export function reset_peak_memory_stats(device?: DeviceLike | null): void {
  native._cuda_reset_peak_memory_stats(deviceIndex(device));
}
/** torch.cuda.empty_cache(): returns the cached blocks no tensor uses to the driver; nothing to do before CUDA is in use. */
export function empty_cache(): void {
  if (is_available()) native._cuda_empty_cache();
}

/**
 * torch.cuda.Stream: a CUDA stream of one device (a new one from the pool,
 * or a handle on an existing one from current_stream/default_stream).
 * @example const s = new torch.cuda.Stream(); torch.cuda.stream(s, () => work()); s.synchronize();
 */
export class Stream {
  readonly stream_id: number;
  readonly device_index: number;
  readonly device_type = "cuda";
  /** new Stream(device?, priority = 0): a stream from the device's pool (priority < 0: high priority). */
  constructor(device?: DeviceLike | null, priority = 0, /** @internal */ handle?: [number, number]) {
    [this.stream_id, this.device_index] = handle ?? native._cuda_stream("new", deviceIndex(device), priority);
  }
  get device(): Device {
    return new Device("cuda", this.device_index);
  }
  /** Waits for the work queued on this stream. */
  synchronize(): void {
    native._cuda_stream_synchronize(this.stream_id, this.device_index);
  }
  /** Whether all its work is done. */
  query(): boolean {
    return native._cuda_stream_query(this.stream_id, this.device_index);
  }
  toString(): string {
    return `<torch.cuda.Stream device=cuda:${this.device_index} cuda_stream=${this.stream_id}>`;
  }
}
/** torch.cuda.current_stream(device?) */
export function current_stream(device?: DeviceLike | null): Stream {
  return new Stream(null, 0, native._cuda_stream("current", deviceIndex(device)));
}
/** torch.cuda.default_stream(device?) */
export function default_stream(device?: DeviceLike | null): Stream {
  return new Stream(null, 0, native._cuda_stream("default", deviceIndex(device)));
}
/** torch.cuda.set_stream(stream): makes it its device's current stream. */
export function set_stream(stream: Stream): void {
  if (!(stream instanceof Stream)) throw expected("a torch.cuda.Stream", "stream", stream);
  native._cuda_set_stream(stream.stream_id, stream.device_index);
}
/**
 * torch.cuda.stream(s, fn): runs fn with s as the current stream of its
 * device (Python's `with torch.cuda.stream(s):`), then restores the one before.
 */
export function stream<T>(s: Stream | null, fn: () => T): T {
  if (s === null) return fn();
  const before = current_stream(s.device_index);
  set_stream(s);
  try {
    return fn();
  } finally {
    set_stream(before);
  }
}

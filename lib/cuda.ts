/** torch.cuda: CUDA availability and seeding (false/0 on a CPU-only libtorch). */
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
export function synchronize(device?: string | number): void {
  native._cuda_synchronize(device);
}

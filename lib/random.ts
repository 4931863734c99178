/** The global random stream and thread settings: torch.manual_seed and friends. */
import { native } from "./native";

/** torch.manual_seed(seed): seeds the CPU generator and every CUDA one. */
export function manual_seed(seed: number | bigint): void {
  native.manual_seed(seed);
}
/** torch.initial_seed(): the seed of the default CPU generator. */
export function initial_seed(): bigint {
  return native.initial_seed();
}
/** torch.get_num_threads() */
export function get_num_threads(): number {
  return native.get_num_threads();
}
/** torch.set_num_threads(n) */
export function set_num_threads(n: number): void {
  native.set_num_threads(n);
}
/** torch.get_num_interop_threads() */
export function get_num_interop_threads(): number {
  return native.get_num_interop_threads();
}

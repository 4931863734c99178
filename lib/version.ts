/** torchnode's version and the libtorch it runs on. */
import { native } from "./native";

/** The libtorch version the addon was built against (e.g. "1.13.0"). */
export const libtorch_version: string = native._torchVersion;
/** torchnode's own version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const version: string = require("../package.json").version;

const [major, minor] = libtorch_version.split(".").map(Number);
/**
 * Whether the libtorch here is at least major.minor. What PyTorch keeps in
 * Python (optimizers, schedulers, modules, messages) changed between 1.13 and
 * 2.x; torchnode follows the Python of the libtorch it runs on, as a script
 * ported from that PyTorch expects.
 */
export function torchAtLeast(wantMajor: number, wantMinor = 0): boolean {
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** torchnode's version and the libtorch it runs on. */
import { native } from "./native";

/** The libtorch version the addon was built against (e.g. "1.13.0"). */
export const libtorch_version: string = native._torchVersion;
/** torchnode's own version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const version: string = require("../package.json").version;

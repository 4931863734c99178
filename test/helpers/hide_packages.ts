/**
 * A `node --require` preload that makes packages unresolvable, as in an
 * install without torchnode's optional peers: `require("vega")` and
 * `require("vega/...")` fail with MODULE_NOT_FOUND.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Writes the preload for `names` into a fresh temporary folder; returns its path (remove its folder when done). */
export function hidePackagesPreload(names: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-hide-")), "hide.cjs");
  fs.writeFileSync(file, `
const Module = require("node:module");
const hidden = ${JSON.stringify(names)};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (hidden.some((name) => request === name || request.startsWith(name + "/"))) {
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: "MODULE_NOT_FOUND" });
  }
  return resolve.call(this, request, ...rest);
};
`);
  return file;
}

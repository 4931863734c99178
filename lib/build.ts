/**
 * Compiling the addon from source (cmake-js, CMakeLists.txt) into
 * build/Release, where the loader looks first: used by `torchnode build` and
 * by the loader itself when no prebuild matches the libtorch found here.
 */
import { spawnSync, type StdioOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MissingDependencyError, resolveOptional } from "./_optional";

const root = path.resolve(__dirname, "..");

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Why a build from source cannot run here ("" when it can). */
export function cannotBuild(): string {
  const missing = ["cmake", "make", "g++"].filter((c) => !has(c));
  if (missing.length) return `${missing.join(", ")} not found (Debian: apt-get install cmake g++ make)`;
  const missing_ = (["cmake-js", "node-addon-api"] as const).filter((p) => resolveOptional(p) === null);
  if (missing_.length) return new MissingDependencyError([...missing_]).message;
  if (!fs.existsSync(path.join(root, "CMakeLists.txt"))) return `no CMakeLists.txt in ${root}`;
  return "";
}

/** Runs `cmake-js rebuild` in torchnode's folder; its exit status. */
export function buildFromSource(stdio: StdioOptions = "inherit"): number {
  const cmakeJs = resolveOptional("cmake-js", "bin/cmake-js") as string;
  const r = spawnSync(process.execPath, [cmakeJs, "rebuild", "--log-level", "warn"], { stdio, cwd: root });
  return r.status ?? 1;
}

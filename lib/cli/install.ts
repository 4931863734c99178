/**
 * `torchnode setup` and `torchnode build`: getting libtorch and the addon onto
 * a machine. Neither loads the addon (they run when it cannot load).
 */
import { spawnSync } from "node:child_process";
import { buildFromSource, cannotBuild } from "../build";
import { findLibtorch } from "../libtorch";

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Finds libtorch; installs Debian's libtorch-dev when none is found and we may; else prints what to run. */
export function setup(): number {
  const tried: string[] = [];
  const found = findLibtorch(tried);
  if (found.length) {
    for (const lib of found) console.log(`libtorch ${lib.version}: ${lib.source}`);
    return 0;
  }
  const root_ = typeof process.getuid === "function" && process.getuid() === 0;
  if (root_ && has("apt-get")) {
    console.log("torchnode setup: no libtorch found; installing Debian's libtorch-dev with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", "libtorch-dev"]]) {
      const r = spawnSync("apt-get", args, { stdio: "inherit", env });
      if (r.status !== 0) return r.status ?? 1;
    }
    return setup();
  }
  console.error(
    `torchnode setup: no libtorch found (${tried.join("; ")}). Install one:\n` +
      "  Debian/Ubuntu:  sudo apt-get install libtorch-dev\n" +
      "  elsewhere:      unpack libtorch (C++) from pytorch.org and set LIBTORCH to its folder",
  );
  return 1;
}

/** Compiles the addon from source into build/Release (the loader tries it first). */
export function build(): number {
  const why = cannotBuild();
  if (why) {
    console.error(`torchnode build: ${why}; fix that and run it again`);
    return 1;
  }
  return buildFromSource();
}

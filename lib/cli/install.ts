/**
 * `torchnode setup` and `torchnode build`: getting libtorch and the addon onto
 * a machine. Neither loads the addon (they run when it cannot load).
 */
import { spawnSync } from "node:child_process";
import { buildFromSource, cannotBuild } from "../build";
import { findLibtorch } from "../libtorch";
import { ArgumentParser } from "./args";

// Neither takes options: the parsers answer -h and reject anything else before any work.
const setupParser = new ArgumentParser("torchnode setup", {}, [],
  "Finds libtorch; installs Debian's libtorch-dev when none is found and it runs as root with apt-get; else says what to install.");
const buildParser = new ArgumentParser("torchnode build", {}, [], "Compiles the addon from source for the libtorch found here, into build/Release (needs cmake and g++).");

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** `torchnode setup [-h]`: its command line checked, then setup(). */
export function setupCommand(argv: string[]): number {
  if (setupParser.parse(argv) !== "help") return setup();
  console.log(setupParser.help());
  return 0;
}

/** `torchnode build [-h]`: its command line checked, then build(). */
export function buildCommand(argv: string[]): number {
  if (buildParser.parse(argv) !== "help") return build();
  console.log(buildParser.help());
  return 0;
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

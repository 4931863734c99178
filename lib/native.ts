/**
 * Finds and loads the native addon. Every place a binary can be is tried in
 * order; when none loads, one error lists each attempt and what to do, as
 * sharp's loader does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as errors from "./errors";

/** The addon's exports: untyped here; lib/ gives them types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Native = Record<string, any>;

const root = path.resolve(__dirname, "..");

function candidates(): string[] {
  const list: string[] = [];
  if (process.env.TORCHNODE_BINARY) list.push(path.resolve(process.env.TORCHNODE_BINARY));
  list.push(path.join(root, "build", "Release", "torchnode.node"));
  list.push(path.join(root, "build", "Debug", "torchnode.node"));
  return list;
}

function load(): Native {
  const tried: string[] = [];
  for (const file of candidates()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file}: not found`);
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file) as Native;
    } catch (e) {
      tried.push(`${file}: ${(e as Error).message}`);
    }
  }
  const solutions = [
    "Build the addon from source: npm run build:native (needs cmake, g++ and libtorch).",
    "Install libtorch: bash scripts/setup.sh (as root on Debian/Ubuntu: apt-get install libtorch-dev).",
    "Point TORCHNODE_BINARY at a torchnode.node built for this libtorch.",
  ];
  throw new Error(
    `torchnode: could not load the native addon.\nTried:\n${tried.map((t) => `  - ${t}`).join("\n")}\n` +
      `Possible solutions:\n${solutions.map((s) => `  - ${s}`).join("\n")}`,
  );
}

export const native: Native = load();

native._setErrorClasses({
  RuntimeError: errors.RuntimeError,
  IndexError: errors.IndexError,
  TypeError: errors.TorchTypeError,
  ValueError: errors.ValueError,
  NotImplementedError: errors.NotImplementedError,
});

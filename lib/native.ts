/**
 * Finds and loads the native addon, as sharp's loader does: every place a
 * binary can be is tried in order, and when none loads one error lists each
 * attempt, what was found, and what to do.
 *
 * Order: TORCHNODE_BINARY (a specific .node); this checkout's own build
 * (build/Release, made by `npm run build:native` or `npx torchnode build`);
 * then the prebuild made for the libtorch found on this machine. Prebuilds
 * are named prebuilds/<platform>-<arch>/torchnode.libtorch-<x.y>.<flavour>.<abi>.node
 * (scripts/prebuild.sh), and one made for another libtorch is refused rather
 * than loaded and left to crash.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as errors from "./errors";
import { findLibtorch, listPrebuilds } from "./libtorch";

/** The addon's exports: untyped here; lib/ gives them types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Native = Record<string, any>;

const root = path.resolve(__dirname, "..");
/** native/addon.cc's _interface: binaries from other sources of torchnode are refused. */
const INTERFACE = 2;

function load(): Native {
  const tried: string[] = [];
  const attempt = (file: string, what: string): Native | null => {
    if (!fs.existsSync(file)) {
      tried.push(`${what} ${file}: not found`);
      return null;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const binary = require(file) as Native;
      if (binary._interface !== INTERFACE) {
        tried.push(`${what} ${file}: built from another version of torchnode's sources (interface ${binary._interface ?? 1}, expected ${INTERFACE}); rebuild it`);
        return null;
      }
      return binary;
    } catch (e) {
      tried.push(`${what} ${file}: ${(e as Error).message.split("\n")[0]}`);
      return null;
    }
  };
  if (process.env.TORCHNODE_BINARY) {
    const binary = attempt(path.resolve(process.env.TORCHNODE_BINARY), "TORCHNODE_BINARY");
    if (binary) return binary;
  }
  if (!process.env.TORCHNODE_SKIP_LOCAL_BUILD) {
    const local = attempt(path.join(root, "build", "Release", "torchnode.node"), "local build");
    if (local) return local;
  }
  const libtorches = findLibtorch(tried);
  const prebuilds = process.env.TORCHNODE_PREBUILDS_DIR ? listPrebuilds(path.resolve(process.env.TORCHNODE_PREBUILDS_DIR)) : listPrebuilds();
  for (const lib of libtorches) {
    for (const pb of prebuilds.filter((p) => p.version === lib.version)) {
      const binary = attempt(pb.file, `prebuild for libtorch ${pb.version} (${pb.flavour}, ${pb.abi} ABI), with ${lib.source}:`);
      if (binary) return binary;
    }
  }
  for (const pb of prebuilds) {
    if (!libtorches.some((l) => l.version === pb.version)) {
      tried.push(`prebuild ${path.basename(pb.file)}: refused, it was built for libtorch ${pb.version} and ${libtorches.length ? `this machine has ${libtorches.map((l) => `${l.version} (${l.source})`).join(", ")}` : "no libtorch was found"}`);
    }
  }
  if (prebuilds.length === 0) tried.push(`prebuilds: none for ${process.platform}-${process.arch}`);
  const solutions = libtorches.length
    ? ["Build the addon for this libtorch: npx torchnode build (needs cmake and g++).", "Point TORCHNODE_BINARY at a torchnode.node built for this libtorch."]
    : [
        "Install libtorch: npx torchnode setup (as root on Debian/Ubuntu it runs apt-get install libtorch-dev),",
        "  or set LIBTORCH to an unpacked libtorch folder (with lib/ and build-version).",
        "Then, if no prebuild matches it: npx torchnode build (needs cmake and g++).",
      ];
  throw new Error(
    `torchnode: could not load the native addon.\nTried:\n${tried.map((t) => `  - ${t}`).join("\n")}\n` +
      `Possible solutions:\n${solutions.map((s) => `  - ${s}`).join("\n")}`,
  );
}

export const native: Native = load();

// Native calls do not throw: a failed call returns `native._fail` and leaves
// its error for `_takeError()` (see Guarded in native/common.h for why).
// These wrappers throw it from JavaScript.
const FAIL: unknown = native._fail;
const takeError: () => Error = native._takeError;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
// Fixed arity, dispatching on arguments.length: the native side sees exactly
// the arguments given, and V8 optimises this far better than rest/apply.
function guard(f: Fn): Fn {
  const wrapped = function (this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown) {
    let result: unknown;
    switch (arguments.length) {
      case 0: result = f.call(this); break;
      case 1: result = f.call(this, a); break;
      case 2: result = f.call(this, a, b); break;
      case 3: result = f.call(this, a, b, c); break;
      case 4: result = f.call(this, a, b, c, d); break;
      // eslint-disable-next-line prefer-rest-params
      default: result = f.apply(this, arguments as unknown as unknown[]);
    }
    if (result === FAIL) throw takeError();
    return result;
  } as Fn;
  Object.defineProperty(wrapped, "name", { value: f.name });
  return wrapped;
}
for (const [name, value] of Object.entries(native)) {
  if (typeof value === "function" && name !== "Tensor" && name !== "_takeError") native[name] = guard(value as Fn);
}
const proto = native.Tensor.prototype as object;
for (const name of Object.getOwnPropertyNames(proto)) {
  if (name === "constructor") continue;
  const d = Object.getOwnPropertyDescriptor(proto, name)!;
  if (typeof d.value === "function") d.value = guard(d.value as Fn);
  if (d.get) d.get = guard(d.get as Fn) as () => unknown;
  if (d.set) d.set = guard(d.set as Fn) as (v: unknown) => void;
  Object.defineProperty(proto, name, d);
}

native._setErrorClasses({
  RuntimeError: errors.RuntimeError,
  IndexError: errors.IndexError,
  TypeError: errors.TorchTypeError,
  ValueError: errors.ValueError,
  NotImplementedError: errors.NotImplementedError,
});

/**
 * Finds and loads the native addon, as sharp's loader does: every place a
 * binary can be is tried in order, and when none loads one error lists each
 * attempt, what was found, and what to do.
 *
 * Order: TORCHNODE_BINARY (a specific .node); this checkout's own build
 * (build/Release, made by `npm run build:native` or `npx torchnode build`);
 * then the prebuild made for the libtorch found on this machine ($LIBTORCH,
 * python3's PyTorch, the system's: lib/libtorch.ts). Prebuilds are named
 * prebuilds/<platform>-<arch>/torchnode.libtorch-<x.y>.<flavour>.<abi>.node
 * (scripts/prebuild.sh), and one made for another libtorch is refused rather
 * than loaded and left to crash. When none matches and cmake and g++ are
 * here, it builds one from source (TORCHNODE_NO_BUILD=1 turns that off).
 *
 * A libtorch outside the linker's search path ($LIBTORCH, a pip-installed
 * PyTorch) is preloaded: its libraries are loaded globally before the
 * addon, and the addon's needs are then met by their sonames. That is chosen
 * over an RPATH because a prebuild cannot know at build time where users
 * keep libtorch, and over LD_LIBRARY_PATH because that must be set before
 * Node starts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildFromSource, cannotBuild } from "./build";
import * as errors from "./errors";
import { findLibtorch, listPrebuilds, type Libtorch } from "./libtorch";

/** The addon's exports: untyped here; lib/ gives them types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Native = Record<string, any>;

const root = path.resolve(__dirname, "..");
/** native/addon.cc's _interface: binaries from other sources of torchnode are refused. */
const INTERFACE = 6;

/** Which binary was loaded, and for which libtorch (null: found by the linker, as a local build's RPATH says). */
export const loadedFrom: { binary: string; libtorch: string | null } = { binary: "", libtorch: null };

// glibc's RTLD_NODELETE (not in os.constants): a library that registers no
// Node module stays loaded after process.dlopen gives up on it.
const RTLD_NODELETE = 0x1000;
const PRELOAD = ["libc10.so", "libtorch_cpu.so", "libtorch.so", "libc10_cuda.so", "libtorch_cuda.so"];

/** Loads lib's libraries globally, so that the addon's needs resolve to them. */
function preload(lib: Libtorch, tried: string[]): void {
  if (!lib.preload || process.platform !== "linux") return;
  const { RTLD_NOW, RTLD_GLOBAL } = os.constants.dlopen as Record<string, number>;
  for (const name of PRELOAD) {
    const file = path.join(lib.libdir, name);
    if (!fs.existsSync(file)) continue;
    try {
      process.dlopen({ exports: {} }, file, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
    } catch (e) {
      const message = (e as Error).message;
      if (!/did not self-register/.test(message)) tried.push(`preloading ${file}: ${message.split("\n")[0]}`);
    }
  }
}

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
      loadedFrom.binary = file;
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
  const localBuild = path.join(root, "build", "Release", "torchnode.node");
  if (!process.env.TORCHNODE_SKIP_LOCAL_BUILD) {
    const local = attempt(localBuild, "local build");
    if (local) return local;
  }
  const libtorches = findLibtorch(tried);
  const prebuilds = process.env.TORCHNODE_PREBUILDS_DIR ? listPrebuilds(path.resolve(process.env.TORCHNODE_PREBUILDS_DIR)) : listPrebuilds();
  for (const lib of libtorches) {
    // The prebuild of the libtorch's own flavour first; a CPU prebuild also runs
    // on a CUDA libtorch (without torch.cuda's device functions), not the reverse.
    const usable = prebuilds.filter((p) => p.version === lib.version && (p.flavour === lib.flavour || p.flavour === "cpu"));
    for (const pb of usable.sort((a, b) => Number(b.flavour === lib.flavour) - Number(a.flavour === lib.flavour))) {
      preload(lib, tried);
      const binary = attempt(pb.file, `prebuild for libtorch ${pb.version} (${pb.flavour}, ${pb.abi} ABI), with ${lib.source}:`);
      if (binary) {
        loadedFrom.libtorch = lib.source;
        return binary;
      }
    }
  }
  const found = libtorches.length ? `this machine has ${libtorches.map((l) => `${l.version} ${l.flavour} (${l.source})`).join(", ")}` : "no libtorch was found";
  for (const pb of prebuilds) {
    if (!libtorches.some((l) => l.version === pb.version)) {
      tried.push(`prebuild ${path.basename(pb.file)}: refused, it was built for libtorch ${pb.version} and ${found}`);
    } else if (!libtorches.some((l) => l.version === pb.version && (pb.flavour === l.flavour || pb.flavour === "cpu"))) {
      tried.push(`prebuild ${path.basename(pb.file)}: refused, it needs a ${pb.flavour} libtorch ${pb.version} and ${found}`);
    }
  }
  if (prebuilds.length === 0) tried.push(`prebuilds: none for ${process.platform}-${process.arch}`);
  const built = libtorches.length ? buildHere(localBuild, tried) : null;
  const binary = built && attempt(built, "the build made just now");
  if (binary) return binary;
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

/**
 * No prebuild matched: builds from source when a toolchain is here (npm may
 * have skipped the install script that would have), as sharp and node-gyp-build
 * fall back. The file built, or null with the reason in `tried`.
 */
function buildHere(localBuild: string, tried: string[]): string | null {
  if (process.env.TORCHNODE_NO_BUILD || process.env.TORCHNODE_SKIP_LOCAL_BUILD) {
    tried.push(`build from source: off (${process.env.TORCHNODE_NO_BUILD ? "TORCHNODE_NO_BUILD" : "TORCHNODE_SKIP_LOCAL_BUILD"} is set)`);
    return null;
  }
  const why = cannotBuild();
  if (why) {
    tried.push(`build from source: ${why}`);
    return null;
  }
  process.stderr.write(`torchnode: no prebuilt binary matches the libtorch here; building one from source in ${root} (a few minutes, once)\n`);
  // The build's output goes to stderr: stdout belongs to the program.
  const status = buildFromSource(["ignore", 2, 2]);
  if (status !== 0 || !fs.existsSync(localBuild)) {
    tried.push(`build from source in ${root}: failed (exit status ${status}); its output is above`);
    return null;
  }
  return localBuild;
}

export const native: Native = load();

// Native calls do not throw: a failed call returns `native._fail` and leaves
// its error for `_takeError()` (see Guarded in native/common.h for why).
// These wrappers throw it from JavaScript.
const FAIL: unknown = native._fail;
const takeError: () => Error = native._takeError;
const opCall = native._op_call as (...args: unknown[]) => unknown;
const opCallFast = native._op_call_fast as (...args: unknown[]) => unknown;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
// Fixed arity, dispatching on arguments.length: the native side sees exactly
// the arguments given, and V8 optimises this far better than rest/apply.
// A Tensor method's (or accessor's) guard first writes `this`'s handle to
// SLOTS[0], where native/common.h's MethodGuarded finds it.
function guard(f: Fn, method = false): Fn {
  const wrapped = function (this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown) {
    if (method) SLOTS[0] = this instanceof Tensor ? this[HANDLE] : -1;
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
  if (typeof value === "function" && name !== "_takeError") native[name] = guard(value as Fn);
}

// The Tensor class. Each Tensor holds one number, its handle (native/common.cc,
// "tensor handles"), at a key no other code can name. Native code makes
// Tensors as `new Tensor(SHELL, handle)`; the op layer allocates one as
// `new Tensor(SHELL, -1)` and stores the handle its native call returns.
const HANDLE: unique symbol = Symbol("torchnode.handle");
const SHELL: object = Object.freeze({});
const share = native._share as (self: object, source: unknown) => number;
class Tensor {
  declare [HANDLE]: number;
  constructor(data?: unknown, handle?: number) {
    if (data === SHELL) {
      this[HANDLE] = handle!;
      return;
    }
    this[HANDLE] = -1;
    this[HANDLE] = share(this, data);
  }
}
// Handles handed to native calls in memory both sides read, which costs
// nothing next to a property read from C++ (AddonData::slots): [0] a method's
// `this`; [1] how many arguments an op-layer call passes and [2 + i] their
// handles (lib/_ops/fast.ts).
const SLOTS = new Float64Array(64);
const methods = native._tensor_methods as object;
for (const name of Object.getOwnPropertyNames(methods)) {
  const d = Object.getOwnPropertyDescriptor(methods, name)!;
  if (typeof d.value === "function") d.value = guard(d.value as Fn, true);
  if (d.get) d.get = guard(d.get as Fn, true) as () => unknown;
  if (d.set) d.set = guard(d.set as Fn, true) as (v: unknown) => void;
  Object.defineProperty(Tensor.prototype, name, d);
}
native.Tensor = Tensor;
native._setTensorClass(Tensor, HANDLE, SHELL, SLOTS);

/** The op layer's entries, unguarded: lib/_ops/fast.ts checks for `failed` itself. */
export const raw = { opCall, opCallFast, failed: FAIL, takeError, shell: SHELL, handle: HANDLE, slots: SLOTS };

native._setErrorClasses({
  RuntimeError: errors.RuntimeError,
  IndexError: errors.IndexError,
  TypeError: errors.TorchTypeError,
  ValueError: errors.ValueError,
  NotImplementedError: errors.NotImplementedError,
});

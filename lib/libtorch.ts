/**
 * Where libtorch and torchnode's prebuilt binaries are on this machine. No
 * side effects: the loader (native.ts) and `torchnode setup` both use it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

/**
 * A libtorch found on this machine. `preload`: its libraries are outside the
 * dynamic linker's search path, so the loader loads them before the addon.
 */
export type Libtorch = { source: string; version: string; libdir: string; preload: boolean; flavour: "cpu" | "cuda" };
/** A prebuilt binary and the libtorch it was built against. */
export type Prebuild = { file: string; version: string; flavour: string; abi: string };

const SYSTEM_DIRS = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

/**
 * libtorch_cpu.so.<x.y> (a distribution's) or libtorch_cpu.so (a libtorch/PyTorch folder) in dir,
 * and its flavour: CUDA where libtorch_cuda.so is beside it.
 */
function libtorchIn(dir: string): { version: string | null; flavour: "cpu" | "cuda" } | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const flavour = names.some((n) => /^libtorch_cuda\.so/.test(n)) ? "cuda" : "cpu";
  const versioned = names.map((n) => /^libtorch_cpu\.so\.(\d+\.\d+)/.exec(n)).find(Boolean);
  if (versioned) return { version: versioned[1], flavour };
  return names.includes("libtorch_cpu.so") ? { version: null, flavour } : null;
}

/**
 * The PyTorch that `python3` (or $TORCHNODE_PYTHON) would import, found
 * without importing it (an import takes seconds): its folder, its version
 * from torch/version.py, and its lib/ holding libtorch_cpu.so.
 */
function pythonTorch(tried: string[]): Libtorch | null {
  const python = process.env.TORCHNODE_PYTHON || "python3";
  const r = spawnSync(python, ["-c", "import importlib.util as u; s = u.find_spec('torch'); print(s.origin if s and s.origin else '')"], {
    encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error || r.status !== 0) {
    tried.push(`${python}: ${r.error ? (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : r.error.message : `failed (${r.stderr.trim().split("\n").pop()})`}`);
    return null;
  }
  const origin = r.stdout.trim();
  if (!origin) {
    tried.push(`${python}: no PyTorch installed`);
    return null;
  }
  const dir = path.dirname(origin), libdir = path.join(dir, "lib");
  let version: string | null = null;
  try {
    version = /__version__\s*=\s*['"](\d+\.\d+)/.exec(fs.readFileSync(path.join(dir, "version.py"), "utf8"))?.[1] ?? null;
  } catch {
    // no version.py
  }
  if (!libtorchIn(libdir) || !version) {
    tried.push(`${python}: PyTorch in ${dir} ${version ? "has no lib/libtorch_cpu.so" : "has no version.py to tell its version"}`);
    return null;
  }
  tried.push(`${python}: PyTorch ${version} in ${dir}`);
  return { source: `${python}'s PyTorch (${dir})`, version, libdir, preload: true, flavour: libtorchIn(libdir)!.flavour };
}

/** Where libtorch is, in the order the build looks: $LIBTORCH, python3's PyTorch, then the system's. */
export function findLibtorch(tried: string[]): Libtorch[] {
  const found: Libtorch[] = [];
  if (process.env.LIBTORCH) {
    const dir = path.resolve(process.env.LIBTORCH);
    const lib = libtorchIn(path.join(dir, "lib"));
    let version = lib?.version ?? null;
    try {
      version ??= fs.readFileSync(path.join(dir, "build-version"), "utf8").trim().split(".").slice(0, 2).join(".");
    } catch {
      // no build-version file
    }
    if (lib && version) found.push({ source: `LIBTORCH=${dir}`, version, libdir: path.join(dir, "lib"), preload: true, flavour: lib.flavour });
    tried.push(`LIBTORCH=${dir}: ${lib ? (version ? `libtorch ${version}` : "no build-version file to tell its version") : "no lib/libtorch_cpu.so"}`);
  } else {
    tried.push("LIBTORCH: not set");
  }
  const python = pythonTorch(tried);
  if (python) found.push(python);
  const dirs = process.env.TORCHNODE_SYSTEM_LIB_DIRS !== undefined ? process.env.TORCHNODE_SYSTEM_LIB_DIRS.split(":").filter(Boolean) : SYSTEM_DIRS;
  for (const dir of dirs) {
    const lib = libtorchIn(dir);
    if (lib?.version) {
      found.push({ source: `system (${dir})`, version: lib.version, libdir: dir, preload: false, flavour: lib.flavour });
      tried.push(`system: libtorch ${lib.version} in ${dir}`);
    }
  }
  if (!found.some((l) => l.source.startsWith("system"))) tried.push(`system: no libtorch_cpu.so.<version> in ${dirs.join(", ") || "(no folders)"}`);
  return found;
}

/** The prebuilds shipped for this platform. */
export function listPrebuilds(dir = path.join(root, "prebuilds", `${process.platform}-${process.arch}`)): Prebuild[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = /^torchnode\.libtorch-(\d+\.\d+)\.(\w+)\.(\w+)\.node$/.exec(n);
    return m ? [{ file: path.join(dir, n), version: m[1], flavour: m[2], abi: m[3] }] : [];
  });
}


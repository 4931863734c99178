import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findLibtorch, listPrebuilds } from "../lib/libtorch";

const root = path.join(__dirname, "..");
// Loads torchnode in a child process with this environment (python3's PyTorch
// out of the way unless given); returns its exit and output. The child prints
// what it loaded and the libtorch_cpu it mapped.
function loadWith(env: Record<string, string>): { status: number | null; signal: string | null; stderr: string; stdout: string; from?: { binary: string; libtorch: string | null }; mapped?: string[] } {
  const lib = JSON.stringify(path.join(root, "lib"));
  const script = `require("tsx/cjs"); const t = require(${lib}); console.log("loaded", t.ones(2).sum().item());
    const mapped = require("fs").readFileSync("/proc/self/maps", "utf8").split("\\n").filter((l) => /libtorch_cpu/.test(l)).map((l) => l.split(/\\s+/).pop());
    console.error(JSON.stringify({ from: require(${lib} + "/native").loadedFrom, mapped: [...new Set(mapped)] }));`;
  const { TORCHNODE_BINARY: _binary, ...rest } = process.env;
  const r = spawnSync(process.execPath, ["-e", script], {
    encoding: "utf8", env: { ...rest, TORCHNODE_SKIP_LOCAL_BUILD: "1", TORCHNODE_PYTHON: "/nonexistent/python3", ...env },
  });
  const report = r.status === 0 ? JSON.parse(r.stderr.trim().split("\n").pop()!) : {};
  return { status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout, ...report };
}
// The prebuild of the system's libtorch (Debian's 1.13, CPU).
const systemLibtorch = findLibtorch([]).find((l) => l.source.startsWith("system"));
const prebuild = listPrebuilds().find((p) => p.version === systemLibtorch?.version && p.flavour === systemLibtorch?.flavour)!;
const withPrebuild = prebuild ? test : test.skip;

test("with libtorch out of reach, the loader says what it tried and what to do, and does not crash", (t) => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-libtorch-"));
  const r = loadWith({ LIBTORCH: empty, TORCHNODE_SYSTEM_LIB_DIRS: "" });
  t.is(r.signal, null);
  t.is(r.status, 1);
  t.regex(r.stderr, /torchnode: could not load the native addon\./);
  t.regex(r.stderr, new RegExp(`LIBTORCH=${empty}: no lib/libtorch_cpu\\.so`));
  t.regex(r.stderr, /system: no libtorch_cpu\.so\.<version>/);
  t.regex(r.stderr, /Possible solutions:[\s\S]*npx torchnode setup[\s\S]*npx torchnode build/);
});

withPrebuild("a prebuild for the libtorch found here loads", (t) => {
  const r = loadWith({});
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), "loaded 2");
});

withPrebuild("a prebuild made for another libtorch is refused with a clear message, not loaded", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prebuilds-"));
  fs.copyFileSync(prebuild.file, path.join(dir, `torchnode.libtorch-9.9.${prebuild.flavour}.${prebuild.abi}.node`));
  const r = loadWith({ TORCHNODE_PREBUILDS_DIR: dir });
  t.is(r.signal, null);
  t.is(r.status, 1);
  t.regex(r.stderr, /prebuild torchnode\.libtorch-9\.9\.cpu\.\w+\.node: refused, it was built for libtorch 9\.9 and this machine has \d+\.\d+ cpu \(system/);
  t.regex(r.stderr, /npx torchnode build/);
  t.regex(r.stderr, /build from source: off \(TORCHNODE_SKIP_LOCAL_BUILD is set\)/);
});

withPrebuild("a CUDA prebuild is refused for a CPU libtorch of its version, naming the flavour it needs", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prebuilds-"));
  fs.copyFileSync(prebuild.file, path.join(dir, `torchnode.libtorch-${prebuild.version}.cuda.${prebuild.abi}.node`));
  const r = loadWith({ TORCHNODE_PREBUILDS_DIR: dir });
  t.is(r.status, 1);
  t.regex(r.stderr, new RegExp(`prebuild torchnode\\.libtorch-${prebuild.version.replace(".", "\\.")}\\.cuda\\.\\w+\\.node: refused, it needs a cuda libtorch ${prebuild.version.replace(".", "\\.")} and this machine has \\d+\\.\\d+ cpu \\(system`));
});

const PYTORCH = "/usr/lib/python3/dist-packages/torch";
(prebuild && fs.existsSync(`${PYTORCH}/version.py`) ? test : test.skip)("the libtorch of the PyTorch that python3 imports is found and used", (t) => {
  const r = loadWith({ TORCHNODE_PYTHON: "/usr/bin/python3", TORCHNODE_SYSTEM_LIB_DIRS: "" });
  t.is(r.status, 0, r.stderr);
  t.is(r.from!.libtorch, `/usr/bin/python3's PyTorch (${PYTORCH})`);
  t.is(r.from!.binary, prebuild.file);
});

withPrebuild("a libtorch outside the linker's path is preloaded: the prebuild runs on that copy", (t) => {
  // A LIBTORCH folder holding links to (or copies of) this machine's libraries under another path.
  const system = systemLibtorch!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "libtorch-copy-"));
  fs.mkdirSync(path.join(dir, "lib"));
  for (const name of ["libc10.so", "libtorch_cpu.so", "libtorch.so"]) {
    const real = fs.realpathSync(path.join(system.libdir, name)), copy = path.join(dir, "lib", name);
    try {
      fs.linkSync(real, copy);
    } catch {
      fs.copyFileSync(real, copy);
    }
  }
  fs.writeFileSync(path.join(dir, "build-version"), `${system.version}.0\n`);
  try {
    const r = loadWith({ LIBTORCH: dir, TORCHNODE_SYSTEM_LIB_DIRS: "" });
    t.is(r.status, 0, r.stderr);
    t.is(r.stdout.trim(), "loaded 2");
    t.is(r.from!.libtorch, `LIBTORCH=${dir}`);
    t.deepEqual(r.mapped, [path.join(dir, "lib", "libtorch_cpu.so")]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("TORCHNODE_BINARY that does not exist is reported", (t) => {
  const r = loadWith({ TORCHNODE_BINARY: "/nonexistent/torchnode.node", LIBTORCH: "/nonexistent", TORCHNODE_SYSTEM_LIB_DIRS: "" });
  t.is(r.status, 1);
  t.regex(r.stderr, /TORCHNODE_BINARY \/nonexistent\/torchnode\.node: not found/);
});

import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listPrebuilds } from "../lib/libtorch";

const root = path.join(__dirname, "..");
// Loads torchnode in a child process with this environment; returns its exit and output.
function loadWith(env: Record<string, string>): { status: number | null; signal: string | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ["-e", `require("tsx/cjs"); const t = require(${JSON.stringify(path.join(root, "lib"))}); console.log("loaded", t.ones(2).sum().item())`], {
    encoding: "utf8", env: { ...process.env, TORCHNODE_SKIP_LOCAL_BUILD: "1", ...env },
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout };
}
const prebuild = listPrebuilds()[0];
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
  t.regex(r.stderr, /prebuild torchnode\.libtorch-9\.9\.cpu\.\w+\.node: refused, it was built for libtorch 9\.9 and this machine has \d+\.\d+ \(system/);
  t.regex(r.stderr, /npx torchnode build/);
});

test("TORCHNODE_BINARY that does not exist is reported", (t) => {
  const r = loadWith({ TORCHNODE_BINARY: "/nonexistent/torchnode.node", LIBTORCH: "/nonexistent", TORCHNODE_SYSTEM_LIB_DIRS: "" });
  t.is(r.status, 1);
  t.regex(r.stderr, /TORCHNODE_BINARY \/nonexistent\/torchnode\.node: not found/);
});

/**
 * Where a golden fixture is, and which Python's PyTorch the tests compare with.
 *
 * - TORCHNODE_PYTHON: the Python whose PyTorch the tests run beside torchnode
 *   (Python ranks, torch.load of what torchnode wrote); Debian's PyTorch 1.13
 *   (/usr/bin/python3) by default. The loader also takes its libtorch from it.
 * - TORCHNODE_FIXTURES: a folder of fixtures that PyTorch wrote on this
 *   machine (scripts/golden.sh --into), used first: the second-libtorch run
 *   compares with fixtures from its own PyTorch.
 * - test/fixtures/machine: the BLAS-dependent fixtures (ops.json, nn.json and
 *   lab/: anything with a matmul in it), regenerated on the machine that runs
 *   the tests by `bash scripts/golden.sh --machine` (npm test does it), because
 *   matmul's last bits depend on the BLAS library and on the CPU's kernels.
 * - test/fixtures: the committed ones, from Debian's PyTorch on another machine.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { native } from "../../lib/native";

const committed = path.join(__dirname, "..", "fixtures");
const folders = [process.env.TORCHNODE_FIXTURES, path.join(committed, "machine"), committed].filter((f): f is string => !!f);

/** The first of $TORCHNODE_FIXTURES, test/fixtures/machine, test/fixtures that holds <parts>. */
export function fixturePath(...parts: string[]): string {
  for (const folder of folders) {
    const file = path.join(folder, ...parts);
    if (fs.existsSync(file)) return file;
  }
  return path.join(committed, ...parts);
}

/** The Python whose PyTorch the tests compare with. */
export const PYTHON = process.env.TORCHNODE_PYTHON || "/usr/bin/python3";

/**
 * Runs scripts/<script> with PYTHON, the JSON file it writes given as its last
 * argument, and returns the parsed document (null when the script failed,
 * with its status and stderr for the test to report).
 */
export function runGoldenScript<T>(script: string, timeout = 120_000): { doc: T | null; status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-golden-"));
  const file = path.join(dir, "golden.json");
  try {
    const py = spawnSync(PYTHON, [path.join(__dirname, "..", "..", "scripts", script), file], { encoding: "utf8", timeout, maxBuffer: 64 << 20 });
    return { doc: py.status === 0 ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : null, status: py.status, stderr: py.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Like runGoldenScript, for a test file whose every test needs the document: a failing script is an error. */
export function goldenDocument<T>(script: string, timeout = 120_000): T {
  const r = runGoldenScript<T>(script, timeout);
  if (r.doc === null) throw new Error(`scripts/${script} failed (status ${r.status}): ${r.stderr}`);
  return r.doc;
}

/** "major.minor." of the libtorch this run uses: a fixture's torch_version must start with it. */
export function sameTorch(): RegExp {
  const [major, minor] = String(native._torchVersion).split(".");
  return new RegExp(`^${major}\\.${minor}\\.`);
}

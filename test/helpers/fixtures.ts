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
import * as fs from "node:fs";
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

/** "major.minor." of the libtorch this run uses: a fixture's torch_version must start with it. */
export function sameTorch(): RegExp {
  const [major, minor] = String(native._torchVersion).split(".");
  return new RegExp(`^${major}\\.${minor}\\.`);
}

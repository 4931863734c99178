/**
 * Where a golden fixture is. The BLAS-dependent ones (ops.json, nn.json and
 * lab/: anything with a matmul in it) are regenerated on the machine that runs
 * the tests by `bash scripts/golden.sh --machine` (npm test does it), because
 * matmul's last bits depend on the BLAS library and on the CPU's kernels; the
 * copy made here wins over the committed one, which came from another machine.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const committed = path.join(__dirname, "..", "fixtures");
const machine = path.join(committed, "machine");

/** test/fixtures/machine/<parts> when scripts/golden.sh --machine wrote it, else test/fixtures/<parts>. */
export function fixturePath(...parts: string[]): string {
  const here = path.join(machine, ...parts);
  return fs.existsSync(here) ? here : path.join(committed, ...parts);
}

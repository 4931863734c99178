import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { PYTHON } from "./helpers/fixtures";

const root = path.join(__dirname, "..");

type Interrupted = { dir: string; checkpoint: string; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs `torchnode lab --epochs 3`, waits for the first checkpoint of its
 * mlp_bn run, waits `delayMs` more (the next epoch is running: one takes
 * about 0.3–0.7 s here), sends SIGINT and waits for the process to end.
 */
async function interruptLab(delayMs: number): Promise<Interrupted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-sigint-"));
  const checkpoint = path.join(dir, "checkpoints_mlp_bn", "checkpoint.pt");
  const child = spawn(process.execPath, [path.join(root, "bin", "torchnode.js"), "lab", "--epochs", "3", "--out", path.join(dir, "lab.json")], { cwd: dir });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (code, signal) => resolve([code, signal])));
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(checkpoint) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  const running = child.exitCode === null && child.signalCode === null;
  if (running) child.kill("SIGINT");
  const [code, signal] = await exited;
  if (!running) throw new Error(`the lab ended before it could be interrupted (code ${code}):\n${stdout.slice(-2000)}${stderr.slice(-2000)}`);
  return { dir, checkpoint, code, signal, stdout, stderr };
}

function checkCheckpoint(t: import("ava").ExecutionContext, run: Interrupted): void {
  // It ended because of the signal, not by finishing the lab.
  t.true(run.signal === "SIGINT" || run.code === 130, `code ${run.code}, signal ${run.signal}`);
  t.false(fs.existsSync(path.join(run.dir, "lab.json")), "the lab finished before the SIGINT");
  const ckpt = torch.load(run.checkpoint) as { parameters: Record<string, torch.Tensor>; optimizer: { state: unknown; param_groups: unknown[] }; epoch: bigint | number };
  t.deepEqual(Object.keys(ckpt).sort(), ["epoch", "optimizer", "parameters"]);
  const epoch = Number(ckpt.epoch);
  t.true(epoch === 0 || epoch === 1, `epoch ${epoch}`);
  const keys = Object.keys(ckpt.parameters);
  t.true(keys.includes("layers.1.weight") && keys.includes("layers.3.running_mean"), keys.join(", "));
  t.is(ckpt.optimizer.param_groups.length, 1);
  // At most the temporary of a save the signal cut short (the next save to that path removes it), nothing else.
  const leftovers = fs.readdirSync(path.dirname(run.checkpoint)).filter((f) => f !== "checkpoint.pt");
  t.true(leftovers.length <= 1 && leftovers.every((f) => /^\.checkpoint\.pt\.\d+\.\d+\.tmp$/.test(f)), `left in the checkpoint folder: ${leftovers.join(", ")}`);
  if (fs.existsSync(PYTHON)) {
    const py = spawnSync(PYTHON, ["-c", "import sys, torch; c = torch.load(sys.argv[1]); print(sorted(c), c['epoch'])", run.checkpoint], { encoding: "utf8" });
    t.is(py.status, 0, py.stderr);
    t.is(py.stdout.trim(), `['epoch', 'optimizer', 'parameters'] ${epoch}`);
  }
  fs.rmSync(run.dir, { recursive: true, force: true });
}

// Serial: each test polls for its checkpoint, and the other's spawnSync of
// Python (checkCheckpoint) would block that polling for seconds, long enough
// for a whole lab to finish unseen now that an epoch takes well under a second.
test.serial("SIGINT mid-epoch leaves the last checkpoint loadable", async (t) => {
  checkCheckpoint(t, await interruptLab(100));
});

test.serial("SIGINT as soon as a checkpoint appears leaves it loadable", async (t) => {
  checkCheckpoint(t, await interruptLab(0));
});

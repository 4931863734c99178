/**
 * A 2-rank DistributedDataParallel step of the lab's MLP (batch 512 per
 * rank, CPU, Gloo): torchnode under `torchnode run` against Python's DDP
 * (bench/ddp_worker.py, its ranks started with torchrun's variables) on the
 * same machine, in the same run. Both sides: one thread per rank.
 *
 *   node --import tsx bench/ddp.ts [--steps N] [--json]
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import { freePort } from "../lib/distributed/port";
import { arg, benchOptions, compare, fail, PYTHON, report, type Timing } from "./common";

const options = benchOptions();
if (options.device !== "cpu") fail("bench/ddp.ts runs DDP on the CPU over Gloo (NCCL needs torchnode's CUDA flavour)");
if (!torch.distributed.is_available()) fail("this build of torchnode has no torch.distributed (apt-get install libgloo-dev, then rebuild)");
const steps = arg(process.argv, "--steps", "100");
const root = path.resolve(__dirname, "..");


/** Runs a command; resolves with its stdout, or ends the bench with what it printed. */
function run(what: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : fail(`${what} failed (${code}):\n${err.slice(-3000)}`)));
  });
}

const timingOf = (out: string): Timing => JSON.parse(out.trim().split("\n").filter(Boolean).pop()!) as Timing;

(async () => {
  const ours = await run("torchnode run", process.execPath, [
    path.join(root, "bin", "torchnode.js"), "run", "--nproc-per-node", "2", "--master-port", String(await freePort()),
    path.join(__dirname, "ddp_worker.ts"), "--steps", steps,
  ]);
  const port = await freePort();
  const python = await Promise.all([0, 1].map((rank) => run(`Python rank ${rank}`, PYTHON, [path.join(__dirname, "ddp_worker.py"), "--steps", steps], {
    RANK: String(rank), WORLD_SIZE: "2", MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), OMP_NUM_THREADS: "1",
  })));
  report([compare("ddp_step", timingOf(ours), timingOf(python.join("\n")), "2 ranks, Gloo, CPU; torchnode steps in torch.tidy, freeing its temporaries as the Python step function frees its locals on return")], options, `2-rank DDP step, ${steps} steps × 5`);
})();

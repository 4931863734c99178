/**
 * DistributedDataParallel, DistributedSampler and `torchnode run` against
 * PyTorch: the same 2-rank Gloo training in Python (test/helpers/ddp_worker.py,
 * started with torchrun's variables) and in Node under torchnode's launcher
 * ends with the same bits; a dying rank stops the job with an error.
 */
import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { freePort } from "../lib/distributed/port";
import { DistributedSampler } from "../lib/utils/data";
import { PYTHON } from "./helpers/fixtures";

const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "torchnode.js");
const nodeWorker = path.join(__dirname, "helpers", "ddp_worker.ts");
const pyWorker = path.join(__dirname, "helpers", "ddp_worker.py");
const available = torch.distributed.is_available();
const hasPython = spawnSync(PYTHON, ["-c", "import torch.distributed as d; assert d.is_available()"]).status === 0;
const distTest = available ? test.serial : test.serial.skip;
const pyTest = available && hasPython ? test.serial : test.serial.skip;

const outDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-ddp-"));
const read = (dir: string, rank: number) => JSON.parse(fs.readFileSync(path.join(dir, `rank${rank}.json`), "utf8")) as Record<string, unknown>;

// No run may hang the suite: each process is killed after this long.
const LIMIT_MS = 120_000;

/** Python's two ranks, started as torchrun starts them (one OpenMP thread each, as torchrun and `torchnode run` set). */
async function python(mode: string): Promise<Record<string, unknown>[]> {
  const dir = outDir(), port = await freePort();
  const runs = await Promise.all([0, 1].map((rank) => new Promise<string>((resolve) => {
    const env = { OMP_NUM_THREADS: "1", ...process.env, RANK: String(rank), WORLD_SIZE: "2", MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), DDP_OUT: dir };
    const child = spawn(PYTHON, [pyWorker, mode], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? "" : `rank ${rank}: ${signal ?? code}\n${stderr.slice(-1500)}`);
    });
  })));
  const failed = runs.filter(Boolean);
  // A rank that wrote its report and then hung at exit still gave what the test needs.
  if (failed.length && ![0, 1].every((r) => fs.existsSync(path.join(dir, `rank${r}.json`)))) throw new Error(`the Python reference failed:\n${failed.join("\n")}`);
  return [read(dir, 0), read(dir, 1)];
}

type Launch = { code: number | null; stderr: string; dir: string; seconds: number };
/** `torchnode run --nproc-per-node 2 ddp_worker.ts <mode>`; `during` runs once the ranks wrote their pid files. */
async function launch(mode: string, env: Record<string, string> = {}, during?: (child: ReturnType<typeof spawn>) => void): Promise<Launch> {
  const dir = outDir(), port = await freePort(), t0 = Date.now();
  const child = spawn(process.execPath, [bin, "run", "--nproc-per-node", "2", "--master-port", String(port), nodeWorker, mode], {
    cwd: root, env: { ...process.env, DDP_OUT: dir, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  if (during) {
    const deadline = Date.now() + 60_000;
    while (!(fs.existsSync(path.join(dir, "rank0.pid")) && fs.existsSync(path.join(dir, "rank1.pid"))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    during(child);
  }
  const timer = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS); // the launcher stops its workers
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c, signal) => resolve(signal ? `killed by ${signal}` as never : c)));
  clearTimeout(timer);
  return { code, stderr, dir, seconds: (Date.now() - t0) / 1000 };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const pids = (dir: string) => [0, 1].map((r) => Number(fs.readFileSync(path.join(dir, `rank${r}.pid`), "utf8")));

pyTest("2-rank DDP under torchnode run ends with PyTorch's weights, bit for bit, each rank on PyTorch's indices", async (t) => {
  const want = await python("train");
  const run = await launch("train");
  t.is(run.code, 0, run.stderr.slice(-3000));
  for (const rank of [0, 1]) {
    const got = read(run.dir, rank), ref = want[rank];
    t.deepEqual(got.indices, ref.indices, `rank ${rank}'s sample indices`);
    t.deepEqual(got.losses, ref.losses, `rank ${rank}'s losses`);
    t.deepEqual(Object.keys(got.state as object), Object.keys(ref.state as object), "state dict keys, module. first");
    t.deepEqual(got.state, ref.state, `rank ${rank}'s final parameters and buffers`);
  }
  // Parameters agree across ranks; BatchNorm's running statistics are each rank's own.
  const [s0, s1] = [0, 1].map((r) => read(run.dir, r).state as Record<string, unknown>);
  for (const key of Object.keys(s0).filter((k) => /weight|bias/.test(k))) t.deepEqual(s0[key], s1[key], key);
});

pyTest("no_sync keeps gradients local; the next backward averages them, as in PyTorch", async (t) => {
  const want = await python("no_sync");
  const run = await launch("no_sync");
  t.is(run.code, 0, run.stderr.slice(-3000));
  const got = [read(run.dir, 0), read(run.dir, 1)];
  t.deepEqual(got, want);
  t.notDeepEqual(got[0].local, got[1].local);
});

pyTest("find_unused_parameters: heads used by one rank, or by none, get PyTorch's gradients and weights", async (t) => {
  const want = await python("unused");
  const run = await launch("unused");
  t.is(run.code, 0, run.stderr.slice(-3000));
  const got = [read(run.dir, 0), read(run.dir, 1)];
  for (const rank of [0, 1]) {
    t.deepEqual(got[rank].losses, want[rank].losses, `rank ${rank}'s losses`);
    t.deepEqual(got[rank].grads, want[rank].grads, `rank ${rank}'s gradients at every step`);
    t.deepEqual(got[rank].state, want[rank].state, `rank ${rank}'s final weights`);
  }
  t.deepEqual(got[0].state, got[1].state);
});

pyTest("two launchers as two nodes (--nnodes 2 --node-rank, one rank each, on one machine) train as one 2-rank job", async (t) => {
  const want = await python("train");
  const dir = outDir(), port = await freePort();
  const nodes = await Promise.all([0, 1].map((node) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const args = [bin, "run", "--nnodes", "2", "--node-rank", String(node), "--nproc-per-node", "1", "--master-addr", "127.0.0.1", "--master-port", String(port), nodeWorker, "train"];
    // One rank per launcher keeps every core (torchrun sets OMP_NUM_THREADS=1 only for several):
    // the reference ran with one thread a rank, and matmul's bits depend on the thread count.
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DDP_OUT: dir, OMP_NUM_THREADS: "1" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  })));
  for (const [node, r] of nodes.entries()) t.is(r.code, 0, `node ${node}: ${r.stderr.slice(-3000)}`);
  for (const rank of [0, 1]) {
    const got = read(dir, rank), ref = want[rank];
    t.deepEqual([got.indices, got.losses, got.state], [ref.indices, ref.losses, ref.state], `rank ${rank} (node ${rank})`);
  }
});

distTest("a rank that dies mid-training stops the job: non-zero exit naming the rank, no process left", async (t) => {
  const run = await launch("train", { DDP_CRASH_RANK: "1", DDP_CRASH_STEP: "3" });
  t.is(run.code, 3);
  t.regex(run.stderr, /torchnode run: rank 1 \(local rank 1, pid \d+\) failed with exit code 3; stopping the others/);
  t.true(run.seconds < 60, `${run.seconds} s`);
  await new Promise((r) => setTimeout(r, 200));
  t.deepEqual(pids(run.dir).map(alive), [false, false]);
});

distTest("SIGINT to the launcher reaches every worker", async (t) => {
  const run = await launch("sleep", {}, (child) => child.kill("SIGINT"));
  t.is(run.code, 130);
  t.regex(run.stderr, /received SIGINT, stopping the workers/);
  await new Promise((r) => setTimeout(r, 200));
  t.deepEqual(pids(run.dir).map(alive), [false, false]);
});

test("torchnode run says what it needs", (t) => {
  const r = spawnSync(process.execPath, [bin, "run", "--nproc-per-node", "2"], { encoding: "utf8" });
  t.is(r.status, 2);
  // argparse's form: the usage line, then the error.
  t.regex(r.stderr, /^usage: torchnode run /);
  t.is(r.stderr.trim().split("\n").pop(), "torchnode run: error: the following arguments are required: training_script");
  const bad = spawnSync(process.execPath, [bin, "run", "--nproc_per_node", "0", "x.js"], { encoding: "utf8" });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /argument --nproc-per-node: must be at least 1, not 0/);
});

pyTest("DistributedSampler gives each rank PyTorch's indices (shuffle, padding, drop_last)", (t) => {
  const cases = [[10, 3, true, false, 0], [10, 3, true, true, 5], [7, 4, false, false, 0], [3, 4, true, false, 2], [100, 2, true, false, 7]] as const;
  const script = `
import json, sys, torch
from torch.utils.data import DistributedSampler
out = []
for n, replicas, shuffle, drop_last, epoch in json.loads(sys.argv[1]):
    per_rank = []
    for rank in range(replicas):
        s = DistributedSampler(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=3, drop_last=drop_last)
        s.set_epoch(epoch)
        per_rank.append([len(s), list(s)])
    out.append(per_rank)
print(json.dumps(out))`;
  const py = spawnSync(PYTHON, ["-c", script, JSON.stringify(cases)], { encoding: "utf8" });
  t.is(py.status, 0, py.stderr);
  const dataset = (n: number) => ({ __len__: () => n });
  const ours = cases.map(([n, replicas, shuffle, drop_last, epoch]) => Array.from({ length: replicas }, (_, rank) => {
    const s = new DistributedSampler(dataset(n), { num_replicas: replicas, rank, shuffle, seed: 3, drop_last });
    s.set_epoch(epoch);
    return [s.__len__(), [...s]];
  }));
  t.deepEqual(ours, JSON.parse(py.stdout));
  t.throws(() => new DistributedSampler(dataset(4), { num_replicas: 2, rank: 2 }), { message: "Invalid rank 2, rank should be in the interval [0, 1]" });
});

distTest("torchnode lab --nproc-per-node 2 trains data-parallel and writes the lab's report", async (t) => {
  const dir = outDir();
  const out = path.join(dir, "lab.json");
  const child = spawn(process.execPath, [bin, "lab", "--epochs", "1", "--no-extras", "--nproc-per-node", "2", "--out", out], { cwd: dir, env: { ...process.env, MNIST_ROOT: "" } });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  t.is(code, 0, stderr.slice(-3000));
  t.regex(stdout, /data-parallel: 2 workers \(DistributedDataParallel over Gloo\), this is rank 0/);
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as { config: Record<string, unknown>; runs: Record<string, { epochs: unknown[]; trajectory: { parameters: number[]; gradients: number[] } }> };
  t.is(report.config.world_size, 2);
  t.deepEqual(Object.keys(report.runs), ["mlp", "mlp_wd"]);
  for (const run of Object.values(report.runs)) {
    t.is(run.epochs.length, 1);
    // Each worker's shard: 30,000 images in batches of 512.
    t.is(run.trajectory.parameters.length, Math.ceil(30_000 / 512));
    t.true(run.trajectory.gradients.every(Number.isFinite));
  }
  // One report line per epoch and run: the other worker prints nothing.
  t.is(stdout.match(/^Epoch 1 completed/gm)?.length, 2);
});

/**
 * torch.distributed on c10d's Gloo: two ranks run the same collectives as
 * Python PyTorch does (test/helpers/dist_worker.py is the reference), a Node
 * rank and a Python rank share one process group, and failures end with an
 * error instead of a hang.
 */
import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { freePort } from "../lib/distributed/port";
import { PYTHON } from "./helpers/fixtures";

const worker = path.join(__dirname, "helpers", "dist_worker.ts");
const pyWorker = path.join(__dirname, "helpers", "dist_worker.py");
const hasPython = spawnSync(PYTHON, ["-c", "import torch.distributed as d; assert d.is_available()"]).status === 0;
const distTest = torch.distributed.is_available() ? test.serial : test.serial.skip;
const pyTest = torch.distributed.is_available() && hasPython ? test.serial : test.serial.skip;
// Without Gloo every test below is a visible skip; this one says why (a skip, never a pass).
if (!torch.distributed.is_available()) test.skip("torch.distributed: this build has no Gloo (apt-get install libgloo-dev and rebuild)", () => {});


type Rank = { lang: "node" | "python"; args: string[]; env?: Record<string, string> };

/** Starts the ranks together; resolves with each one's last stdout line as JSON (or its failure). */
function runRanks(ranks: Rank[], port: number, timeoutMs = 60_000): Promise<{ code: number | null; json: Record<string, unknown> | null; stderr: string }[]> {
  return Promise.all(ranks.map((r, rank) => new Promise<{ code: number | null; json: Record<string, unknown> | null; stderr: string }>((resolve) => {
    const [cmd, args] = r.lang === "node" ? [process.execPath, ["--import", "tsx", worker, ...r.args]] : [PYTHON, [pyWorker, ...r.args]];
    const child = spawn(cmd, args, {
      cwd: path.join(__dirname, ".."),
      env: { ...process.env, MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), RANK: String(rank), WORLD_SIZE: String(ranks.length), ...r.env },
    });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(last);
      } catch {
        json = null;
      }
      resolve({ code, json, stderr });
    });
  })));
}

let reference: Record<string, unknown>[] | null = null;
async function pythonReference(): Promise<Record<string, unknown>[]> {
  if (!reference) {
    const runs = await runRanks([{ lang: "python", args: ["collectives"] }, { lang: "python", args: ["collectives"] }], await freePort());
    reference = runs.map((r) => {
      if (!r.json) throw new Error(`the Python reference failed: ${r.stderr.slice(-2000)}`);
      return r.json;
    });
  }
  return reference;
}

pyTest("two Node ranks see what two Python ranks see, collective for collective", async (t) => {
  const want = await pythonReference();
  const got = await runRanks([{ lang: "node", args: ["collectives"] }, { lang: "node", args: ["collectives"] }], await freePort());
  got.forEach((r, i) => t.deepEqual(r.json, want[i], r.stderr.slice(-2000)));
});

for (const [first, second] of [["node", "python"], ["python", "node"]] as const) {
  pyTest(`a ${first} rank 0 and a ${second} rank 1 share one Gloo process group`, async (t) => {
    const want = await pythonReference();
    const got = await runRanks([{ lang: first, args: ["collectives"] }, { lang: second, args: ["collectives"] }], await freePort());
    got.forEach((r, i) => t.deepEqual(r.json, want[i], r.stderr.slice(-2000)));
  });
}

distTest("an async collective is awaited without blocking the event loop", async (t) => {
  const got = await runRanks([{ lang: "node", args: ["future"] }, { lang: "node", args: ["future"] }], await freePort());
  t.deepEqual(got[0].json, { sum: 3, completed: true, event_loop_turned: true }, got[0].stderr.slice(-2000));
  t.deepEqual(got[1].json, { sum: 3, completed: true }, got[1].stderr.slice(-2000));
});

distTest("tcp:// and file:// init methods take rank and world_size as arguments", async (t) => {
  const port = await freePort();
  const tcp = await runRanks([{ lang: "node", args: ["init_method", `tcp://127.0.0.1:${port}`] }, { lang: "node", args: ["init_method", `tcp://127.0.0.1:${port}`] }], port);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-dist-")), "store");
  const viaFile = await runRanks([{ lang: "node", args: ["init_method", `file://${file}`] }, { lang: "node", args: ["init_method", `file://${file}`] }], port);
  for (const r of [...tcp, ...viaFile]) t.deepEqual(r.json, { sum: 3, after_destroy: false }, r.stderr.slice(-2000));
});

distTest("a rank whose peer never comes fails with c10d's timeout error, not a hang", async (t) => {
  const [alone] = await runRanks([{ lang: "node", args: ["lonely"], env: { RANK: "1" } }], await freePort(), 30_000);
  t.regex(String(alone.json?.error), /^RuntimeError: init_process_group: rendezvous at env:\/\/ failed \(timeout 2 s; .*\): The client socket has timed out after (2s|2000ms) while trying to connect to \(127\.0\.0\.1, \d+\)\./);
  t.true((alone.json?.seconds as number) < 10);
});

distTest("ranks told a wrong world size end with an error within the timeout", async (t) => {
  const ranks = await runRanks([{ lang: "node", args: ["wrong_world"], env: { WORLD_SIZE: "3" } }, { lang: "node", args: ["wrong_world"], env: { WORLD_SIZE: "3" } }], await freePort(), 60_000);
  for (const r of ranks) {
    t.regex(String(r.json?.error), /^RuntimeError: init_process_group: (rendezvous at env:\/\/|rank \d of 3 joining the default group) failed \(timeout 3 s; are all ranks started/, r.stderr.slice(-2000));
    t.true((r.json?.seconds as number) < 20, `${r.json?.seconds} s`);
    t.is(r.json?.initialized, false);
  }
});

distTest("env:// names the variable it misses, in PyTorch's words", (t) => {
  const env = { ...process.env };
  delete env.MASTER_ADDR;
  const script = `const d = require(${JSON.stringify(path.join(__dirname, "..", "lib"))}).distributed;
try { d.init_process_group("gloo"); } catch (e) { console.log(e.name + ": " + e.message); }`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", env: { ...env, RANK: "0", WORLD_SIZE: "1" } });
  t.is(r.stdout.trim(), "ValueError: Error initializing torch.distributed using env:// rendezvous: environment variable MASTER_ADDR expected, but not set");
});

test("before init_process_group, the group queries say so as PyTorch does", (t) => {
  t.false(torch.distributed.is_initialized());
  t.throws(() => torch.distributed.get_rank(), { message: "Default process group has not been initialized, please make sure to call init_process_group." });
  t.throws(() => torch.distributed.all_reduce("x" as never), { instanceOf: TypeError, message: /Expected parameter `tensor` to be of type torch.Tensor/ });
});

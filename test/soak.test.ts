import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

// The shortened soak (scripts/soak.ts runs 50,000 steps by default): 3,000
// steps of the lab's MLP_BN_Drop with the trajectory on and no tidy, sampled
// every 500; after 1,000 steps of warm-up, the RSS less the free memory (the
// CPU cache's blocks and what glibc keeps in its arenas), and the live-tensor
// count, must not grow by more than 5%.
test("3,000 training steps without tidy: held memory and live tensors stay flat", (t) => {
  const script = path.join(__dirname, "..", "scripts", "soak.ts");
  const args = ["--expose-gc", "--import", "tsx", script, "--steps", "3000", "--every", "500", "--warmup", "2", "--json"];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120_000 });
  t.is(child.signal, null, `the soak died by signal ${child.signal}: ${child.stderr.slice(-2000)}`);
  const lines = child.stdout.trim().split("\n");
  t.log(lines.slice(0, -1).join("\n"));
  t.is(child.status, 0, child.stdout.slice(-3000) + child.stderr.slice(-2000));
  const summary = JSON.parse(lines[lines.length - 1]) as { ok: boolean; samples: { live_tensors: number }[]; held_growth: number; live_growth: number };
  t.true(summary.ok);
  t.is(summary.samples.length, 6);
  t.true(summary.live_growth <= 0.05 && summary.held_growth <= 0.05);
});

test("the soak fails when tensors leak (one kept per step)", (t) => {
  const script = path.join(__dirname, "..", "scripts", "soak.ts");
  const args = ["--expose-gc", "--import", "tsx", script, "--steps", "600", "--every", "200", "--warmup", "1", "--leak", "--json"];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
  t.is(child.status, 1, child.stdout.slice(-3000) + child.stderr.slice(-2000));
  const lines = child.stdout.trim().split("\n");
  const summary = JSON.parse(lines[lines.length - 1]) as { ok: boolean; live_growth: number };
  t.false(summary.ok);
  t.true(summary.live_growth > 1, `live tensors grew by only ${summary.live_growth}`);
  t.regex(child.stdout, /live tensors \d+\.\d+% \(limit 5%\): FAIL/);
});

test("the soak refuses a run with no sample after warm-up", (t) => {
  const script = path.join(__dirname, "..", "scripts", "soak.ts");
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script, "--steps", "10", "--every", "10", "--warmup", "1"], { encoding: "utf8", timeout: 60_000 });
  t.not(child.status, 0);
  t.regex(child.stderr, /leaves no sample after the 1 warm-up samples/);
});

/**
 * `torchnode run`: torchrun for Node (torch/distributed/run.py's static
 * launch). Starts --nproc-per-node workers of one script with torchrun's
 * variables (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK,
 * MASTER_ADDR, MASTER_PORT), forwards SIGINT/SIGTERM to them, and when one
 * worker fails stops the others and exits non-zero, naming the rank.
 *
 *   torchnode run --nproc-per-node 2 [--nnodes 1 --node-rank 0 --master-addr 127.0.0.1 --master-port 29500] train.js [args...]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { ArgumentParser, atLeast, inRange, nonEmpty, nonNegativeFinite, type OptionSpec } from "./args";

const PROG = "torchnode run";
const SPECS: Record<string, OptionSpec> = {
  "nproc-per-node": { type: "int", default: 1, help: "workers to start on this node", check: atLeast(1) },
  nnodes: { type: "int", default: 1, help: "nodes in the job", check: atLeast(1) },
  "node-rank": { type: "int", default: 0, help: "this node's rank, 0 to nnodes - 1", check: atLeast(0) },
  "master-addr": { type: "string", default: "127.0.0.1", help: "address of the node of rank 0 (its TCPStore)", check: nonEmpty },
  // Every worker must be told the same port, so 0 (any free one) cannot do.
  "master-port": { type: "int", default: 29500, help: "port of the TCPStore on the master node", check: inRange(1, 65535) },
  "no-node": { type: "flag", default: false, help: "run the script as an executable, not with node (torchrun's --no-python)" },
  "grace-period": { type: "float", default: 5, help: "seconds the others get to stop after SIGTERM before SIGKILL", check: nonNegativeFinite },
};
// torchrun's positionals: the script and everything after it, which is the script's.
const parser = new ArgumentParser(PROG, SPECS, ["training_script", "..."]);

/** How the script runs: with this Node (TypeScript through tsx), or as itself. */
function command(script: string, args: string[], asExecutable: boolean): [string, string[]] {
  if (asExecutable) return [script, args];
  const flags = /\.(c|m)?ts$/.test(script) ? ["--import", "tsx"] : [];
  return [process.execPath, [...flags, script, ...args]];
}

export function run(argv: string[]): Promise<number> {
  // Launcher options come first; the first word that is not one is the script.
  const split = argv.findIndex((a, i) => !a.startsWith("-") && !(i > 0 && /^--[^=]+$/.test(argv[i - 1]) && !isFlag(argv[i - 1])));
  const own = (split < 0 ? argv : argv.slice(0, split)).map((a) => (a.startsWith("--") ? a.replace(/^--([^=]+)/, (_, n: string) => `--${n.replace(/_/g, "-")}`) : a));
  const parsed = parser.parse(own);
  if (parsed === "help") {
    console.log(parser.help());
    return Promise.resolve(0);
  }
  if (split < 0) throw parser.error("the following arguments are required: training_script");
  const [script, ...scriptArgs] = argv.slice(split);
  const nproc = parsed.nproc_per_node as number, nnodes = parsed.nnodes as number, nodeRank = parsed.node_rank as number;
  if (!(nodeRank < nnodes)) throw parser.argumentError("node-rank", `must be in [0, ${nnodes - 1}], not ${nodeRank}`);
  const worldSize = nproc * nnodes;
  const [cmd, cmdArgs] = command(script, scriptArgs, parsed.no_node as boolean);
  const grace = (parsed.grace_period as number) * 1000;

  return new Promise((resolve) => {
    const workers: { child: ChildProcess; rank: number; local: number; code: number | null; signal: NodeJS.Signals | null; done: boolean }[] = [];
    let failure: string | null = null;
    let exitCode: number | null = null;
    let stopping = false;
    const stopAll = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      for (const w of workers) if (!w.done) w.child.kill(signal);
      setTimeout(() => workers.forEach((w) => !w.done && w.child.kill("SIGKILL")), grace).unref();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      failure ??= `${PROG}: received ${signal}, stopping the workers`;
      exitCode ??= signal === "SIGINT" ? 130 : 143;
      stopAll(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    for (let local = 0; local < nproc; local++) {
      const rank = nodeRank * nproc + local;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        RANK: String(rank), LOCAL_RANK: String(local), WORLD_SIZE: String(worldSize), LOCAL_WORLD_SIZE: String(nproc),
        GROUP_RANK: String(nodeRank), ROLE_RANK: String(rank), ROLE_WORLD_SIZE: String(worldSize),
        MASTER_ADDR: parsed.master_addr as string, MASTER_PORT: String(parsed.master_port),
      };
      // torchrun's default: one thread per worker unless told otherwise, so that workers do not oversubscribe the cores.
      if (env.OMP_NUM_THREADS === undefined && nproc > 1) env.OMP_NUM_THREADS = "1";
      const child = spawn(cmd, cmdArgs, { env, stdio: "inherit" });
      const w = { child, rank, local, code: null as number | null, signal: null as NodeJS.Signals | null, done: false };
      workers.push(w);
      child.on("error", (e) => {
        failure ??= `${PROG}: could not start rank ${rank}: ${e.message}`;
        exitCode ??= 1;
        w.done = true;
        stopAll("SIGTERM");
        settle();
      });
      child.on("exit", (code, signal) => {
        Object.assign(w, { code, signal, done: true });
        if ((code !== 0 || signal) && !stopping) {
          failure = `${PROG}: rank ${rank} (local rank ${local}, pid ${child.pid}) failed with ${signal ? `signal ${signal}` : `exit code ${code}`}; stopping the others`;
          exitCode = code && code > 0 ? code : 1;
          stopAll("SIGTERM");
        }
        settle();
      });
    }
    function settle(): void {
      if (!workers.every((w) => w.done)) return;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      if (failure) console.error(failure);
      resolve(exitCode ?? 0);
    }
  });
}

function isFlag(option: string): boolean {
  return SPECS[option.slice(2).replace(/_/g, "-")]?.type === "flag";
}

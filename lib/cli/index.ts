/**
 * The `torchnode` command: `torchnode lab [options]` runs the regularization
 * lab end to end, `torchnode homework [options]` its homework.
 */
import { UsageError } from "./args";
import { build, setup } from "./install";

// lab and homework load the native addon, so they load on demand: `build` and
// `setup` must work when it cannot load yet.
/* eslint-disable @typescript-eslint/no-require-imports */
const lab = (argv: string[]) => (require("./lab") as typeof import("./lab")).lab(argv);
// With --nproc-per-node N, the lab starts N data-parallel workers of itself under `torchnode run`.
const labOrLaunch = async (argv: string[]): Promise<number> => {
  const bin = require.resolve("../../bin/torchnode.js");
  const status = await (require("./lab") as typeof import("./lab")).launchDataParallel(argv, bin);
  if (status !== null) return status;
  lab(argv);
  return 0;
};
const homework = (argv: string[]) => (require("./homework") as typeof import("./homework")).homework(argv);
const run = (argv: string[]) => (require("./run") as typeof import("./run")).run(argv);
// The addon's build and the libtorch it runs on (torch.__config__.show()), for bug reports.
const info = () => console.log((require("../__config__") as typeof import("../__config__")).show());
/* eslint-enable @typescript-eslint/no-require-imports */

const HELP = `usage: torchnode <command> [options]

commands:
  lab        the regularization lab, as its Python script lab.py runs it: four MLP runs, trajectories, plots, checkpoints, report
  homework   its homework, as early_stopping.py runs it: L1-regularised training with Prechelt's early-stopping criteria
  setup      finds libtorch, or installs it (apt-get install libtorch-dev, as root on Debian/Ubuntu), or says how
  build      compiles the addon from source for the libtorch found here (needs cmake and g++)
  run        torchrun for Node: starts --nproc-per-node workers of a script for torch.distributed
  info       prints torchnode's build, the libtorch it runs on (version, flavour, CUDA/cuDNN) and Node's version

torchnode <command> --help lists a command's options.`;

/** A rejected command's exit status: 2 with the usage message for a bad command line. */
function usageStatus(error: unknown): number {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  return 2;
}

/** Runs the command line; returns the exit status (once the workers end, for `run`). */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "lab") return rest.some((a) => a.startsWith("--nproc")) ? labOrLaunch(rest).catch(usageStatus) : (lab(rest), 0);
    else if (command === "homework") homework(rest);
    else if (command === "setup") return setup();
    else if (command === "build") return build();
    else if (command === "run") return run(rest);
    else if (command === "info") info();
    else if (command === undefined || command === "-h" || command === "--help" || command === "help") console.log(HELP);
    else throw new UsageError(`torchnode: error: unknown command '${command}' (choose from 'lab', 'homework', 'setup', 'build', 'run', 'info')`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}

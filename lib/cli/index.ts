/**
 * The `torchnode` command: `torchnode lab [options]` runs the regularization
 * lab end to end, `torchnode homework [options]` its homework.
 *
 * Every command checks its whole command line before it starts work. Exit
 * statuses, as Python's would be:
 *   2  a bad command line (argparse's status): an unknown option, a value
 *      out of range, a --device that is not there, an --out or --plots that
 *      cannot be written (argparse.FileType reports those as argument errors
 *      too). The usage line, then "torchnode lab: error: argument --x: ...".
 *   1  anything else a user can fix that stops a run: an optional package
 *      missing, an OSError while running (a full disk): "torchnode lab: ...".
 * Neither prints a stack trace unless --debug is given; a bug always does
 * (bin/torchnode.js prints what main throws).
 */
import { MissingDependencyError } from "../_optional";
import { OSError } from "../errors";
import { ArgumentParser, UsageError, type Parsed } from "./args";
import { buildCommand, setupCommand } from "./install";
import { homeworkParser, labParser, prepareHomework, prepareLab } from "./options";

// lab and homework load the native addon and the lab, so they load on demand,
// after their command line is checked: `build` and `setup` must work when the
// addon cannot load yet.
/* eslint-disable @typescript-eslint/no-require-imports */
const labModule = () => require("./lab") as typeof import("./lab");
const homework = (args: Parsed) => (require("./homework") as typeof import("./homework")).homework(args);
const run = (argv: string[]) => (require("./run") as typeof import("./run")).run(argv);
// The addon's build and the libtorch it runs on (torch.__config__.show()), for bug reports.
const info = () => console.log((require("../__config__") as typeof import("../__config__")).show());
/* eslint-enable @typescript-eslint/no-require-imports */

const COMMANDS = ["lab", "homework", "setup", "build", "run", "info"];
const infoParser = new ArgumentParser("torchnode info", {}, [], "Prints torchnode's build, the libtorch it runs on (version, flavour, CUDA/cuDNN) and Node's version.");

/** argparse's usage line of a program with subcommands. */
const USAGE = `usage: torchnode [-h] {${COMMANDS.join(",")}} ...`;
const HELP = `${USAGE}

commands:
  lab        the regularization lab, as its Python script lab.py runs it: four MLP runs, trajectories, plots, checkpoints, report
  homework   its homework, as early_stopping.py runs it: L1-regularised training with Prechelt's early-stopping criteria
  setup      finds libtorch, or installs it (apt-get install libtorch-dev, as root on Debian/Ubuntu), or says how
  build      compiles the addon from source for the libtorch found here (needs cmake and g++)
  run        torchrun for Node: starts --nproc-per-node workers of a script for torch.distributed
  info       prints torchnode's build, the libtorch it runs on (version, flavour, CUDA/cuDNN) and Node's version

options:
  -h, --help  show this help message and exit (torchnode <command> --help lists a command's options)`;

/** The lab: checked, then run here or, with --nproc-per-node N, in N data-parallel workers of itself under `torchnode run`. */
async function lab(argv: string[]): Promise<number> {
  const args = prepareLab(argv);
  if (args === "help") {
    console.log(labParser.help());
    return 0;
  }
  if ((args.nproc_per_node as number) > 1 && !process.env.WORLD_SIZE) {
    const status = await labModule().launchDataParallel(argv, args, require.resolve("../../bin/torchnode.js"));
    if (status !== null) return status;
  }
  labModule().lab(args);
  return 0;
}

/** Prints a user's error as Python would, and returns its exit status; rethrows anything else, a bug, for its trace. */
function userError(prog: string, error: unknown, debug: boolean): number {
  let status: number;
  if (error instanceof UsageError) {
    if (error.usage) console.error(error.usage);
    console.error(error.message);
    status = 2;
  } else if (error instanceof MissingDependencyError || error instanceof OSError) {
    console.error(`${prog}: ${error.message}`);
    status = 1;
  } else {
    throw error;
  }
  if (debug) console.error(error.stack);
  return status;
}

/** Runs one command; returns its exit status (once the workers end, for `run` and a data-parallel lab). */
function dispatch(command: string | undefined, rest: string[]): number | Promise<number> {
  if (command === "lab") return lab(rest);
  if (command === "homework") {
    const args = prepareHomework(rest);
    if (args === "help") console.log(homeworkParser.help());
    else homework(args);
    return 0;
  }
  if (command === "setup") return setupCommand(rest);
  if (command === "build") return buildCommand(rest);
  if (command === "run") return run(rest);
  if (command === "info") {
    if (infoParser.parse(rest) === "help") console.log(infoParser.help());
    else info();
    return 0;
  }
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(HELP);
    return 0;
  }
  throw new UsageError(`torchnode: error: unknown command '${command}' (choose from ${COMMANDS.map((c) => `'${c}'`).join(", ")})`, USAGE);
}

/** Runs the command line; returns the exit status. */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  const prog = COMMANDS.includes(command) ? `torchnode ${command}` : "torchnode";
  // Known before parsing, so that a parse error's trace shows too.
  const debug = rest.includes("--debug");
  try {
    const status = dispatch(command, rest);
    return typeof status === "number" ? status : status.catch((error: unknown) => userError(prog, error, debug));
  } catch (error) {
    return userError(prog, error, debug);
  }
}

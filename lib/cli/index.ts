/**
 * The `torchnode` command: `torchnode lab [options]` runs the regularization
 * lab end to end, `torchnode homework [options]` its homework.
 */
import { homework } from "./homework";
import { lab } from "./lab";
import { UsageError } from "./args";

export { lab, homework };

const HELP = `usage: torchnode <command> [options]

commands:
  lab        the regularization lab, as its Python script lab.py runs it: four MLP runs, trajectories, plots, checkpoints, report
  homework   its homework, as early_stopping.py runs it: L1-regularised training with Prechelt's early-stopping criteria

torchnode <command> --help lists a command's options.`;

/** Runs the command line; returns the exit status. */
export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === "lab") lab(rest);
    else if (command === "homework") homework(rest);
    else if (command === undefined || command === "-h" || command === "--help" || command === "help") console.log(HELP);
    else throw new UsageError(`torchnode: error: unknown command '${command}' (choose from 'lab', 'homework')`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}

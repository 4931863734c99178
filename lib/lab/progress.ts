/**
 * A progress bar per epoch (batches, loss, accuracy, rate) on a terminal,
 * with cli-progress; nothing when the output is not a terminal, where the
 * notebook's plain "Epoch N completed" lines are the log.
 */
import type * as CliProgress from "cli-progress";
import { requireOptional, resolveOptional } from "../_optional";
import type { TrainState } from "./callbacks";

/** Whether to draw bars: stderr (where they go) is a terminal. */
export function isInteractive(): boolean {
  return !!process.stderr.isTTY && process.env.TERM !== "dumb" && !process.env.CI;
}

/** Whether bars are drawn when train_model is not told: on a terminal, and only if cli-progress is installed. */
export function defaultProgress(): boolean {
  return isInteractive() && resolveOptional("cli-progress") !== null;
}

/**
 * The bar's cli-progress format for one epoch, named by `desc` (tqdm's name for
 * the label) when given, so runs in a row tell apart:
 * "mlp_wd · Epoch 2/5 |{bar}| {value}/{total} batches | ...".
 */
export function progressFormat(state: Pick<TrainState, "epoch" | "num_epochs">, desc: string | null = null): string {
  const name = desc ? `${desc} · ` : "";
  return `${name}Epoch ${state.epoch + 1}/${state.num_epochs} |{bar}| {value}/{total} batches | loss {loss} | acc {acc} | {rate} batch/s`;
}

export class EpochProgress {
  private bar: CliProgress.SingleBar | null = null;
  // Loaded when the bar is made, so a missing cli-progress fails before training, not after an epoch.
  private readonly cli = requireOptional<typeof CliProgress>("cli-progress");

  constructor(private readonly desc: string | null = null) {}

  start(state: TrainState): void {
    this.bar = new this.cli.SingleBar({
      format: progressFormat(state, this.desc),
      barCompleteChar: "█",
      barIncompleteChar: "░",
      clearOnComplete: true,
      hideCursor: true,
      fps: 10,
      stream: process.stderr,
    });
    this.bar.start(state.batches, 0, { loss: "-", acc: "-", rate: "-" });
  }

  update(state: TrainState, seconds: number): void {
    const { loss_meter, performance_meter } = state;
    this.bar?.update(state.batch, {
      loss: loss_meter.avg.toFixed(4),
      acc: performance_meter.avg.toFixed(4),
      rate: seconds > 0 ? (state.batch / seconds).toFixed(0) : "-",
    });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/**
 * A progress bar per epoch (batches, loss, accuracy, rate) on a terminal,
 * with cli-progress; nothing when the output is not a terminal, where the
 * notebook's plain "Epoch N completed" lines are the log.
 */
import { SingleBar } from "cli-progress";
import type { TrainState } from "./callbacks";

/** Whether to draw bars: stderr (where they go) is a terminal. */
export function isInteractive(): boolean {
  return !!process.stderr.isTTY && process.env.TERM !== "dumb" && !process.env.CI;
}

export class EpochProgress {
  private bar: SingleBar | null = null;

  start(state: TrainState): void {
    this.bar = new SingleBar({
      format: `Epoch ${state.epoch + 1}/${state.num_epochs} |{bar}| {value}/{total} batches | loss {loss} | acc {acc} | {rate} batch/s`,
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

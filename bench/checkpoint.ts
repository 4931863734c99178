/**
 * torch.save / torch.load of a 200 MB state dict (50 × 1000×1000 float32),
 * torchnode against Python PyTorch (bench/checkpoint.py) in the same run,
 * both writing to the same temporary folder.
 *
 *   node --expose-gc --import tsx bench/checkpoint.ts [--device cpu|cuda:0] [--threads N] [--repeats N] [--json]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { arg, benchOptions, compare, report, runPython, since, timing, type Timing } from "./common";

const options = benchOptions();
const repeats = Number(arg(process.argv, "--repeats", "5"));
torch.set_num_threads(options.threads);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-bench-"));
try {
  torch.manual_seed(0);
  const sd: Record<string, torch.Tensor> = {};
  for (let i = 0; i < 50; i++) sd[`layer${i}.weight`] = torch.randn(1000, 1000).to(options.device);
  const file = path.join(folder, "torchnode.pt");
  const saves: number[] = [], loads: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let t0 = process.hrtime.bigint();
    torch.save(sd, file);
    saves.push(since(t0));
    global.gc?.();
    // Freed inside the timer, as Python frees the unassigned result of torch.load(...) at once.
    t0 = process.hrtime.bigint();
    torch.dispose(torch.load(file, { map_location: options.device }));
    loads.push(since(t0));
  }
  torch.dispose(sd);
  const python = runPython<{ save: Timing; load: Timing }>("checkpoint.py", options, ["--folder", folder, "--repeats", String(repeats)]);
  report([compare("save", timing(saves), python.save), compare("load", timing(loads), python.load)], options, "200 MB state dict");
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}

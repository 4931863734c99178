/**
 * One rank of the DDP runs that test/ddp.test.ts compares with PyTorch's
 * (test/helpers/ddp_worker.py, line for line). Modes (argv[2]):
 * - train: a small MLP with BatchNorm under DDP, a DistributedSampler over a
 *   synthetic dataset, SGD with momentum, two epochs; reports the indices this
 *   rank saw, its losses and its final state dict (bytes as hex);
 * - no_sync: gradients after a backward inside no_sync (local) and after the
 *   next one (averaged);
 * - unused: find_unused_parameters with two heads, each rank using one of
 *   them per step (and both using the first at the last two steps, when the
 *   second is unused everywhere); reports losses, gradients and the state;
 * - sleep: joins the group, then waits to be stopped.
 * Writes $DDP_OUT/rank<r>.json (and rank<r>.pid at the start); with
 * DDP_CRASH_RANK and DDP_CRASH_STEP that rank exits with status 3 at that step.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as torch from "../../lib";
import { nn } from "../../lib";
import { DataLoader, DistributedSampler, TensorDataset } from "../../lib/utils/data";

const dist = torch.distributed;

/** A body and two heads: forward uses one head, so the other has no gradient on that rank. */
class TwoHeads extends nn.Module {
  body = new nn.Linear(20, 16);
  b = new nn.Linear(16, 4);
  c = new nn.Linear(16, 4);
  forward(x: torch.Tensor, use_b: boolean): torch.Tensor {
    const h = torch.relu(this.body(x));
    return use_b ? this.b(h) : this.c(h);
  }
}
const hex = (t: torch.Tensor) => Buffer.from((t.contiguous().toTypedArray() as unknown as { buffer: ArrayBuffer }).buffer).toString("hex");
const mode = process.argv[2] ?? "train";
const outDir = process.env.DDP_OUT!;

dist.init_process_group("gloo", { timeout: 30_000 });
const rank = dist.get_rank();
fs.writeFileSync(path.join(outDir, `rank${rank}.pid`), String(process.pid));
torch.manual_seed(0);
const X = torch.randn(200, 20), y = torch.randint(0, 4, [200]);
// Each rank draws its own initial weights: DDP must send rank 0's to all.
torch.manual_seed(rank);
const model = mode === "unused" ? new TwoHeads() : new nn.Sequential(new nn.Linear(20, 16), new nn.ReLU(), new nn.BatchNorm1d(16), new nn.Linear(16, 4));
const ddp = new nn.parallel.DistributedDataParallel(model, { find_unused_parameters: mode === "unused" });
const loss_fn = new nn.CrossEntropyLoss();
const out: Record<string, unknown> = { rank };

if (mode === "train") {
  const opt = new torch.optim.SGD(ddp.parameters(), { lr: 0.1, momentum: 0.9 });
  const sampler = new DistributedSampler(new TensorDataset(X, y), { shuffle: true, seed: 0 });
  const loader = new DataLoader(new TensorDataset(X, y), { batch_size: 16, sampler });
  const seen: number[][] = [], losses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < 2; epoch++) {
    sampler.set_epoch(epoch);
    seen.push([...sampler]);
    for (const [xb, yb] of loader as Iterable<[torch.Tensor, torch.Tensor]>) {
      if (process.env.DDP_CRASH_RANK === String(rank) && step === Number(process.env.DDP_CRASH_STEP)) process.exit(3);
      opt.zero_grad();
      const loss = loss_fn(ddp(xb), yb);
      loss.backward();
      opt.step();
      losses.push(loss.item());
      step++;
    }
  }
  out.indices = seen;
  out.losses = losses;
  out.state = Object.fromEntries(Object.entries(ddp.state_dict()).map(([k, v]) => [k, [v.dtype.toString(), [...v.shape], hex(v)]]));
} else if (mode === "no_sync") {
  const mine = (i: number) => [X.narrow(0, 40 * rank + 20 * i, 20), y.narrow(0, 40 * rank + 20 * i, 20)] as const;
  const grads = () => [...ddp.parameters()].map((p) => hex(p.grad!));
  ddp.no_sync(() => loss_fn(ddp(mine(0)[0]), mine(0)[1]).backward());
  out.local = grads();
  loss_fn(ddp(mine(1)[0]), mine(1)[1]).backward();
  out.averaged = grads();
} else if (mode === "unused") {
  const opt = new torch.optim.SGD(ddp.parameters(), { lr: 0.1 });
  const losses: number[] = [], grads: (string | null)[][] = [];
  for (let step = 0; step < 6; step++) {
    const use_b = step >= 4 || (step + rank) % 2 === 0;
    opt.zero_grad();
    const loss = loss_fn(ddp(X.narrow(0, 30 * step + 15 * rank, 20), use_b), y.narrow(0, 30 * step + 15 * rank, 20));
    loss.backward();
    grads.push([...ddp.parameters()].map((p) => (p.grad ? hex(p.grad) : null)));
    opt.step();
    losses.push(loss.item());
  }
  out.losses = losses;
  out.grads = grads;
  out.state = Object.fromEntries(Object.entries(ddp.state_dict()).map(([k, v]) => [k, hex(v)]));
} else if (mode === "sleep") {
  setInterval(() => {}, 1000);
}
if (mode !== "sleep") {
  fs.writeFileSync(path.join(outDir, `rank${rank}.json`), JSON.stringify(out));
  dist.destroy_process_group();
}

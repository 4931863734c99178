/**
 * One rank of bench/ddp.ts: DDP training steps of the lab's MLP (batch 512
 * per rank) on the CPU over Gloo; rank 0 prints the timing as JSON.
 * Started by `torchnode run --nproc-per-node 2`; bench/ddp_worker.py is its twin.
 */
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { MLP } from "../lib/lab";
import { arg, since, timing } from "./common";

const steps = Number(arg(process.argv, "--steps", "100"));
torch.set_num_threads(1);
torch.distributed.init_process_group("gloo");
torch.manual_seed(0);
const model = new nn.parallel.DistributedDataParallel(new MLP());
const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 });
const X = torch.randn(512, 1, 28, 28), y = torch.randint(0, 10, [512]);

const step = () => torch.tidy(() => {
  optimizer.zero_grad();
  const loss = loss_fn(model(X), y);
  loss.backward();
  optimizer.step();
  loss.item();
});
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  for (let i = 0; i < 20; i++) step();
  torch.distributed.barrier();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) step();
  times.push(since(t0) / steps);
}
if (torch.distributed.get_rank() === 0) console.log(JSON.stringify(timing(times)));
torch.distributed.destroy_process_group();

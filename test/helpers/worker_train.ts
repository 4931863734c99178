/**
 * Trains a small model from a seed and posts its final parameters (as
 * arrays): run in worker threads by test/workers.test.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as torch from "../../lib";
import { nn, optim } from "../../lib";

// The global random stream is one per process, as in PyTorch, so threads that
// draw from it at once interleave; each run here draws from its own Generator.
export function train(seed: number): number[][] {
  const g = new torch.Generator().manual_seed(seed);
  const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.BatchNorm1d(16), new nn.Linear(16, 3));
  torch.no_grad(() => {
    for (const p of model.parameters()) p.copy_(torch.randn([...p.shape], { generator: g }).mul(0.3));
  });
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const X = torch.randn([32, 8], { generator: g }), y = torch.randint(0, 3, [32], { generator: g });
  const loss_fn = new nn.CrossEntropyLoss();
  for (let i = 0; i < 200; i++) {
    opt.zero_grad();
    loss_fn(model(X), y).backward();
    opt.step();
  }
  return [...model.parameters()].map((p) => [...(p.toTypedArray() as Float32Array)]);
}

if (parentPort && workerData) {
  const { seed, tensor, received } = workerData as { seed: number; tensor?: boolean; received?: boolean };
  if (received) {
    // What arrives when a tensor is posted: a plain copy, unusable as a tensor.
    parentPort.once("message", (value: unknown) => {
      let error = "";
      try {
        torch.ones(2).add(value as torch.Tensor);
      } catch (e) {
        error = `${(e as Error).name}: ${(e as Error).message}`;
      }
      parentPort!.postMessage({ isTensor: value instanceof torch.Tensor, error });
    });
  } else if (tensor) {
    parentPort.postMessage({ ok: torch.ones(2).sum().item() });
  } else {
    parentPort.postMessage(train(seed));
  }
}

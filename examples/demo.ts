/**
 * A small real training run on torchnode's tensor core: a two-layer MLP
 * learns to separate two interleaved spirals, with autograd computing the
 * gradients and a hand-written SGD-with-momentum step, as one would write it
 * in PyTorch before reaching for torch.nn and torch.optim.
 *
 *   npx tsx examples/demo.ts [--epochs 400] [--seed 0]
 */
import { parseArgs } from "node:util";
import * as torch from "torchnode";

const { values } = parseArgs({ options: { epochs: { type: "string", default: "400" }, seed: { type: "string", default: "0" } } });
const epochs = Number(values.epochs);
torch.manual_seed(Number(values.seed));

// Two spirals of 500 points each, with a little noise.
function spirals(n: number): [torch.Tensor, torch.Tensor] {
  const t = torch.rand(n, 1).sqrt().mul(3 * Math.PI);
  const arms = [0, Math.PI].map((phase) =>
    torch.cat([t.mul(t.add(phase).cos()), t.mul(t.add(phase).sin())], 1).add(torch.randn(n, 2).mul(0.3)),
  );
  const X = torch.cat(arms).div(3 * Math.PI);
  const y = torch.cat([torch.zeros(n, 1), torch.ones(n, 1)]);
  return [X, y];
}
const [X, y] = spirals(500);

// Parameters, initialised as nn.Linear does (uniform in ±1/sqrt(fan_in)).
function linear(fanIn: number, fanOut: number): [torch.Tensor, torch.Tensor] {
  const bound = 1 / Math.sqrt(fanIn);
  const w = torch.empty(fanIn, fanOut).uniform_(-bound, bound).requires_grad_();
  const b = torch.empty(fanOut).uniform_(-bound, bound).requires_grad_();
  return [w, b];
}
const params = [...linear(2, 64), ...linear(64, 64), ...linear(64, 1)];
const [w1, b1, w2, b2, w3, b3] = params;
const forward = (x: torch.Tensor) => x.matmul(w1).add(b1).relu().matmul(w2).add(b2).relu().matmul(w3).add(b3);

// Binary cross-entropy on logits, in its numerically stable form.
const bceWithLogits = (z: torch.Tensor, target: torch.Tensor) =>
  z.relu().sub(z.mul(target)).add(z.abs().neg().exp().log1p()).mean();

const lr = 0.5, momentum = 0.9;
const velocity = params.map((p) => torch.zeros_like(p));
const started = Date.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  const loss = torch.tidy(() => {
    const loss = bceWithLogits(forward(X), y);
    loss.backward();
    torch.no_grad(() => {
      params.forEach((p, i) => {
        velocity[i].mul_(momentum).add_(p.grad!);
        p.sub_(velocity[i], { alpha: lr });
        p.grad = null;
      });
    });
    return loss;
  });
  if (epoch % 50 === 0 || epoch === 1) {
    const accuracy = torch.no_grad(() => forward(X).gt(0).eq(y.bool()).float().mean().item()) as number;
    console.log(`epoch ${String(epoch).padStart(4)}  loss ${(loss.item() as number).toFixed(4)}  accuracy ${(accuracy * 100).toFixed(1)}%`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(2);
console.log(`trained ${epochs} epochs in ${seconds} s (libtorch ${torch.libtorch_version}, ${torch.get_num_threads()} thread(s))`);

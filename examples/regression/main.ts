#!/usr/bin/env -S npx tsx
/**
 * pytorch/examples' regression/main.py, ported line by line: a linear model
 * fitted to a random degree-4 polynomial with smooth L1 loss and plain SGD
 * updates written by hand. Run it as is:
 *
 *   npx tsx examples/regression/main.ts
 *
 * The original draws its polynomial and batches from an unseeded generator;
 * this port's only addition, `--seed N`, seeds it (test/examples.test.ts
 * runs both with the same seed and compares every loss).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import * as torch from "torchnode";
import type { Tensor } from "torchnode";
import * as F from "torchnode/nn/functional";

const { values } = parseArgs({ options: { seed: { type: "string" }, losses: { type: "string" } } });
if (values.seed !== undefined) torch.manual_seed(Number(values.seed));
const losses: number[] = [];

const POLY_DEGREE = 4;
const W_target = torch.randn(POLY_DEGREE, 1).mul(5);
const b_target = torch.randn(1).mul(5);

/** Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]. */
function make_features(x: Tensor): Tensor {
  x = x.unsqueeze(1);
  return torch.cat(Array.from({ length: POLY_DEGREE }, (_, i) => x.pow(i + 1)), 1);
}

/** Approximated function. */
function f(x: Tensor): Tensor {
  return x.mm(W_target).add(b_target.item() as number);
}


/** Creates a string description of a polynomial. */
function poly_desc(W: Tensor, b: Tensor): string {
  let result = "y = ";
  for (const [i, w] of [...W].entries()) result += `${torch.pyFormat(w, "+.2f")} x^${i + 1} `;
  result += torch.pyFormat(b.index(0), "+.2f");
  return result;
}

/** Builds a batch i.e. (x, f(x)) pair. */
function get_batch(batch_size = 32): [Tensor, Tensor] {
  const random = torch.randn(batch_size);
  const x = make_features(random);
  const y = f(x);
  return [x, y];
}

// Define model
const fc = new torch.nn.Linear(W_target.size(0), 1);

let loss = 0;
let batch_idx = 1;
for (; ; batch_idx++) {
  // One batch's tensors are freed when it ends, as Python's refcounts free them.
  const stop = torch.tidy(() => {
    // Get data
    const [batch_x, batch_y] = get_batch();

    // Reset gradients
    fc.zero_grad();

    // Forward pass
    const output = F.smooth_l1_loss(fc(batch_x), batch_y);
    loss = output.item() as number;
    losses.push(loss);

    // Backward pass
    output.backward();

    // Apply gradients
    for (const param of fc.parameters()) param.data.add_(param.grad!.mul(-0.1));

    // Stop criterion
    return loss < 1e-3;
  });
  if (stop) break;
}

console.log(`Loss: ${torch.pyFormat(loss, ".6f")} after ${batch_idx} batches`);
console.log("==> Learned function:\t" + poly_desc(fc.weight.view(-1), fc.bias!));
console.log("==> Actual function:\t" + poly_desc(W_target.view(-1), b_target));
if (values.losses) fs.writeFileSync(values.losses, JSON.stringify(losses));

/**
 * pytorch/examples' vae/main.py, ported line by line: a variational
 * autoencoder on MNIST (Kingma and Welling), with reconstruction and sample
 * grids saved as PNG. Run it as is:
 *
 *   npx tsx examples/vae/main.ts --epochs 1
 *
 * Additions of this port, for short runs that check it against Python
 * (test/examples.test.ts): --train-limit/--test-limit take the first N images
 * of each set, --results names the folder the PNGs go to (the original's
 * results/), --losses writes every training loss to a JSON file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as torch from "torchnode";
import { nn, optim } from "torchnode";
import type { Tensor } from "torchnode";
import * as F from "torchnode/nn/functional";
import * as datasets from "torchnode/datasets"; // from torchvision import datasets, transforms
import * as transforms from "torchnode/transforms";
import { utils } from "torchnode/vision"; // from torchvision.utils import save_image
import { DataLoader, Subset, type Dataset } from "torchnode/utils/data";

const { save_image } = utils;

const { values } = parseArgs({
  options: {
    "batch-size": { type: "string", default: "128" }, // input batch size for training (default: 128)
    epochs: { type: "string", default: "10" }, // number of epochs to train (default: 10)
    "no-accel": { type: "boolean", default: false }, // disables accelerator
    seed: { type: "string", default: "1" }, // random seed (default: 1)
    "log-interval": { type: "string", default: "10" }, // how many batches to wait before logging training status
    "train-limit": { type: "string" },
    "test-limit": { type: "string" },
    results: { type: "string", default: "results" },
    losses: { type: "string" },
  },
});
const args = {
  batch_size: Number(values["batch-size"]), epochs: Number(values.epochs), no_accel: values["no-accel"]!, seed: Number(values.seed),
  log_interval: Number(values["log-interval"]),
};
const losses: number[] = [];

const use_accel = !args.no_accel && torch.cuda.is_available();

torch.manual_seed(args.seed);

const device = use_accel ? torch.device("cuda") : torch.device("cpu");

console.log(`Using device: ${device}`);

const kwargs = use_accel ? { num_workers: 1, pin_memory: true } : {};
const root = process.env.MNIST_ROOT ?? "../data";
const limit = (d: Dataset, n: string | undefined): Dataset => (n ? new Subset(d, [...Array(Number(n)).keys()]) : d);
const train_loader = new DataLoader(
  limit(new datasets.MNIST(root, { train: true, download: true, transform: new transforms.ToTensor() }), values["train-limit"]),
  { batch_size: args.batch_size, shuffle: true, ...kwargs },
);
const test_loader = new DataLoader(
  limit(new datasets.MNIST(root, { train: false, transform: new transforms.ToTensor() }), values["test-limit"]),
  { batch_size: args.batch_size, shuffle: false, ...kwargs },
);

class VAE extends nn.Module {
  fc1 = new nn.Linear(784, 400);
  fc21 = new nn.Linear(400, 20);
  fc22 = new nn.Linear(400, 20);
  fc3 = new nn.Linear(20, 400);
  fc4 = new nn.Linear(400, 784);

  encode(x: Tensor): [Tensor, Tensor] {
    const h1 = F.relu(this.fc1(x));
    return [this.fc21(h1), this.fc22(h1)];
  }

  reparameterize(mu: Tensor, logvar: Tensor): Tensor {
    const std = torch.exp(logvar.mul(0.5));
    const eps = torch.randn_like(std);
    return mu.add(eps.mul(std));
  }

  decode(z: Tensor): Tensor {
    const h3 = F.relu(this.fc3(z));
    return torch.sigmoid(this.fc4(h3));
  }

  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    const [mu, logvar] = this.encode(x.view(-1, 784));
    const z = this.reparameterize(mu, logvar);
    return [this.decode(z), mu, logvar];
  }
}

const model = new VAE().to(device);
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });

// Reconstruction + KL divergence losses summed over all elements and batch
function loss_function(recon_x: Tensor, x: Tensor, mu: Tensor, logvar: Tensor): Tensor {
  const BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), { reduction: "sum" });

  // see Appendix B from VAE paper:
  // Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
  // https://arxiv.org/abs/1312.6114
  // 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
  const KLD = torch.sum(logvar.add(1).sub(mu.pow(2)).sub(logvar.exp())).mul(-0.5);

  return BCE.add(KLD);
}

function train(epoch: number): void {
  model.train();
  let train_loss = 0;
  let batch_idx = 0;
  for (let [data] of torch.tidyEach(train_loader as Iterable<[Tensor, Tensor]>)) {
    data = data.to(device);
    optimizer.zero_grad();
    const [recon_batch, mu, logvar] = model(data) as [Tensor, Tensor, Tensor];
    const loss = loss_function(recon_batch, data, mu, logvar);
    loss.backward();
    train_loss += loss.item() as number;
    losses.push(loss.item() as number);
    optimizer.step();
    if (batch_idx % args.log_interval === 0) {
      console.log(
        `Train Epoch: ${epoch} [${batch_idx * data.size(0)}/${train_loader.dataset.length} (${torch.pyFormat((100 * batch_idx) / train_loader.length, ".0f")}%)]\tLoss: ${torch.pyFormat((loss.item() as number) / data.size(0), ".6f")}`,
      );
    }
    batch_idx++;
  }

  console.log(`====> Epoch: ${epoch} Average loss: ${torch.pyFormat(train_loss / train_loader.dataset.length, ".4f")}`);
}

function test(epoch: number): void {
  model.eval();
  let test_loss = 0;
  torch.no_grad(() => {
    let i = 0;
    for (let [data] of torch.tidyEach(test_loader as Iterable<[Tensor, Tensor]>)) {
      data = data.to(device);
      const [recon_batch, mu, logvar] = model(data) as [Tensor, Tensor, Tensor];
      test_loss += loss_function(recon_batch, data, mu, logvar).item() as number;
      if (i === 0) {
        const n = Math.min(data.size(0), 8);
        const comparison = torch.cat([data.index({ stop: n }), recon_batch.view(args.batch_size, 1, 28, 28).index({ stop: n })]);
        save_image(comparison.cpu(), path.join(values.results!, "reconstruction_" + String(epoch) + ".png"), { nrow: n });
      }
      i++;
    }
  });

  test_loss /= test_loader.dataset.length;
  console.log(`====> Test set loss: ${torch.pyFormat(test_loss, ".4f")}`);
}

for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
  train(epoch);
  test(epoch);
  torch.no_grad(() => {
    let sample = torch.randn(64, 20).to(device);
    sample = model.decode(sample).cpu();
    save_image(sample.view(64, 1, 28, 28), path.join(values.results!, "sample_" + String(epoch) + ".png"));
  });
}
if (values.losses) fs.writeFileSync(values.losses, JSON.stringify(losses));

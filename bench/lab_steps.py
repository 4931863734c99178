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
import json
import os
import statistics
import sys
import time

try:
    import torch
    from torch import nn
    from lab_data import HERE, lab_trainloader, mnist_root, parse_args
except ImportError as e:
    sys.exit(f"bench/lab_steps.py: cannot import torch/torchvision ({e}); use Debian's /usr/bin/python3")

from lab_mlp import MLP

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
    args = parse_args(epochs=3)
    with mnist_root() as root:
        torch.manual_seed(0)
        loader = lab_trainloader(root)
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
    if args.json:
        print(json.dumps({"median": statistics.median(steps), "min": min(steps), "max": max(steps),
                          "epochs_s": wholes, "steps_s": steps}))
    else:
        print(f"PyTorch {torch.__version__}: steps {', '.join(f'{s:.3f}' for s in steps)} s "
              f"of epochs {', '.join(f'{s:.3f}' for s in wholes)} s")


if __name__ == "__main__":
    main()

"""Reference runs of the pytorch/examples scripts that examples/ ports, for
test/examples.test.ts: the same model, data order, optimizer and schedule as
the original script, written here so that the test needs no network. Prints
the script's lines and writes every training loss (as Python's float repr of
loss.item()) to a JSON file.

    python scripts/golden_examples.py mnist MNIST_ROOT OUT.json [--epochs N] [--train-limit N] [--test-limit N] [--log-interval N]

mnist: pytorch/examples mnist/main.py (commit 77f55b9) on the CPU: Conv2d x2,
max_pool2d, Dropout x2, Linear x2, Adadelta(lr=1.0), StepLR(step_size=1,
gamma=0.7), batches of 64 in order (no shuffle without an accelerator),
tests in batches of 1000, seed 1.
"""
import argparse
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class MnistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return F.log_softmax(self.fc2(x), dim=1)


def mnist(opts):
    losses = []
    torch.manual_seed(1)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST(opts.root, train=True, transform=transform)
    test_set = datasets.MNIST(opts.root, train=False, transform=transform)
    if opts.train_limit:
        train_set = Subset(train_set, range(opts.train_limit))
    if opts.test_limit:
        test_set = Subset(test_set, range(opts.test_limit))
    train_loader = DataLoader(train_set, batch_size=64)
    test_loader = DataLoader(test_set, batch_size=1000)
    model = MnistNet()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
    for epoch in range(1, opts.epochs + 1):
        model.train()
        for batch_idx, (data, target) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if batch_idx % opts.log_interval == 0:
                print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                    epoch, batch_idx * len(data), len(train_loader.dataset),
                    100. * batch_idx / len(train_loader), loss.item()))
        model.eval()
        test_loss, correct = 0, 0
        with torch.no_grad():
            for data, target in test_loader:
                output = model(data)
                test_loss += F.nll_loss(output, target, reduction='sum').item()
                pred = output.argmax(dim=1, keepdim=True)
                correct += pred.eq(target.view_as(pred)).sum().item()
        test_loss /= len(test_loader.dataset)
        print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'.format(
            test_loss, correct, len(test_loader.dataset), 100. * correct / len(test_loader.dataset)))
        scheduler.step()
    return losses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("example", choices=["mnist"])
    parser.add_argument("root")
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--train-limit", type=int, default=0)
    parser.add_argument("--test-limit", type=int, default=0)
    parser.add_argument("--log-interval", type=int, default=10)
    opts = parser.parse_args()
    losses = {"mnist": mnist}[opts.example](opts)
    with open(opts.out, "w") as fh:
        json.dump({"torch_version": torch.__version__, "num_threads": torch.get_num_threads(), "losses": losses}, fh)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

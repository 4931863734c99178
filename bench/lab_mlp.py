"""The lab's MLP (../shared/reference/lab.py's, as lib/lab/models.ts ports it)
and its training step, for the Python side of the benches (bench/train_step.py,
bench/ddp_worker.py)."""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.flat = nn.Flatten()
        self.h1 = nn.Linear(28 * 28, 16)
        self.h2 = nn.Linear(16, 32)
        self.h3 = nn.Linear(32, 24)
        self.out = nn.Linear(24, 10)

    def forward(self, X, activ_hidden=nn.functional.relu):
        out = self.flat(X)
        out = activ_hidden(self.h1(out))
        out = activ_hidden(self.h2(out))
        out = activ_hidden(self.h3(out))
        return self.out(out)


def training_step(model, device="cpu"):
    """One step of the lab's training on a fixed batch of 512 (cross-entropy, SGD
    with lr 0.1 and weight decay 5e-2), as bench/train_step.ts runs it."""
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-2)
    X, y = torch.randn(512, 1, 28, 28).to(device), torch.randint(0, 10, (512,)).to(device)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        loss.item()

    return step

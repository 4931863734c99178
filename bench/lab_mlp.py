"""The lab's MLP (../shared/reference/lab.py's, as lib/lab/models.ts ports it),
for the Python side of the benches (bench/train_step.py, bench/ddp_worker.py)."""
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

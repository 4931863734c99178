"""One rank of the DDP reference runs (test/ddp.test.ts): test/helpers/ddp_worker.ts
in Python PyTorch, line for line, modes "train", "no_sync" and "unused"; writes
$DDP_OUT/rank<r>.json.

    RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 DDP_OUT=/tmp/x /usr/bin/python3 test/helpers/ddp_worker.py train
"""
import json
import os
import sys
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def hexbytes(t):
    return t.contiguous().numpy().tobytes().hex()


class TwoHeads(nn.Module):
    """A body and two heads: forward uses one head, so the other has no gradient on that rank."""

    def __init__(self):
        super().__init__()
        self.body = nn.Linear(20, 16)
        self.b = nn.Linear(16, 4)
        self.c = nn.Linear(16, 4)

    def forward(self, x, use_b):
        h = torch.relu(self.body(x))
        return self.b(h) if use_b else self.c(h)


def main(mode):
    dist.init_process_group("gloo", timeout=timedelta(seconds=30))
    rank = dist.get_rank()
    torch.manual_seed(0)
    X, y = torch.randn(200, 20), torch.randint(0, 4, (200,))
    # Each rank draws its own initial weights: DDP must send rank 0's to all.
    torch.manual_seed(rank)
    if mode == "unused":
        model = TwoHeads()
    else:
        model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Linear(16, 4))
    ddp = nn.parallel.DistributedDataParallel(model, find_unused_parameters=mode == "unused")
    loss_fn = nn.CrossEntropyLoss()
    out = {"rank": rank}
    if mode == "train":
        opt = torch.optim.SGD(ddp.parameters(), lr=0.1, momentum=0.9)
        sampler = DistributedSampler(TensorDataset(X, y), shuffle=True, seed=0)
        loader = DataLoader(TensorDataset(X, y), batch_size=16, sampler=sampler)
        seen, losses = [], []
        for epoch in range(2):
            sampler.set_epoch(epoch)
            seen.append(list(sampler))
            for xb, yb in loader:
                opt.zero_grad()
                loss = loss_fn(ddp(xb), yb)
                loss.backward()
                opt.step()
                losses.append(loss.item())
        out.update(indices=seen, losses=losses)
        out["state"] = {k: [str(v.dtype), list(v.shape), hexbytes(v)] for k, v in ddp.state_dict().items()}
    elif mode == "no_sync":
        def mine(i):
            return X.narrow(0, 40 * rank + 20 * i, 20), y.narrow(0, 40 * rank + 20 * i, 20)

        def grads():
            return [hexbytes(p.grad) for p in ddp.parameters()]

        with ddp.no_sync():
            loss_fn(ddp(mine(0)[0]), mine(0)[1]).backward()
        out["local"] = grads()
        loss_fn(ddp(mine(1)[0]), mine(1)[1]).backward()
        out["averaged"] = grads()
    elif mode == "unused":
        opt = torch.optim.SGD(ddp.parameters(), lr=0.1)
        losses, grads = [], []
        for step in range(6):
            use_b = step >= 4 or (step + rank) % 2 == 0
            opt.zero_grad()
            loss = loss_fn(ddp(X.narrow(0, 30 * step + 15 * rank, 20), use_b), y.narrow(0, 30 * step + 15 * rank, 20))
            loss.backward()
            grads.append([hexbytes(p.grad) if p.grad is not None else None for p in ddp.parameters()])
            opt.step()
            losses.append(loss.item())
        out.update(losses=losses, grads=grads)
        out["state"] = {k: hexbytes(v) for k, v in ddp.state_dict().items()}
    with open(os.path.join(os.environ["DDP_OUT"], f"rank{rank}.json"), "w") as f:
        json.dump(out, f)
    dist.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "train")

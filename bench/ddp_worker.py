"""One rank of bench/ddp.ts in Python: DDP training steps of the lab's MLP
(batch 512 per rank) on the CPU over Gloo; rank 0 prints the timing as JSON.
Started with torchrun's variables (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT)."""
import json
import statistics
import sys
import time

import torch
import torch.distributed as dist
from torch import nn

from lab_mlp import MLP, training_step  # bench/ lab_mlp.py: the script's folder is on sys.path

steps = int(sys.argv[sys.argv.index("--steps") + 1]) if "--steps" in sys.argv else 100
torch.set_num_threads(1)
dist.init_process_group("gloo")
torch.manual_seed(0)
step = training_step(nn.parallel.DistributedDataParallel(MLP()))

times = []
for _ in range(5):
    for _ in range(20):
        step()
    dist.barrier()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    times.append((time.perf_counter() - t0) / steps)
if dist.get_rank() == 0:
    print(json.dumps({"median": statistics.median(times), "min": min(times), "max": max(times)}))
dist.destroy_process_group()

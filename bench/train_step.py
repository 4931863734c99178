"""One training step of the lab's MLP (batch 512) in PyTorch: the Python side of
bench/train_step.ts. Prints JSON: median/min/max seconds per step.

    /usr/bin/python3 bench/train_step.py [--threads N] [--steps N] [--device cpu|cuda:0] [--json]
"""
import argparse
import json
import statistics
import time

import torch

from lab_mlp import MLP, training_step  # bench/ lab_mlp.py: the script's folder is on sys.path

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--device", default="cpu")
parser.add_argument("--json", action="store_true", help="accepted for bench/compare.ts; the output is always JSON")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
step = training_step(MLP().to(args.device), args.device)

times = []
for r in range(7):
    for _ in range(20):
        step()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    times.append((time.perf_counter() - t0) / args.steps)
print(json.dumps({"name": "train_step", "median": statistics.median(times), "min": min(times), "max": max(times)}))

"""torch.save / torch.load of a 200 MB state dict in PyTorch: the Python side of
bench/checkpoint.ts. Prints JSON with the save and load timings (median, min, max).

    /usr/bin/python3 bench/checkpoint.py --folder FOLDER [--device cpu|cuda:0] [--threads N] [--json]
"""
import argparse
import collections
import os
import json
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--folder", required=True)
parser.add_argument("--device", default="cpu")
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--json", action="store_true", help="accepted for bench/compare.ts; the output is always JSON")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
sd = collections.OrderedDict((f"layer{i}.weight", torch.randn(1000, 1000).to(args.device)) for i in range(50))
path = os.path.join(args.folder, "python.pt")
saves, loads = [], []
for _ in range(args.repeats):
    t0 = time.perf_counter()
    torch.save(sd, path)
    saves.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    torch.load(path, map_location=args.device)
    loads.append(time.perf_counter() - t0)


def spread(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs)}


print(json.dumps({"save": spread(saves), "load": spread(loads), "bytes": os.path.getsize(path)}))

"""torch.save / torch.load of a 200 MB state dict in PyTorch: the Python side of
bench/checkpoint.ts. Prints JSON with median seconds for save and load.

    /usr/bin/python3 bench/checkpoint.py FOLDER
"""
import collections
import json
import os
import statistics
import sys
import time

import torch

folder = sys.argv[1]
torch.manual_seed(0)
sd = collections.OrderedDict((f"layer{i}.weight", torch.randn(1000, 1000)) for i in range(50))
path = os.path.join(folder, "python.pt")
saves, loads = [], []
for _ in range(5):
    t0 = time.perf_counter()
    torch.save(sd, path)
    saves.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    torch.load(path)
    loads.append(time.perf_counter() - t0)
print(json.dumps({"save": statistics.median(saves), "load": statistics.median(loads), "bytes": os.path.getsize(path)}))

"""Resident bytes per small tensor in Python PyTorch: COUNT torch.zeros(1) kept in a list.

Usage: /usr/bin/python3 bench/memory.py [--json]   (--device and --threads are accepted and ignored: CPU tensors)
"""
import gc
import json
import os
import sys

try:
    import torch
except ImportError as e:
    sys.exit(f"bench/memory.py: cannot import torch ({e}); install Debian's python3-torch")

COUNT = 200_000
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def main():
    torch.zeros(1)  # load everything a first tensor needs before the baseline
    gc.collect()
    before = rss()
    kept = [torch.zeros(1) for _ in range(COUNT)]
    gc.collect()
    per_tensor = (rss() - before) / len(kept)
    if "--json" in sys.argv:
        print(json.dumps({"count": COUNT, "bytes_per_tensor": per_tensor}))
    else:
        print(f"python: {per_tensor:.0f} bytes per torch.zeros(1) ({COUNT} kept, RSS delta; includes the list's 8-byte slot)")


if __name__ == "__main__":
    main()

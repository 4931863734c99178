"""Per-op cost of a few PyTorch operations, the Python side of bench/compare.ts.

Usage: /usr/bin/python3 bench/ops.py [--json] [--threads N] [--device cpu|cuda:0]
Each op runs in a loop compiled for it (no lambda call per iteration), after a
warm-up that also sizes the loop so one repeat takes about TARGET_S seconds.
"""
import argparse
import json
import platform
import statistics
import sys
import time

try:
    import torch
except ImportError as e:
    sys.exit(f"bench/ops.py: cannot import torch ({e}); install Debian's python3-torch")

REPEATS = 7
TARGET_S = 0.25


def setup(device):
    a, b = torch.rand(1, device=device), torch.rand(1, device=device)
    big_a, big_b = torch.rand(1_000_000, device=device), torch.rand(1_000_000, device=device)
    big_out = torch.empty(1_000_000, device=device)
    x, w = torch.rand(512, 784, device=device), torch.rand(784, 16, device=device)
    one = torch.rand(1, device=device)
    return {"torch": torch, "a": a, "b": b, "big_a": big_a, "big_b": big_b, "big_out": big_out, "x": x, "w": w, "one": one, "device": device}


# name -> the statement timed; its result is kept in a local, as user code would.
OPS = {
    "op_add_small": "a.add(b)",
    "op_add_large": "big_a.add(big_b)",
    "op_add_large_out": "torch.add(big_a, big_b, out=big_out)",  # one warm block on both sides
    "matmul": "x.matmul(w)",
    "create_small": "torch.zeros(1)",  # torch.zeros(1, device=device) off the CPU (see main)
    "item": "one.item()",
}


def make_loop(stmt, names):
    # On CUDA the loop waits for the device's queued work before it returns.
    sync = "\n    torch.cuda.synchronize()" if str(names["device"]).startswith("cuda") else ""
    src = f"def loop(n, {', '.join(names)}):\n    r = None\n    for _ in range(n):\n        r = {stmt}{sync}\n    return r\n"
    scope = {}
    exec(compile(src, f"<bench {stmt}>", "exec"), scope)
    return scope["loop"]


def run(n, loop, env):
    t0 = time.perf_counter()
    loop(n, **env)
    return time.perf_counter() - t0


def measure(stmt, env):
    loop = make_loop(stmt, env)
    n, elapsed = 1, run(1, loop, env)
    while elapsed < TARGET_S / 10:  # warm-up and calibration
        n *= 2 if elapsed > TARGET_S / 100 else 10
        elapsed = run(n, loop, env)
    n = max(1, round(n * TARGET_S / elapsed))
    per_op = sorted(run(n, loop, env) / n for _ in range(REPEATS))
    return {"median": statistics.median(per_op), "min": per_op[0], "max": per_op[-1], "iterations": n}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    env = setup(args.device)
    if args.device != "cpu":
        OPS["create_small"] = "torch.zeros(1, device=device)"
    results = {name: measure(stmt, env) for name, stmt in OPS.items()}
    info = {"python": platform.python_version(), "torch": torch.__version__, "threads": torch.get_num_threads()}
    if args.json:
        print(json.dumps({"info": info, "results": results}))
        return
    print(f"python {info['python']}, torch {info['torch']}, threads {info['threads']}")
    for name, r in results.items():
        print(f"{name:14s} {r['median'] * 1e6:10.3f} us/op  (min {r['min'] * 1e6:.3f}, max {r['max'] * 1e6:.3f}, n={r['iterations']})")


if __name__ == "__main__":
    main()

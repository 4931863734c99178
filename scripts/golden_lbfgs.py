"""Goldens for optim.LBFGS and optim.SparseAdam, written by the PyTorch that runs this script.

Usage: python scripts/golden_lbfgs.py OUT.json

test/lbfgs.test.ts runs it at test time with the Python of the libtorch under
test and replays every problem in torchnode: each closure's loss, the
parameters after each step and the final LBFGS state are compared as bit
patterns (the hex of each value as a double; float32 values widen exactly).
The problems are defined twice, here and in the test, line for line.
"""
import inspect
import json
import struct
import sys

import torch
import torch.nn.functional as F

from golden_common import error_of

torch.set_num_threads(1)

HAS_MAXIMIZE = "maximize" in inspect.signature(torch.optim.LBFGS.__init__).parameters


def bits(x):
    """The bit pattern of x as a double, in hex (NaN and -0.0 kept)."""
    return struct.pack(">d", float(x)).hex()


def tensor_bits(t):
    return [bits(v) for v in t.detach().reshape(-1).tolist()]


def encode(value):
    """A state value in a form the test can rebuild: numbers as bits, tensors with dtype and shape."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, (int, float)):
        return {"num": bits(value)}
    if isinstance(value, torch.Tensor):
        return {"tensor": str(value.dtype).replace("torch.", ""), "shape": list(value.shape), "bits": tensor_bits(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    raise TypeError(f"cannot encode {type(value)}")


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def make_problem(name, dtype):
    """The parameters and the objective of a named problem, from seeded data."""
    torch.manual_seed(0)
    if name.startswith("rosenbrock"):
        x = torch.tensor([-1.5, 2.0], dtype=dtype, requires_grad=True)
        sign = -1 if name == "rosenbrock_max" else 1
        return [x], lambda: rosenbrock(x) * sign
    if name == "linreg":
        X = torch.randn(64, 3, dtype=dtype)
        w_true = torch.randn(3, dtype=dtype)
        y = X.mv(w_true) + 0.1 * torch.randn(64, dtype=dtype)
        w = torch.randn(3, dtype=dtype).requires_grad_()
        b = torch.zeros(1, dtype=dtype).requires_grad_()
        unused = torch.ones(2, dtype=dtype).requires_grad_()  # no gradient: LBFGS sees zeros
        return [w, unused, b], lambda: (X.mv(w) + b - y).pow(2).mean()
    if name == "mlp":
        X = torch.randn(16, 3, dtype=dtype)
        y = torch.randn(16, 1, dtype=dtype)
        W1 = (torch.randn(3, 5, dtype=dtype) * 0.5).requires_grad_()
        b1 = torch.zeros(5, dtype=dtype).requires_grad_()
        W2 = (torch.randn(5, 1, dtype=dtype) * 0.5).requires_grad_()
        b2 = torch.zeros(1, dtype=dtype).requires_grad_()
        return [W1, b1, W2, b2], lambda: F.mse_loss(torch.tanh(X.matmul(W1) + b1).matmul(W2) + b2, y)
    raise ValueError(name)


# name, problem, dtype, steps, LBFGS options
CASES = [
    ("rosenbrock64 plain", "rosenbrock", "float64", 4, {"lr": 0.5, "history_size": 10, "max_iter": 8}),
    ("rosenbrock32 plain h2", "rosenbrock", "float32", 4, {"lr": 0.25, "history_size": 2, "max_iter": 10}),
    ("rosenbrock64 strong_wolfe", "rosenbrock", "float64", 4, {"line_search_fn": "strong_wolfe"}),
    ("rosenbrock32 strong_wolfe h3", "rosenbrock", "float32", 4, {"line_search_fn": "strong_wolfe", "history_size": 3}),
    ("rosenbrock64 strong_wolfe max_eval 7", "rosenbrock", "float64", 3, {"line_search_fn": "strong_wolfe", "max_iter": 6, "max_eval": 7}),
    ("linreg32 plain h4", "linreg", "float32", 4, {"history_size": 4, "max_iter": 5}),
    ("linreg64 strong_wolfe", "linreg", "float64", 3, {"line_search_fn": "strong_wolfe", "max_iter": 10}),
    ("mlp32 strong_wolfe h5", "mlp", "float32", 3, {"line_search_fn": "strong_wolfe", "history_size": 5, "max_iter": 10}),
    ("mlp64 plain", "mlp", "float64", 3, {"lr": 0.5, "history_size": 6, "max_iter": 7}),
    ("mlp64 strong_wolfe tolerances", "mlp", "float64", 3, {"line_search_fn": "strong_wolfe", "tolerance_grad": 1e-4, "tolerance_change": 1e-6}),
]
if HAS_MAXIMIZE:
    CASES.append(("rosenbrock64 maximize strong_wolfe", "rosenbrock_max", "float64", 3, {"line_search_fn": "strong_wolfe", "maximize": True}))
    CASES.append(("rosenbrock32 maximize plain", "rosenbrock_max", "float32", 3, {"lr": 0.25, "max_iter": 6, "maximize": True}))


def run_case(name, problem, dtype, steps, options):
    params, objective = make_problem(problem, getattr(torch, dtype))
    optimizer = torch.optim.LBFGS(params, **options)
    losses = []

    def closure():
        optimizer.zero_grad()
        loss = objective()
        loss.backward()
        losses.append(bits(loss.item()))
        return loss

    per_step = []
    for _ in range(steps):
        returned = optimizer.step(closure)
        per_step.append({"returned": bits(returned.item()), "losses": len(losses), "params": [tensor_bits(p) for p in params]})
    sd = optimizer.state_dict()
    state = sd["state"][0]
    return {
        "name": name,
        "problem": problem,
        "dtype": dtype,
        "steps": steps,
        "options": options,
        "losses": losses,
        "per_step": per_step,
        "state_keys": list(state.keys()),
        "state": {k: encode(v) for k, v in state.items()},
        "param_groups": [{k: v for k, v in g.items()} for g in sd["param_groups"]],
    }


def errors():
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(2, requires_grad=True)

    def bad_line_search():
        optimizer = torch.optim.LBFGS([p], line_search_fn="foo")

        def closure():
            optimizer.zero_grad()
            loss = (p - 1).pow(2).sum()
            loss.backward()
            return loss

        optimizer.step(closure)

    def sparse_adam_dense_grad():
        w = torch.ones(3, requires_grad=True)
        optimizer = torch.optim.SparseAdam([w])
        w.sum().backward()
        optimizer.step()

    return {
        "lbfgs groups": error_of(lambda: torch.optim.LBFGS([{"params": [p]}, {"params": [q]}])),
        "lbfgs lr": error_of(lambda: torch.optim.LBFGS([p], lr=-1.0)),
        "lbfgs empty": error_of(lambda: torch.optim.LBFGS([])),
        "lbfgs line_search_fn": error_of(bad_line_search),
        "lbfgs no closure": error_of(lambda: torch.optim.LBFGS([p]).step()),
        "sparse_adam lr": error_of(lambda: torch.optim.SparseAdam([p], lr=0.0)),
        "sparse_adam eps": error_of(lambda: torch.optim.SparseAdam([p], eps=0.0)),
        "sparse_adam beta0": error_of(lambda: torch.optim.SparseAdam([p], betas=(1.0, 0.999))),
        "sparse_adam beta1": error_of(lambda: torch.optim.SparseAdam([p], betas=(0.9, -0.5))),
        "sparse_adam empty": error_of(lambda: torch.optim.SparseAdam([])),
        "sparse_adam dense grad": error_of(sparse_adam_dense_grad),
    }


def sparse_adam_case(dtype, maximize):
    """SparseAdam over an embedding table with sparse gradients (repeated indices: an uncoalesced gradient)."""
    torch.manual_seed(0)
    weight = torch.randn(6, 3, dtype=getattr(torch, dtype)).requires_grad_()
    optimizer = torch.optim.SparseAdam([weight], lr=0.1, betas=(0.8, 0.95), maximize=maximize)
    batches = [[1, 2, 1, 4], [0, 2], [5, 5, 3, 1]]
    per_step = []
    for batch in batches:
        optimizer.zero_grad()
        out = F.embedding(torch.tensor(batch), weight, sparse=True)
        loss = (out * out).sum() + out.sum()
        loss.backward()
        optimizer.step()
        per_step.append(tensor_bits(weight))
    state = optimizer.state_dict()["state"][0]
    return {
        "dtype": dtype,
        "maximize": maximize,
        "batches": batches,
        "per_step": per_step,
        "state": {k: encode(v) for k, v in state.items()},
        "param_groups": [{k: v for k, v in g.items()} for g in optimizer.state_dict()["param_groups"]],
    }


def main():
    out = {
        "torch_version": torch.__version__,
        "has_maximize": HAS_MAXIMIZE,
        "cases": [run_case(*case) for case in CASES],
        "errors": errors(),
        "sparse_adam": [sparse_adam_case("float32", False), sparse_adam_case("float64", True)],
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

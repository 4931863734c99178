"""Goldens for the optimizers PyTorch 2.x added: optim.Adafactor, optim.Muon and
optim.swap_in_optimizer_params_and_state, written by the PyTorch that runs this script.

Usage: python scripts/golden_optim2.py OUT.json

test/optim2.test.ts runs it at test time with the Python of the libtorch under
test (PyTorch 2.15 was the one checked) and replays every case in torchnode:
the parameters and the whole state after each step are compared as bit
patterns (the hex of each value as a double; float32 and bfloat16 widen
exactly), the state dicts key by key, and the errors by type and message.
The model and the cases are defined twice, here and in the test, line for line.
"""
import copy
import json
import sys

import torch
import torch.nn.functional as F
from torch import nn

from golden_common import error_of
from golden_lbfgs import encode  # numbers as bits, tensors with dtype and shape

torch.set_num_threads(1)


def encode_state(state):
    """state_dict()["state"]: {index: {key: value}} with keys kept in order."""
    return {str(k): {"keys": list(s.keys()), "values": {key: encode(v) for key, v in s.items()}} for k, s in state.items()}


def make_model(dtype):
    """A Linear (2-D weight, 1-D bias), a 3-D cube, a tall 5x3 matrix and a 2-D parameter that never gets a gradient."""
    torch.manual_seed(0)
    lin = nn.Linear(4, 3).to(dtype)
    cube = nn.Parameter(torch.randn(2, 3, 4, dtype=dtype))
    tall = nn.Parameter(torch.randn(5, 3, dtype=dtype))
    spare = nn.Parameter(torch.zeros(2, 2, dtype=dtype))
    X = torch.randn(6, 4, dtype=dtype)
    Y = torch.randn(6, 3, dtype=dtype)
    A = torch.randn(2, 5, dtype=dtype)
    params = {"weight": lin.weight, "bias": lin.bias, "cube": cube, "tall": tall, "spare": spare}

    def objective():
        return F.mse_loss(lin(X), Y) + cube.pow(3).mean() + A.matmul(tall).tanh().sum()

    return params, objective


def python_options(options):
    """JSON lists back to the tuples PyTorch takes."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}


# name, optimizer, dtype, parameter names, options, a second group (names, options) or None, steps
ADAFACTOR_ALL = ["weight", "bias", "cube", "tall", "spare"]
MUON_ALL = ["weight", "tall", "spare"]
CASES = [
    ("adafactor default", "Adafactor", "float32", ADAFACTOR_ALL, {}, None, 5),
    ("adafactor lr wd maximize", "Adafactor", "float32", ADAFACTOR_ALL, {"lr": 0.05, "weight_decay": 0.1, "maximize": True}, None, 5),
    ("adafactor beta2_decay eps d", "Adafactor", "float32", ADAFACTOR_ALL, {"beta2_decay": -0.5, "eps": [1e-8, 1e-2], "d": 2.0}, None, 5),
    ("adafactor float64", "Adafactor", "float64", ADAFACTOR_ALL, {"weight_decay": 0.01}, None, 4),
    ("adafactor two groups", "Adafactor", "float32", ["weight", "cube"], {"lr": 0.02}, (["bias", "tall"], {"lr": 0.3, "eps": [1e-6, 1e-3]}), 4),
    ("adafactor foreach=True", "Adafactor", "float32", ADAFACTOR_ALL, {"foreach": True, "weight_decay": 0.1}, None, 4),
    ("muon default", "Muon", "float32", MUON_ALL, {}, None, 5),
    ("muon plain momentum", "Muon", "float32", MUON_ALL, {"lr": 0.02, "momentum": 0.9, "nesterov": False, "weight_decay": 0.0}, None, 5),
    ("muon match_rms_adamw", "Muon", "float32", MUON_ALL, {"lr": 0.01, "adjust_lr_fn": "match_rms_adamw"}, None, 4),
    ("muon spectral_unclamped", "Muon", "float32", MUON_ALL, {"lr": 0.01, "adjust_lr_fn": "spectral_unclamped"}, None, 4),
    ("muon original ns", "Muon", "float32", MUON_ALL, {"adjust_lr_fn": "original", "ns_coefficients": [3.0, -3.2, 1.2], "ns_steps": 3, "eps": 1e-5}, None, 4),
    ("muon float64 two groups", "Muon", "float64", ["weight"], {"lr": 0.05}, (["tall"], {"lr": 0.1, "momentum": 0.5}), 4),
]


def run_case(name, optimizer, dtype, names, options, second, steps):
    params, objective = make_model(getattr(torch, dtype))
    groups = [{"params": [params[n] for n in names]}]
    if second:
        groups.append({"params": [params[n] for n in second[0]], **python_options(second[1])})
    opt = getattr(torch.optim, optimizer)(groups, **python_options(options))
    order = [n for g in [names] + ([second[0]] if second else []) for n in g]
    per_step = []
    for _ in range(steps):
        opt.zero_grad()
        objective().backward()
        opt.step()
        sd = opt.state_dict()
        per_step.append({"params": [encode(params[n]) for n in order], "state": encode_state(sd["state"])})
    return {
        "name": name, "optimizer": optimizer, "dtype": dtype, "names": names, "options": options,
        "second": list(second) if second else None, "steps": steps, "per_step": per_step,
        "param_groups": opt.state_dict()["param_groups"],
    }


def stepped(make):
    """Builds an optimizer over one 2x3 parameter with a gradient, then steps it."""
    p = torch.ones(2, 3, requires_grad=True)
    opt = make([p])
    p.grad = torch.ones(2, 3)
    opt.step()


def adafactor_complex():
    p = torch.zeros(2, dtype=torch.complex64, requires_grad=True)
    opt = torch.optim.Adafactor([p])
    p.grad = torch.ones(2, dtype=torch.complex64)
    opt.step()


def errors():
    A, M = torch.optim.Adafactor, torch.optim.Muon
    p = torch.zeros(2, 3, requires_grad=True)
    return {
        "adafactor lr": error_of(lambda: A([p], lr=-1.0)),
        "adafactor beta2_decay": error_of(lambda: A([p], beta2_decay=0.5)),
        "adafactor eps1": error_of(lambda: A([p], eps=(-1.0, 1e-3))),
        "adafactor eps2": error_of(lambda: A([p], eps=(None, -0.5))),
        "adafactor d": error_of(lambda: A([p], d=0.5)),
        "adafactor weight_decay": error_of(lambda: A([p], weight_decay=-0.1)),
        "adafactor empty": error_of(lambda: A([])),
        "adafactor complex": error_of(adafactor_complex),
        "muon lr": error_of(lambda: M([p], lr=-1.0)),
        "muon momentum": error_of(lambda: M([p], momentum=-0.5)),
        "muon weight_decay": error_of(lambda: M([p], weight_decay=-0.1)),
        "muon adjust_lr_fn": error_of(lambda: M([p], adjust_lr_fn="foo")),
        "muon 1-D": error_of(lambda: M([p, torch.zeros(3, requires_grad=True)])),
        "muon 3-D": error_of(lambda: M([torch.zeros(2, 3, 4, requires_grad=True)])),
        "muon empty": error_of(lambda: M([])),
        "muon ns_steps": error_of(lambda: stepped(lambda ps: M(ps, ns_steps=100))),
        "muon ns_coefficients": error_of(lambda: stepped(lambda ps: M(ps, ns_coefficients=(1.0, 2.0)))),
    }


def adam_on(params, objective, steps):
    """Adam over two groups (weight; bias at its own lr), stepped a few times."""
    opt = torch.optim.Adam([{"params": [params["weight"]]}, {"params": [params["bias"]], "lr": 0.01}], lr=0.1)
    for _ in range(steps):
        opt.zero_grad()
        objective().backward()
        opt.step()
    return opt


def swap_in_case():
    """Steps a copy of the parameters and of the state inside the context; the live optimizer is left as it was."""
    params, objective = make_model(torch.float32)
    opt = adam_on(params, objective, 2)
    live = [params["weight"], params["bias"]]
    swap = {n: p.detach().clone().requires_grad_() for n, p in [("weight", live[0]), ("bias", live[1])]}
    for (n, s), p in zip(swap.items(), live):
        s.grad = p.grad.clone().mul_(2)
    osd = copy.deepcopy(opt.state_dict())
    osd["param_groups"][1]["lr"] = 0.5
    del osd["state"][1]  # the bias starts afresh inside, and that state is not written back
    inside = {}
    with torch.optim.swap_in_optimizer_params_and_state(opt, swap, osd):
        inside["lrs"] = [g["lr"] for g in opt.param_groups]
        inside["params_are_swapped"] = all(g["params"][0] is s for g, s in zip(opt.param_groups, swap.values()))
        opt.step()
        opt.step()
        inside["state"] = {str(i): encode(opt.state[s]["step"]) for i, s in enumerate(swap.values())}
    return {
        "inside": inside,
        "swapped": [encode(s) for s in swap.values()],
        "osd_state": encode_state(osd["state"]),
        "osd_lrs": [g["lr"] for g in osd["param_groups"]],
        "live": [encode(p) for p in live],
        "live_state": encode_state(opt.state_dict()["state"]),
        "live_groups": [{k: v for k, v in g.items() if k != "params"} for g in opt.state_dict()["param_groups"]],
        "live_params_kept": all(g["params"][0] is p for g, p in zip(opt.param_groups, live)),
    }


def swap_in_errors():
    swap = torch.optim.swap_in_optimizer_params_and_state
    params, objective = make_model(torch.float32)
    opt = adam_on(params, objective, 1)
    two = {"weight": params["weight"].detach().clone(), "bias": params["bias"].detach().clone()}

    def run(osd, parameters=two, optimizer=opt):
        with swap(optimizer, parameters, osd):
            pass

    def sd(edit):
        out = copy.deepcopy(opt.state_dict())
        edit(out)
        return out

    fresh = torch.optim.Adam([params["weight"]])
    return {
        "no state": error_of(lambda: run(opt.state_dict(), {"weight": two["weight"]}, fresh)),
        "not a dict": error_of(lambda: run([])),
        "state not a dict": error_of(lambda: run(sd(lambda s: s.update(state=None)))),
        "state entry not a dict": error_of(lambda: run(sd(lambda s: s["state"].update({0: 5})))),
        "param_groups not a list": error_of(lambda: run(sd(lambda s: s.update(param_groups={})))),
        "group count": error_of(lambda: run(sd(lambda s: s["param_groups"].pop()))),
        "group not a dict": error_of(lambda: run(sd(lambda s: s["param_groups"].__setitem__(1, 7)))),
        "ids not ints": error_of(lambda: run(sd(lambda s: s["param_groups"][0].update(params=["a"])))),
        "ids length": error_of(lambda: run(sd(lambda s: s["param_groups"][0].update(params=[0, 5])))),
        "keys differ": error_of(lambda: run(sd(lambda s: (s["param_groups"][1].update(foo=1), s["param_groups"][1].pop("eps"))))),
        "too few parameters": error_of(lambda: run(opt.state_dict(), {"weight": two["weight"]})),
        "extra state keys": error_of(lambda: run(sd(lambda s: s["state"].update({7: {}})))),
    }


def main():
    out = {
        "torch_version": torch.__version__,
        "cases": [run_case(*c) for c in CASES],
        "errors": errors(),
        "swap_in": swap_in_case(),
        "swap_in_errors": swap_in_errors(),
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

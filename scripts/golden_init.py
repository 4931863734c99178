"""Goldens for torch.nn.init and torch.nn.utils' weight_norm / spectral_norm / fusion, from real PyTorch.

Run with the Python of the libtorch under test; prints one JSON document:
every init function after torch.manual_seed on several shapes and arguments
(the tensor's raw bytes, the error or the warnings), and short training
trajectories of weight-normalised and spectral-normalised layers.
test/init.test.ts and test/nn_utils.test.ts spawn it and compare bit for bit.
"""
import base64
import json
import sys
import warnings

import torch
from torch import nn
from torch.nn import init

torch.set_num_threads(1)
NEW = tuple(int(x) for x in torch.__version__.split(".")[:2]) >= (2, 2)


def full(t):
    t = t.detach().cpu().contiguous()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "b64": base64.b64encode(t.numpy().tobytes()).decode()}


def error(e):
    return {"type": type(e).__name__, "message": str(e)}


F32, F64 = "float32", "float64"
INIT_CASES = [
    ("uniform_", [3, 5], F32, [], {}), ("uniform_", [4, 4], F64, [-2.0, 3.0], {}), ("uniform_", [7], F32, [], {"a": -1.0, "b": 0.5}),
    ("normal_", [3, 5], F32, [], {}), ("normal_", [6], F64, [1.0, 0.1], {}), ("normal_", [2, 3, 4], F32, [], {"std": 3.0}),
    ("trunc_normal_", [5, 7], F32, [], {}), ("trunc_normal_", [100], F32, [0.5, 2.0, -1.0, 1.0], {}),
    ("trunc_normal_", [4, 6], F32, [], {"std": 0.02}), ("trunc_normal_", [50], F32, [], {"mean": 3.0, "a": -1.0, "b": 0.5}),
    ("trunc_normal_", [8, 8], F32, [], {"mean": 0.0, "std": 1.0, "a": 1.5, "b": 3.0}), ("trunc_normal_", [30], F64, [], {}),
    ("constant_", [2, 3], F32, [0.3], {}), ("constant_", [4], F64, [], {"val": -7.25}),
    ("ones_", [3, 2], F32, [], {}), ("zeros_", [3, 2], F32, [], {}),
    ("eye_", [3, 5], F32, [], {}), ("eye_", [4, 2], F64, [], {}), ("eye_", [2, 2, 2], F32, [], {}),
    ("dirac_", [4, 4, 3], F32, [], {}), ("dirac_", [6, 2, 3, 3], F32, [2], {}), ("dirac_", [4, 3, 3, 2, 5], F32, [], {"groups": 2}),
    ("dirac_", [5, 2, 3], F32, [2], {}), ("dirac_", [4, 4], F32, [], {}),
    ("xavier_uniform_", [6, 4], F32, [], {}), ("xavier_uniform_", [3, 2, 5, 5], F32, [0.5], {}), ("xavier_uniform_", [5], F32, [], {}),
    ("xavier_normal_", [6, 4], F32, [], {"gain": 2.0}), ("xavier_normal_", [8, 3, 3], F64, [], {}),
    ("kaiming_uniform_", [6, 4], F32, [], {}), ("kaiming_uniform_", [5, 3, 3, 3], F32, [5 ** 0.5], {}),
    ("kaiming_uniform_", [5, 7], F32, [0.2, "fan_out", "leaky_relu"], {}), ("kaiming_uniform_", [5, 7], F32, [], {"mode": "FAN_OUT", "nonlinearity": "relu"}),
    ("kaiming_uniform_", [0, 3], F32, [], {}), ("kaiming_uniform_", [4, 3], F32, [], {"mode": "fan_avg"}),
    ("kaiming_normal_", [6, 4], F32, [], {}), ("kaiming_normal_", [4, 2, 3], F64, [], {"nonlinearity": "tanh", "mode": "fan_out"}),
    ("kaiming_normal_", [4, 3], F32, [], {"nonlinearity": "softplus"}), ("kaiming_normal_", [4, 3], F32, [True], {}),
    ("orthogonal_", [4, 4], F32, [], {}), ("orthogonal_", [3, 7], F32, [], {}), ("orthogonal_", [7, 3], F64, [2.0], {}),
    ("orthogonal_", [4, 2, 3], F32, [], {"gain": 0.5}), ("orthogonal_", [5], F32, [], {}),
    ("sparse_", [10, 4], F32, [0.3], {}), ("sparse_", [6, 5], F32, [], {"sparsity": 0.5, "std": 1.0}), ("sparse_", [3, 3, 3], F32, [0.1], {}),
    ("uniform", [3, 4], F32, [-1.0, 1.0], {}), ("normal", [3, 4], F32, [], {}), ("constant", [2], F32, [4.0], {}), ("eye", [2, 3], F32, [], {}),
    ("dirac", [2, 2, 3], F32, [], {}), ("xavier_uniform", [3, 4], F32, [], {}), ("xavier_normal", [3, 4], F32, [], {}),
    ("kaiming_uniform", [3, 4], F32, [], {}), ("kaiming_normal", [3, 4], F32, [], {}), ("orthogonal", [3, 4], F32, [], {}), ("sparse", [4, 3], F32, [0.5], {}),
    ("xavier_uniform_", [3, 4], F32, [], {"bogus": 1}), ("uniform_", [3], F32, [0.0, 1.0, None, 4], {}),
]
if NEW:
    INIT_CASES += [(fn, [4, 5], F32, [], {"generator": "gen"}) for fn in
                   ["uniform_", "normal_", "trunc_normal_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_"]]
    INIT_CASES += [("sparse_", [6, 3], F32, [0.5], {"generator": "gen"})]


def init_cases():
    out = []
    for i, (fn, shape, dtype, args, kwargs) in enumerate(INIT_CASES):
        torch.manual_seed(i)
        t = torch.empty(shape, dtype=getattr(torch, dtype))
        kw = dict(kwargs)
        if kw.get("generator") == "gen":
            kw["generator"] = torch.Generator().manual_seed(1000 + i)
        rec = {"fn": fn, "shape": shape, "dtype": dtype, "args": args, "kwargs": kwargs, "seed": i, "error": None}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                getattr(init, fn)(t, *args, **kw)
            except Exception as e:  # noqa: BLE001 - recorded as the golden
                rec["error"] = error(e)
        rec["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
        rec["result"] = None if rec["error"] else full(t)
        rec["after"] = full(torch.rand(3))  # where the default stream stands afterwards
        out.append(rec)
    return out


GAINS = [["linear"], ["conv2d"], ["sigmoid"], ["tanh"], ["relu"], ["leaky_relu"], ["leaky_relu", 0.2], ["leaky_relu", 3], ["selu"],
         ["conv_transpose3d"], ["leaky_relu", True], ["leaky_relu", "0.1"], ["gelu"]]


def gains():
    out = []
    for args in GAINS:
        try:
            out.append({"args": args, "value": init.calculate_gain(*args), "error": None})
        except Exception as e:  # noqa: BLE001
            out.append({"args": args, "value": None, "error": error(e)})
    return out


def fan_errors():
    out = []
    for shape in [[], [5]]:
        try:
            init._calculate_fan_in_and_fan_out(torch.empty(shape))
        except Exception as e:  # noqa: BLE001
            out.append({"shape": shape, "error": error(e)})
    return out


# ---- nn.utils ------------------------------------------------------------------------

LAYERS = {
    "linear": lambda: nn.Linear(4, 3),
    "conv2d": lambda: nn.Conv2d(2, 3, 3),
    "convT": lambda: nn.ConvTranspose1d(3, 2, 3),
}
INPUTS = {"linear": [5, 4], "conv2d": [2, 2, 5, 5], "convT": [2, 3, 6]}


def state(m):
    return [[k, full(v)] for k, v in m.state_dict().items()]


def trajectory(kind, layer, apply, steps=3):
    torch.manual_seed(7)
    m = LAYERS[layer]()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        apply(m)
    rec = {"kind": kind, "layer": layer, "warnings": [[w.category.__name__, str(w.message)] for w in caught],
           "params": [n for n, _ in m.named_parameters()], "buffers": [n for n, _ in m.named_buffers()],
           "initial": state(m), "steps": []}
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    for step in range(steps):
        if step == steps - 1:
            m.eval()
        x = torch.randn(INPUTS[layer])
        y = m(x)
        loss = y.pow(2).sum()
        opt.zero_grad()
        loss.backward()
        rec["steps"].append({"x": full(x), "y": full(y), "weight": full(m.weight),
                             "grads": [[n, full(p.grad)] for n, p in m.named_parameters()]})
        opt.step()
        rec["steps"][-1]["state"] = state(m)
    sd = m.state_dict()
    rec["metadata"] = {k: v for k, v in sd._metadata.items() if k == ""}
    return rec, m


def utils_cases():
    out = []
    for layer in LAYERS:
        for dim in ([0, 1] if layer != "linear" else [0, None]):
            rec, m = trajectory("weight_norm", layer, lambda m, d=dim: nn.utils.weight_norm(m, dim=d))
            rec["dim"] = dim
            nn.utils.remove_weight_norm(m)
            rec["removed"] = state(m)
            rec["removed_params"] = [n for n, _ in m.named_parameters()]
            out.append(rec)
        for kwargs in [{}, {"n_power_iterations": 3, "eps": 1e-6}] + ([{"dim": 1}] if layer == "conv2d" else []):
            rec, m = trajectory("spectral_norm", layer, lambda m, k=kwargs: nn.utils.spectral_norm(m, **k))
            rec["kwargs"] = kwargs
            rec["spectral_metadata"] = m.state_dict()._metadata[""].get("spectral_norm")
            nn.utils.remove_spectral_norm(m)
            rec["removed"] = state(m)
            rec["removed_params"] = [n for n, _ in m.named_parameters()]
            rec["removed_buffers"] = [n for n, _ in m.named_buffers()]
            out.append(rec)
    return out


def utils_errors():
    cases = {
        "weight_norm twice": lambda: nn.utils.weight_norm(nn.utils.weight_norm(nn.Linear(2, 2))),
        "remove_weight_norm missing": lambda: nn.utils.remove_weight_norm(nn.Linear(2, 2)),
        "spectral_norm twice": lambda: nn.utils.spectral_norm(nn.utils.spectral_norm(nn.Linear(2, 2))),
        "spectral_norm n_power_iterations": lambda: nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0),
        "remove_spectral_norm missing": lambda: nn.utils.remove_spectral_norm(nn.Linear(2, 2)),
        "fuse in training": lambda: nn.utils.fuse_conv_bn_eval(nn.Conv2d(2, 2, 1), nn.BatchNorm2d(2)),
    }
    out = []
    for name, fn in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fn()
                out.append({"name": name, "error": None})
            except Exception as e:  # noqa: BLE001
                out.append({"name": name, "error": error(e)})
    return out


def fusion():
    out = []
    for transpose in [False, True]:
        torch.manual_seed(3)
        conv = (nn.ConvTranspose2d(3, 4, 3) if transpose else nn.Conv2d(3, 4, 3)).eval()
        bn = nn.BatchNorm2d(4).eval()
        with torch.no_grad():
            bn.running_mean.uniform_(-1, 1)
            bn.running_var.uniform_(0.5, 2)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-1, 1)
        fused = nn.utils.fuse_conv_bn_eval(conv, bn, transpose=transpose)
        x = torch.randn(2, 3, 5, 5)
        out.append({"transpose": transpose, "conv": state(conv), "bn": state(bn), "fused": state(fused),
                    "x": full(x), "y": full(fused(x)), "requires_grad": [p.requires_grad for p in fused.parameters()]})
    return out


json.dump({"torch_version": torch.__version__, "init": init_cases(), "gains": gains(), "fan_errors": fan_errors(),
           "utils": utils_cases(), "utils_errors": utils_errors(), "fusion": fusion()}, sys.stdout)

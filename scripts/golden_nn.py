#!/usr/bin/python3
"""Golden values for torchnode's nn and optim, computed by real PyTorch.

Run with Debian's PyTorch 1.13 (the libtorch torchnode links against):

    /usr/bin/python3 scripts/golden_nn.py test/fixtures/nn.json

test/nn_golden.test.ts replays everything here through torchnode and compares
bit for bit. What is recorded:

  - lab: for several seeds, the lab's MLP, MLP_BN and MLP_BN_Drop (the
    definitions of ../shared/reference/lab.py) right after torch.manual_seed,
    every initial parameter and buffer; then a fixed batch drawn after the
    model (X = randn(B, 1, 28, 28), y = randint(0, 10, (B,)), X_eval =
    randn(B, 1, 28, 28), in that order) and STEPS training steps as the lab's
    train_epoch does them (zero_grad, forward, CrossEntropyLoss, backward,
    step) for each optimizer configuration. At every step: the logits, the
    loss, every gradient (after backward), every parameter and buffer (after
    step), the optimizer's state, the lab's trajectory norms, the output and
    mask of every Dropout (in train mode), and every EVAL_EVERY steps an
    eval-mode forward under no_grad.
  - state_dict keys, shapes, dtypes and _metadata of the lab models;
    optimizer.state_dict() before and after steps; StepLR's lr sequences.
  - losses, softmax/log_softmax, BatchNorm1d variants, nn.init, calculate_gain
    on explicit inputs, with gradients; module reprs; error types and messages.

Tensor encoding: {"dtype", "shape", "b64"} holds the raw little-endian bytes
(row-major) in base64; where a full copy would make the file too big, a
string holds the first DIGEST_HEX hex digits of the SHA-256 of the dtype and
shape ("float32[16,784]:") followed by those same bytes. Both sides compare
every byte; the full copies show which elements differ.

Argument encoding for the constructors and calls the TypeScript side replays:
Python keyword arguments are a "kwargs" dict that becomes TypeScript's
trailing options object (PORTING.md); {"t": tensor} is a tensor,
{"dtype": name} a torch dtype, {"module": name, "args", "kwargs"} a module
built the same way, {"lab": name} one of the lab's models, and
{"float": "nan" | "inf" | "-inf"} a non-finite float.
"""

import base64
import hashlib
import json
import math
import sys
import warnings

import torch
from torch import nn
import torch.nn.functional as F

from golden_common import error_of

warnings.simplefilter("ignore")  # implicit softmax dims, broadcasting losses, scheduler order

DIGEST_HEX = 24
BATCH = 32
STEPS = 20
EVAL_EVERY = 5
FULL_AT_END = 256  # tensors up to this many elements are stored in full after the last step
FULL_INIT_SEED = 0  # the seed whose initial parameters are all stored in full
TORCH2 = int(torch.__version__.split(".")[0]) >= 2


# --------------------------------------------------------------- the lab ----
# The three models exactly as ../shared/reference/lab.py defines them.

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.flat = nn.Flatten()
        self.h1 = nn.Linear(28*28, 16)
        self.h2 = nn.Linear(16, 32)
        self.h3 = nn.Linear(32, 24)
        self.out = nn.Linear(24, 10)

    def forward(self, X, activ_hidden=nn.functional.relu):
        out = self.flat(X)
        out = activ_hidden(self.h1(out))
        out = activ_hidden(self.h2(out))
        out = activ_hidden(self.h3(out))
        out = self.out(out)
        return out


class MLP_BN(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28*28, 16),
            nn.ReLU(),

            nn.BatchNorm1d(num_features=16),
            nn.Linear(16, 32),
            nn.ReLU(),

            nn.BatchNorm1d(num_features=32),
            nn.Linear(32, 24),
            nn.ReLU(),

            nn.BatchNorm1d(num_features=24),
            nn.Linear(24, 10)
        )

    def forward(self, X):
        return self.layers(X)


class MLP_BN_Drop(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28*28, 16),
            nn.ReLU(),

            nn.BatchNorm1d(num_features=16),
            nn.Linear(16, 32),
            nn.ReLU(),
            nn.Dropout(p=.2),

            nn.BatchNorm1d(num_features=32),
            nn.Linear(32, 24),
            nn.ReLU(),

            nn.BatchNorm1d(num_features=24),
            nn.Linear(24, 10)
        )

    def forward(self, X):
        return self.layers(X)


LAB = {"MLP": MLP, "MLP_BN": MLP_BN, "MLP_BN_Drop": MLP_BN_Drop}


def get_params_and_gradients_norm(named_parameters):
    """The lab's trajectory values, as the lab computes them."""
    square_norms_params = []
    square_norms_grads = []
    for _, param in named_parameters:
        if param.requires_grad:
            square_norms_params.append((param ** 2).sum())
            square_norms_grads.append((param.grad ** 2).sum())
    norm_params = sum(square_norms_params).sqrt().item()
    norm_grads = sum(square_norms_grads).sqrt().item()
    return norm_params, norm_grads


# ------------------------------------------------------------- encoding ----

def raw(t):
    t = t.detach().cpu().contiguous()
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def dtype_name(dt):
    return str(dt).replace("torch.", "")


def full(t):
    return {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "b64": base64.b64encode(raw(t)).decode()}


def digest(t):
    """The first DIGEST_HEX hex digits of SHA-256 over "float32[16,784]:" and the raw bytes."""
    head = f"{dtype_name(t.dtype)}[{','.join(str(n) for n in t.shape)}]:".encode()
    return hashlib.sha256(head + raw(t)).hexdigest()[:DIGEST_HEX]


def enc_float(x):
    if math.isnan(x):
        return {"float": "nan"}
    if math.isinf(x):
        return {"float": "inf" if x > 0 else "-inf"}
    return float(x)


def enc(v):
    """A Python value (an argument or a recorded value) as JSON."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return enc_float(v)
    if isinstance(v, torch.dtype):
        return {"dtype": dtype_name(v)}
    if isinstance(v, torch.Tensor):
        return {"t": full(v)}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    raise TypeError(f"cannot encode {type(v)}")


def mask_hex(out):
    """The positions a Dropout kept (output != 0), as packed bits, row-major, in hex."""
    bits = (out.detach().reshape(-1) != 0).tolist()
    bits += [False] * (-len(bits) % 8)
    return bytes(sum(b << (7 - i) for i, b in enumerate(bits[k:k + 8])) for k in range(0, len(bits), 8)).hex()


# ------------------------------------------------------------ specs ----

def build(spec):
    """A module from its spec, as the TypeScript side builds it."""
    if "lab" in spec:
        return LAB[spec["lab"]]()
    cls = getattr(nn, spec["module"])
    return cls(*[build_arg(a) for a in spec.get("args", [])], **{k: build_arg(v) for k, v in spec.get("kwargs", {}).items()})


def build_arg(a):
    if isinstance(a, dict) and ("module" in a or "lab" in a):
        return build(a)
    if isinstance(a, dict) and "dtype" in a:
        return getattr(torch, a["dtype"])
    if isinstance(a, list):
        return [build_arg(x) for x in a]
    return a


def M(name, *args, **kwargs):
    spec = {"module": name}
    if args:
        spec["args"] = list(args)
    if kwargs:
        spec["kwargs"] = kwargs
    return spec


# ------------------------------------------------------------- the runs ----

OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.1}),
    "sgd_momentum": ("SGD", {"lr": 0.1, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "sgd_weight_decay": ("SGD", {"lr": 0.1, "weight_decay": 5e-2}),  # the lab's
    "sgd_momentum_dampening": ("SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 1e-3}),
    "adam": ("Adam", {"lr": 1e-3}),
    "adam_amsgrad_weight_decay": ("Adam", {"lr": 1e-2, "betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 1e-2}),
    "adamw": ("AdamW", {"lr": 1e-2}),
    "adamw_amsgrad": ("AdamW", {"lr": 3e-3, "amsgrad": True, "weight_decay": 0.1, "eps": 1e-6}),
    "sgd_maximize_nesterov": ("SGD", {"lr": 0.01, "momentum": 0.5, "nesterov": True, "maximize": True}),
    "adam_maximize": ("Adam", {"lr": 1e-3, "maximize": True, "weight_decay": 0.5}),
}
# The other optimizers: their defaults (Adadelta's lr=1.0 is pytorch/examples' mnist) and one with more options.
MORE_OPTIMIZERS = {
    "adadelta": ("Adadelta", {"lr": 1.0}),
    "adadelta_weight_decay_maximize": ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 1e-2, "maximize": True}),
    "adagrad": ("Adagrad", {}),
    "adagrad_decay": ("Adagrad", {"lr": 0.05, "lr_decay": 0.01, "weight_decay": 1e-3, "initial_accumulator_value": 0.1, "eps": 1e-8}),
    "rmsprop": ("RMSprop", {}),
    "rmsprop_centered_momentum": ("RMSprop", {"lr": 1e-3, "alpha": 0.9, "momentum": 0.9, "centered": True, "weight_decay": 1e-2}),
    "adamax": ("Adamax", {}),
    "adamax_weight_decay_maximize": ("Adamax", {"lr": 1e-3, "betas": (0.8, 0.99), "weight_decay": 0.1, "maximize": True}),
    "nadam": ("NAdam", {}),
    "nadam_weight_decay": ("NAdam", {"lr": 1e-2, "weight_decay": 1e-2, "momentum_decay": 0.01}),
    "radam": ("RAdam", {}),
    "radam_weight_decay": ("RAdam", {"lr": 1e-2, "betas": (0.8, 0.9), "weight_decay": 1e-2}),
    "asgd": ("ASGD", {}),
    "asgd_t0": ("ASGD", {"lr": 0.05, "lambd": 1e-3, "alpha": 0.5, "t0": 5.0, "weight_decay": 1e-3, "maximize": True}),
    "rprop": ("Rprop", {}),
    "rprop_etas_maximize": ("Rprop", {"lr": 1e-3, "etas": (0.4, 1.5), "step_sizes": (1e-5, 0.1), "maximize": True}),
}
if TORCH2:  # options 1.13 lacks
    MORE_OPTIMIZERS["nadam_decoupled_maximize"] = ("NAdam", {"lr": 1e-2, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True})
    MORE_OPTIMIZERS["radam_decoupled_maximize"] = ("RAdam", {"lr": 1e-2, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True})
_MAIN = [k for k in OPTIMIZERS if "maximize" not in k]
OPTIMIZERS.update(MORE_OPTIMIZERS)
# (seed, models, optimizer configurations)
PLAN = [
    (0, list(LAB), _MAIN),
    (1, list(LAB), ["sgd_weight_decay", "adam"]),
    (7, list(LAB), ["sgd_momentum", "adamw"]),
    (3, ["MLP", "MLP_BN_Drop"], ["sgd_maximize_nesterov", "adam_maximize"]),
    (5, ["MLP"], list(MORE_OPTIMIZERS)),
]


def make_optimizer(name, params):
    cls, kwargs = OPTIMIZERS[name]
    return getattr(torch.optim, cls)(params, **kwargs)


def state_entries(optimizer, params, keep_full):
    """Each parameter's optimizer state, keys in order (None where a parameter has none)."""
    out = []
    for p in params:
        if p not in optimizer.state:
            out.append(None)
            continue
        entry = []
        for k, v in optimizer.state[p].items():
            if isinstance(v, torch.Tensor):
                v = full(v) if keep_full or v.numel() <= 1 else digest(v)
            entry.append([k, v])
        out.append(entry)
    return out


def tensors(named, keep_full=False):
    return [full(t) if keep_full and t.numel() <= FULL_AT_END else digest(t) for _, t in named]


def lab_run(seed, model_name, opt_name):
    torch.manual_seed(seed)
    model = LAB[model_name]()
    keep = (lambda t: True) if seed == FULL_INIT_SEED else (lambda t: t.numel() <= FULL_AT_END)
    init = {
        "parameters": [[n, full(p) if keep(p) else digest(p)] for n, p in model.named_parameters()],
        "buffers": [[n, full(b) if keep(b) else digest(b)] for n, b in model.named_buffers()],
    }
    X = torch.randn(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))
    X_eval = torch.randn(BATCH, 1, 28, 28)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = make_optimizer(opt_name, model.parameters())
    params = list(model.parameters())
    dropped = []
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.register_forward_hook(lambda mod, inp, out: dropped.append(out.detach().clone()))
    model.train()
    steps = []
    for step in range(STEPS):
        dropped.clear()
        optimizer.zero_grad()
        y_hat = model(X)
        loss = loss_fn(y_hat, y)
        loss.backward()
        grads = [digest(p.grad) for p in params]
        optimizer.step()
        params_norm, gradients_norm = get_params_and_gradients_norm(model.named_parameters())
        last = step == STEPS - 1
        rec = {
            "y_hat": digest(y_hat),
            "loss": full(loss),
            "grads": grads,
            "params": tensors(model.named_parameters(), last),
            "buffers": tensors(model.named_buffers(), last),
            "state": state_entries(optimizer, params, False),
            "norms": [params_norm, gradients_norm],
        }
        if dropped:
            rec["dropout"] = [{"out": digest(d), "mask": mask_hex(d)} for d in dropped]
        if step % EVAL_EVERY == EVAL_EVERY - 1:
            model.eval()
            with torch.no_grad():
                out = model(X_eval)
                rec["eval"] = full(out) if last else digest(out)
                if model_name == "MLP":
                    rec["eval_tanh"] = digest(model(X_eval, activ_hidden=torch.tanh))
            model.train()
        steps.append(rec)
    return init, {"X": digest(X), "y": full(y), "X_eval": digest(X_eval)}, steps


def lab():
    runs = []
    for seed, models, opt_names in PLAN:
        for model_name in models:
            run = {"seed": seed, "model": model_name, "configs": []}
            for opt_name in opt_names:
                init, batch, steps = lab_run(seed, model_name, opt_name)
                if "init" in run:
                    assert run["init"] == init and run["batch"] == batch
                run["init"], run["batch"] = init, batch
                run["configs"].append({"optimizer": opt_name, "steps": steps})
            runs.append(run)
    return {
        "batch": BATCH, "steps": STEPS, "eval_every": EVAL_EVERY, "full_at_end": FULL_AT_END,
        "optimizers": {k: {"cls": c, "kwargs": enc(kw)} for k, (c, kw) in OPTIMIZERS.items()},
        "runs": runs,
    }


# ------------------------------------------------------------ state dicts ----

def state_dicts():
    out = []
    for name, cls in LAB.items():
        torch.manual_seed(0)
        sd = cls().state_dict()
        out.append({
            "model": name,
            "entries": [[k, dtype_name(v.dtype), list(v.shape)] for k, v in sd.items()],
            "metadata": [[k, dict(v)] for k, v in sd._metadata.items()],
        })
    return out


def small_net():
    return nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))


OPT_STATE_CASES = [
    {"name": "sgd_plain", "cls": "SGD", "kwargs": {"lr": 0.1}},
    {"name": "sgd_momentum", "cls": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-4}},
    {"name": "sgd_groups", "cls": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.5},
     "groups": [{"params": "0"}, {"params": "1", "lr": 0.01}, {"params": "3", "momentum": 0.0, "nesterov": False}]},
    {"name": "adam", "cls": "Adam", "kwargs": {"lr": 0.01}},
    {"name": "adam_amsgrad", "cls": "Adam", "kwargs": {"lr": 0.01, "amsgrad": True, "betas": (0.5, 0.6)}},
    {"name": "adamw_groups", "cls": "AdamW", "kwargs": {"lr": 0.01},
     "groups": [{"params": "0", "weight_decay": 0.5}, {"params": "3"}]},
    {"name": "adadelta", "cls": "Adadelta", "kwargs": {"lr": 1.0}},
    {"name": "adagrad_groups", "cls": "Adagrad", "kwargs": {"lr": 0.1, "initial_accumulator_value": 0.5},
     "groups": [{"params": "0", "lr_decay": 0.1}, {"params": "3"}]},
    {"name": "rmsprop_centered_momentum", "cls": "RMSprop", "kwargs": {"lr": 0.01, "momentum": 0.5, "centered": True}},
    {"name": "rmsprop_groups", "cls": "RMSprop", "kwargs": {"lr": 0.01},
     "groups": [{"params": "0", "centered": True}, {"params": "3", "momentum": 0.9}]},
    {"name": "adamax", "cls": "Adamax", "kwargs": {"lr": 0.01}},
    {"name": "nadam", "cls": "NAdam", "kwargs": {"lr": 0.01, "weight_decay": 0.1}},
    {"name": "radam", "cls": "RAdam", "kwargs": {"lr": 0.01}, "steps": 7},
    {"name": "asgd", "cls": "ASGD", "kwargs": {"lr": 0.01, "t0": 1.0}, "steps": 3},
    {"name": "rprop", "cls": "Rprop", "kwargs": {"lr": 0.01}, "steps": 3},
]


def opt_state_dict(sd):
    return {
        "state": [[k, [[kk, full(vv) if isinstance(vv, torch.Tensor) else enc(vv)] for kk, vv in v.items()]]
                  for k, v in sd["state"].items()],
        "param_groups": [[[k, enc(v)] for k, v in g.items()] for g in sd["param_groups"]],
    }


def optimizer_state_dicts():
    out = []
    for case in OPT_STATE_CASES:
        torch.manual_seed(3)
        net = small_net()
        x = torch.randn(5, 4)
        if "groups" in case:
            params = [{**{k: v for k, v in g.items() if k != "params"}, "params": net.get_submodule(g["params"]).parameters()}
                      for g in case["groups"]]
        else:
            params = net.parameters()
        opt = getattr(torch.optim, case["cls"])(params, **case["kwargs"])
        snapshots = [opt_state_dict(opt.state_dict())]
        for _ in range(case.get("steps", 2)):
            opt.zero_grad()
            net(x).pow(2).sum().backward()
            opt.step()
            snapshots.append(opt_state_dict(opt.state_dict()))
        out.append({**enc(case), "snapshots": snapshots})
    return out


STEP_LR_CASES = [
    {"name": "sgd_step3_half", "cls": "SGD", "kwargs": {"lr": 0.1}, "sched": {"step_size": 3, "gamma": 0.5}, "epochs": 10},
    {"name": "adam_step2_tenth", "cls": "Adam", "kwargs": {"lr": 1e-3}, "sched": {"step_size": 2, "gamma": 0.1}, "epochs": 9},
    {"name": "sgd_two_groups", "cls": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9}, "lrs": [None, 0.03],
     "sched": {"step_size": 1, "gamma": 0.9}, "epochs": 12},
    {"name": "sgd_default_gamma", "cls": "SGD", "kwargs": {"lr": 0.7}, "sched": {"step_size": 4}, "epochs": 13},
]


def momenta(opt):
    """Each group's momentum, or beta1 of its betas (what cycle_momentum moves)."""
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


def schedule(ps, opt, sched, epochs, step_args=None, with_momenta=False):
    """[get_last_lr(), group lrs(, momenta)] after construction and after each epoch's opt.step(), sched.step(*step_args[epoch])."""
    def row():
        last = getattr(sched, "_last_lr", None)  # get_last_lr(); 1.13's ReduceLROnPlateau has none and sets _last_lr at its first step
        r = [None if last is None else list(last), [g["lr"] for g in opt.param_groups]]
        return r + [momenta(opt)] if with_momenta else r
    seq = [row()]
    for epoch in range(epochs):
        for p in ps:
            p.grad = torch.ones(2)
        opt.step()
        sched.step(*(step_args[epoch] if step_args else []))
        seq.append(row())
    return seq


def step_lr():
    out = []
    for case in STEP_LR_CASES:
        lrs = case.get("lrs", [None])
        ps = [nn.Parameter(torch.zeros(2)) for _ in lrs]
        groups = [{"params": [p], **({} if lr is None else {"lr": lr})} for p, lr in zip(ps, lrs)]
        opt = getattr(torch.optim, case["cls"])(groups, **case["kwargs"])
        sched = torch.optim.lr_scheduler.StepLR(opt, **case["sched"])
        seq = schedule(ps, opt, sched, case["epochs"])
        sd = sched.state_dict()
        out.append({**enc(case), "sequence": enc(seq), "initial_lr": [g["initial_lr"] for g in opt.param_groups],
                    "state_dict": [[k, enc(v)] for k, v in sd.items()]})
    return out


# The lambdas of LambdaLR and MultiplicativeLR, written the same way in test/nn_golden.test.ts.
LR_LAMBDAS = {
    "pow095": lambda epoch: 0.95 ** epoch,
    "warmup5": lambda epoch: min(1.0, (epoch + 1) / 5),
    "mul098": lambda epoch: 0.98,
    "mul_decay": lambda epoch: 1.0 - 0.01 * epoch,
    "half_cycle": lambda x: 0.5 ** x,  # a CyclicLR scale_fn
}


def S(cls, *args, **kwargs):
    """A scheduler spec: {"lambda": name} is one of LR_LAMBDAS, {"sched": spec} a scheduler of the same optimizer."""
    return {"cls": cls, "args": list(args), "kwargs": kwargs}


SCHEDULER_CASES = [
    {"name": "LambdaLR pow", "sched": S("LambdaLR", {"lambda": "pow095"}), "epochs": 12},
    {"name": "LambdaLR per group", "sched": S("LambdaLR", [{"lambda": "warmup5"}, {"lambda": "pow095"}]), "lrs": [None, 0.03], "epochs": 9},
    {"name": "MultiplicativeLR", "sched": S("MultiplicativeLR", {"lambda": "mul098"}), "epochs": 12},
    {"name": "MultiplicativeLR decaying", "sched": S("MultiplicativeLR", lr_lambda={"lambda": "mul_decay"}), "lrs": [None, 0.3], "epochs": 10},
    {"name": "MultiStepLR", "sched": S("MultiStepLR", [2, 5, 5, 9], gamma=0.3), "epochs": 12},
    {"name": "MultiStepLR default gamma", "sched": S("MultiStepLR", milestones=[3, 6]), "lrs": [None, 0.07], "epochs": 8},
    {"name": "ConstantLR", "sched": S("ConstantLR"), "epochs": 8},
    {"name": "ConstantLR factor", "sched": S("ConstantLR", factor=0.7, total_iters=3), "lrs": [None, 0.3], "epochs": 6},
    {"name": "LinearLR", "sched": S("LinearLR"), "epochs": 8},
    {"name": "LinearLR decay", "sched": S("LinearLR", start_factor=1.0, end_factor=0.1, total_iters=7), "lrs": [None, 0.3], "epochs": 10},
    {"name": "ExponentialLR", "sched": S("ExponentialLR", 0.9), "epochs": 15},
    {"name": "ExponentialLR groups", "sched": S("ExponentialLR", gamma=0.77), "lrs": [None, 0.3], "epochs": 6},
    {"name": "PolynomialLR", "sched": S("PolynomialLR"), "epochs": 8},
    {"name": "PolynomialLR power", "sched": S("PolynomialLR", total_iters=6, power=2.0), "lrs": [None, 0.3], "epochs": 9},
    {"name": "CosineAnnealingLR", "sched": S("CosineAnnealingLR", 10), "epochs": 25},
    {"name": "CosineAnnealingLR eta_min", "sched": S("CosineAnnealingLR", T_max=7, eta_min=1e-3), "lrs": [None, 0.3], "epochs": 30},
    {"name": "ChainedScheduler", "sched": S("ChainedScheduler", [S("ConstantLR", factor=0.1, total_iters=2), S("ExponentialLR", gamma=0.9)]),
     "epochs": 8},
    {"name": "SequentialLR", "sched": S("SequentialLR", [S("LinearLR", start_factor=0.1, total_iters=3), S("CosineAnnealingLR", T_max=6)], milestones=[3]),
     "lrs": [None, 0.3], "epochs": 12},
    {"name": "SequentialLR three", "sched": S("SequentialLR", [S("ConstantLR", factor=0.5, total_iters=2), S("ExponentialLR", gamma=0.9),
                                                                 S("StepLR", step_size=2, gamma=0.5)], milestones=[2, 5]), "epochs": 10},
]
# The schedulers stepped with an argument (a metric, an epoch) or moving the momentum: "steps" holds step()'s arguments
# epoch by epoch, "opt" the optimizer where it is not SGD(lr=0.1, momentum=0.9), and each row of the sequence also has the momenta.
_LOSSES = [1.0, 0.9, 0.95, 0.93, 0.94, 0.92, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.5, 0.6, 0.7, 0.65]
MORE_SCHEDULER_CASES = [
    {"name": "ReduceLROnPlateau", "sched": S("ReduceLROnPlateau", patience=2), "steps": [[x] for x in _LOSSES], "epochs": 20},
    {"name": "ReduceLROnPlateau max abs cooldown", "sched": S("ReduceLROnPlateau", "max", factor=0.5, patience=1, threshold=0.01,
                                                              threshold_mode="abs", cooldown=2, min_lr=[0.02, 0.01]),
     "steps": [[-x] for x in _LOSSES], "lrs": [None, 0.3], "epochs": 20},
    {"name": "ReduceLROnPlateau rel eps", "sched": S("ReduceLROnPlateau", factor=0.3, patience=0, threshold=0.05, eps=1e-3, min_lr=0.005),
     "steps": [[x] for x in _LOSSES], "epochs": 20},
    {"name": "CyclicLR triangular", "sched": S("CyclicLR", 0.01, 0.1, step_size_up=3), "epochs": 14},
    {"name": "CyclicLR triangular2", "sched": S("CyclicLR", base_lr=[0.01, 0.02], max_lr=[0.1, 0.05], step_size_up=2, step_size_down=3,
                                                 mode="triangular2", base_momentum=0.7, max_momentum=0.95), "lrs": [None, 0.3], "epochs": 16},
    {"name": "CyclicLR exp_range", "sched": S("CyclicLR", 0.001, 0.01, 4, mode="exp_range", gamma=0.9, cycle_momentum=False), "epochs": 20},
    {"name": "CyclicLR scale_fn", "sched": S("CyclicLR", 0.01, 0.1, step_size_up=2, scale_fn={"lambda": "half_cycle"}), "epochs": 12},
    {"name": "CyclicLR scale_fn iterations", "sched": S("CyclicLR", 0.01, 0.1, step_size_up=2, scale_fn={"lambda": "half_cycle"},
                                                         scale_mode="iterations"), "epochs": 9},
    {"name": "OneCycleLR cos", "sched": S("OneCycleLR", 0.1, total_steps=12), "epochs": 12},
    {"name": "OneCycleLR linear three_phase", "sched": S("OneCycleLR", max_lr=[0.1, 0.2], epochs=3, steps_per_epoch=5, pct_start=0.25,
                                                          anneal_strategy="linear", three_phase=True, div_factor=10.0, final_div_factor=100.0),
     "lrs": [None, 0.3], "epochs": 15},
    {"name": "OneCycleLR Adam betas", "opt": ["Adam", {"lr": 1e-3}], "sched": S("OneCycleLR", 0.01, total_steps=10, pct_start=0.4,
                                                                                base_momentum=0.8, max_momentum=0.9), "epochs": 10},
    {"name": "OneCycleLR no momentum", "sched": S("OneCycleLR", 0.05, total_steps=8, cycle_momentum=False, three_phase=True), "epochs": 8},
    {"name": "CosineAnnealingWarmRestarts", "sched": S("CosineAnnealingWarmRestarts", 4), "epochs": 14},
    {"name": "CosineAnnealingWarmRestarts T_mult", "sched": S("CosineAnnealingWarmRestarts", T_0=2, T_mult=2, eta_min=1e-3),
     "lrs": [None, 0.3], "epochs": 16},
    {"name": "CosineAnnealingWarmRestarts fractional epochs", "sched": S("CosineAnnealingWarmRestarts", 3, eta_min=0.01),
     "steps": [[e / 4] for e in range(1, 21)], "epochs": 20},
    {"name": "CosineAnnealingWarmRestarts T_mult fractional epochs", "sched": S("CosineAnnealingWarmRestarts", 2, 3),
     "steps": [[e * 0.7] for e in range(1, 31)], "epochs": 30},
]
if TORCH2:  # 1.13's CyclicLR needs a momentum
    MORE_SCHEDULER_CASES.append({"name": "CyclicLR Adam betas", "opt": ["Adam", {"lr": 1e-3}],
                                 "sched": S("CyclicLR", 1e-3, 1e-2, step_size_up=3), "epochs": 10})
for _case in MORE_SCHEDULER_CASES:
    _case["momenta"] = True
SCHEDULER_CASES += MORE_SCHEDULER_CASES


def build_sched(spec, opt):
    def arg(a):
        if isinstance(a, dict) and "lambda" in a:
            return LR_LAMBDAS[a["lambda"]]
        if isinstance(a, dict) and "cls" in a:
            return build_sched(a, opt)
        if isinstance(a, list):
            return [arg(x) for x in a]
        return a
    cls = getattr(torch.optim.lr_scheduler, spec["cls"])
    args = [arg(a) for a in spec["args"]]
    kwargs = {k: arg(v) for k, v in spec["kwargs"].items()}
    if spec["cls"] == "ChainedScheduler":
        return cls(*args, **kwargs)
    return cls(opt, *args, **kwargs)


def enc_state(v):
    """A scheduler's state value: functions (1.13 keeps bound methods and weak references) as "<callable>"."""
    if callable(v) and not isinstance(v, (torch.Tensor, type)):
        return "<callable>"
    if isinstance(v, dict):
        return {k: enc_state(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc_state(x) for x in v]
    return enc(v)


def schedulers():
    """Each scheduler's [get_last_lr(), group lrs] epoch by epoch (opt.step() then sched.step()) and its final state_dict."""
    out = []
    for case in SCHEDULER_CASES:
        lrs = case.get("lrs", [None])
        ps = [nn.Parameter(torch.zeros(2)) for _ in lrs]
        cls, kwargs = case.get("opt", ["SGD", {"lr": 0.1, "momentum": 0.9}])
        opt = getattr(torch.optim, cls)([{"params": [p], **({} if lr is None else {"lr": lr})} for p, lr in zip(ps, lrs)], **kwargs)
        sched = build_sched(case["sched"], opt)
        seq = schedule(ps, opt, sched, case["epochs"], case.get("steps"), case.get("momenta", False))
        out.append({**case, "sequence": enc(seq), "initial_lr": [g.get("initial_lr") for g in opt.param_groups],
                    "state_dict": [[k, enc_state(v)] for k, v in sched.state_dict().items()]})
    return out


# ------------------------------------------------------------ losses ----

def losses():
    g = torch.Generator().manual_seed(11)
    rn = lambda *s, dtype=torch.float32: torch.randn(*s, generator=g, dtype=dtype)  # noqa: E731
    logits = rn(6, 5)
    target = torch.tensor([0, 4, 2, 2, 1, 3])
    weight = torch.tensor([0.5, 2.0, 1.0, 0.25, 3.0])
    probs = torch.softmax(rn(6, 5), 1)
    reg_in, reg_tg = rn(6, 4), rn(6, 4)
    reg_tg_eq = reg_in.clone()
    reg_tg_eq[0, 0] += 1  # most differences zero: l1's gradient sign(0)
    cases = [
        ("CrossEntropyLoss", {}, logits, target),
        ("CrossEntropyLoss", {"weight": weight}, logits, target),
        ("CrossEntropyLoss", {"ignore_index": 2}, logits, target),
        ("CrossEntropyLoss", {}, logits, torch.tensor([0, -100, 2, -100, 1, 3])),
        ("CrossEntropyLoss", {"ignore_index": 2}, logits[2:4], target[2:4]),  # everything ignored: 0/0
        ("CrossEntropyLoss", {"label_smoothing": 0.2}, logits, target),
        ("CrossEntropyLoss", {"label_smoothing": 0.1, "weight": weight, "ignore_index": 2}, logits, target),
        ("CrossEntropyLoss", {"reduction": "none"}, logits, target),
        ("CrossEntropyLoss", {"reduction": "sum"}, logits, target),
        ("CrossEntropyLoss", {"reduction": "none", "weight": weight, "ignore_index": 4}, logits, target),
        ("CrossEntropyLoss", {"reduction": "sum", "label_smoothing": 0.3, "weight": weight}, logits, target),
        ("CrossEntropyLoss", {}, logits, probs),
        ("CrossEntropyLoss", {"label_smoothing": 0.1}, logits, probs),
        ("CrossEntropyLoss", {"weight": weight, "reduction": "none"}, logits, probs),
        ("CrossEntropyLoss", {"weight": weight, "label_smoothing": 0.25, "reduction": "sum"}, logits, probs),
        ("CrossEntropyLoss", {}, rn(4, 5, 3), torch.tensor([[0, 1, 4], [2, 2, 3], [4, 0, 1], [3, 3, 0]])),
        ("CrossEntropyLoss", {"label_smoothing": 0.1, "weight": weight}, rn(4, 5, 3), torch.tensor([[0, 1, 4], [2, 2, 3], [4, 0, 1], [3, 3, 0]])),
        ("CrossEntropyLoss", {}, rn(5), torch.tensor(3)),
        ("CrossEntropyLoss", {"reduction": "sum"}, rn(6, 5, dtype=torch.float64), target),
        ("CrossEntropyLoss", {}, torch.tensor([[1e4, -1e4, 0.0, 30.0, 88.0]]), torch.tensor([1])),
        ("NLLLoss", {}, torch.log_softmax(logits, 1), target),
        ("NLLLoss", {"weight": weight}, torch.log_softmax(logits, 1), target),
        ("NLLLoss", {"ignore_index": 1, "weight": weight}, torch.log_softmax(logits, 1), target),
        ("NLLLoss", {"reduction": "none"}, torch.log_softmax(logits, 1), target),
        ("NLLLoss", {"reduction": "sum", "weight": weight}, torch.log_softmax(logits, 1), target),
        ("NLLLoss", {}, rn(4, 5, 3), torch.tensor([[0, 1, 4], [2, 2, 3], [4, 0, 1], [3, 3, 0]])),
        ("MSELoss", {}, reg_in, reg_tg),
        ("MSELoss", {"reduction": "sum"}, reg_in, reg_tg),
        ("MSELoss", {"reduction": "none"}, reg_in, reg_tg),
        ("MSELoss", {}, reg_in, reg_tg[:, :1]),  # broadcast (PyTorch warns)
        ("MSELoss", {}, rn(3, 7, dtype=torch.float64), rn(3, 7, dtype=torch.float64)),
        ("L1Loss", {}, reg_in, reg_tg),
        ("L1Loss", {"reduction": "sum"}, reg_in, reg_tg_eq),
        ("L1Loss", {"reduction": "none"}, reg_in, reg_tg_eq),
        ("L1Loss", {}, rn(2, 3, 4), rn(2, 3, 4)),
    ]
    functional = {"CrossEntropyLoss": F.cross_entropy, "NLLLoss": F.nll_loss, "MSELoss": F.mse_loss, "L1Loss": F.l1_loss}
    out = []
    for i, (name, kwargs, inp, tgt) in enumerate(cases):
        for via in ("module", "functional"):
            x = inp.clone().requires_grad_()
            t = tgt.clone().requires_grad_() if tgt.is_floating_point() else tgt.clone()
            if via == "module":
                res = getattr(nn, name)(**kwargs)(x, t)
            else:
                res = functional[name](x, t, **kwargs)
            (res if res.dim() == 0 else res.sum()).backward()
            out.append({
                "name": f"{i:02d} {via} {name} {json.dumps(list(kwargs))}", "module": name, "via": via,
                "kwargs": enc(kwargs), "input": full(inp), "target": full(tgt),
                "out": full(res), "grad_input": full(x.grad),
                "grad_target": full(t.grad) if t.is_floating_point() else None,
            })
    return out


# ------------------------------------------------------------ softmax ----

def softmaxes():
    g = torch.Generator().manual_seed(5)
    rn = lambda *s, dtype=torch.float32: torch.randn(*s, generator=g, dtype=dtype)  # noqa: E731
    awkward = torch.tensor([[1e4, -1e4, 0.0, 30.0], [float("-inf"), 0.0, 1.0, float("-inf")], [88.0, 89.0, 87.5, -88.0]])
    inputs = {"x2": rn(4, 6), "x1": rn(7), "x3": rn(2, 3, 4), "x4": rn(2, 3, 2, 2), "awk": awkward, "x2d": rn(3, 5, dtype=torch.float64)}
    calls = [
        ("softmax", "x2", [], {"dim": 1}), ("softmax", "x2", [1], {}), ("softmax", "x2", [], {"dim": 0}),
        ("softmax", "x2", [], {"dim": -1}), ("softmax", "x2", [], {}), ("softmax", "x1", [], {}),
        ("softmax", "x3", [], {}), ("softmax", "x4", [], {}), ("softmax", "x3", [], {"dim": 2}),
        ("softmax", "awk", [], {"dim": 1}), ("softmax", "x2", [], {"dim": 1, "dtype": torch.float64}),
        ("softmax", "x2d", [], {"dim": 1}),
        ("log_softmax", "x2", [], {"dim": 1}), ("log_softmax", "x2", [0], {}), ("log_softmax", "x2", [], {}),
        ("log_softmax", "x1", [], {}), ("log_softmax", "x3", [], {}), ("log_softmax", "x4", [], {"dim": -2}),
        ("log_softmax", "awk", [], {"dim": 1}), ("log_softmax", "x2", [], {"dim": 1, "dtype": torch.float64}),
        ("log_softmax", "x2d", [], {"dim": 0}),
        ("Softmax", "x2", [], {"dim": 1}), ("Softmax", "x3", [], {}), ("Softmax", "x2", [0], {}),
        ("LogSoftmax", "x2", [], {"dim": 1}), ("LogSoftmax", "x3", [], {}), ("LogSoftmax", "awk", [1], {}),
    ]
    out = []
    for fn, key, args, kwargs in calls:
        inp = inputs[key]
        x = inp.clone().requires_grad_()
        res = getattr(F, fn)(x, *args, **kwargs) if fn[0].islower() else getattr(nn, fn)(*args, **kwargs)(x)
        w = torch.randn(res.shape, generator=g, dtype=res.dtype)
        (torch.where(torch.isfinite(res), res, torch.zeros_like(res)) * w).sum().backward()
        out.append({"fn": fn, "args": enc(args), "kwargs": enc(kwargs), "input": full(inp), "w": full(w),
                    "out": full(res), "grad": full(x.grad)})
    return out


# ------------------------------------------------------------ batchnorm ----

def batchnorms():
    g = torch.Generator().manual_seed(9)
    rn = lambda *s, dtype=torch.float32: torch.randn(*s, generator=g, dtype=dtype) * 2 + 0.5  # noqa: E731
    cases = [
        ("3d_input", M("BatchNorm1d", 4), [("train", (5, 4, 3)), ("train", (2, 4, 7)), ("eval", (3, 4, 2))]),
        ("momentum_none", M("BatchNorm1d", 4, momentum=None), [("train", (6, 4))] * 4 + [("eval", (3, 4))]),
        ("momentum_none_3d", M("BatchNorm1d", 3, momentum=None), [("train", (2, 3, 5))] * 3 + [("eval", (2, 3, 5))]),
        ("affine_false", M("BatchNorm1d", 4, affine=False), [("train", (6, 4)), ("train", (6, 4)), ("eval", (2, 4))]),
        ("no_running_stats", M("BatchNorm1d", 4, track_running_stats=False), [("train", (6, 4)), ("eval", (5, 4)), ("eval", (3, 4, 2))]),
        ("no_stats_no_affine", M("BatchNorm1d", 4, affine=False, track_running_stats=False), [("train", (3, 4, 2)), ("eval", (5, 4))]),
        ("eval_fresh", M("BatchNorm1d", 4), [("eval", (5, 4)), ("eval", (1, 4)), ("train", (5, 4)), ("eval", (5, 4))]),
        ("eps_momentum", M("BatchNorm1d", 5, eps=1e-3, momentum=0.3), [("train", (8, 5))] * 3 + [("eval", (8, 5))]),
        ("kwargs_num_features", M("BatchNorm1d", num_features=3), [("train", (4, 3)), ("eval", (4, 3))]),
        ("float64", M("BatchNorm1d", 4, dtype=torch.float64), [("train", (6, 4)), ("eval", (6, 4))]),
        ("batch_of_two", M("BatchNorm1d", 2), [("train", (2, 2)), ("train", (1, 2, 2)), ("eval", (1, 2))]),
    ]
    out = []
    for name, spec, calls in cases:
        bn = build(spec)
        if name == "eval_fresh":
            with torch.no_grad():
                bn.running_mean.copy_(torch.tensor([0.5, -1.0, 2.0, 0.0]))
                bn.running_var.copy_(torch.tensor([4.0, 0.25, 1.0, 9.0]))
                bn.weight.copy_(torch.tensor([1.5, -0.5, 1.0, 2.0]))
                bn.bias.copy_(torch.tensor([0.1, 0.2, -0.3, 0.0]))
        recorded = []
        for mode, shape in calls:
            bn.train(mode == "train")
            dtype = bn.weight.dtype if bn.weight is not None else torch.float32
            if name == "float64":
                dtype = torch.float64
            inp = rn(*shape, dtype=dtype)
            x = inp.clone().requires_grad_()
            bn.zero_grad()
            res = bn(x)
            w = torch.randn(res.shape, generator=g, dtype=res.dtype)
            (res * w).sum().backward()
            recorded.append({
                "mode": mode, "input": full(inp), "w": full(w), "out": full(res), "grad_input": full(x.grad),
                "grad_weight": full(bn.weight.grad) if bn.weight is not None else None,
                "grad_bias": full(bn.bias.grad) if bn.bias is not None else None,
                "running_mean": full(bn.running_mean) if bn.running_mean is not None else None,
                "running_var": full(bn.running_var) if bn.running_var is not None else None,
                "num_batches_tracked": full(bn.num_batches_tracked) if bn.num_batches_tracked is not None else None,
            })
        out.append({"name": name, "spec": enc(spec), "calls": recorded,
                    "set_stats": name == "eval_fresh"})
    return out


# ------------------------------------------------------------ dropout ----

def dropouts():
    """Masks after a seed: F.dropout and nn.Dropout, train and eval, backward too."""
    cases = [
        ("F", [], {}, "train", (12, 16)),
        ("F", [0.2], {}, "train", (12, 16)),
        ("F", [], {"p": 0.2}, "train", (12, 16)),
        ("F", [], {"p": 0.7, "training": True}, "train", (8, 3, 10)),
        ("F", [0.3, False], {}, "train", (12, 16)),
        ("F", [], {"p": 0.3, "training": False}, "train", (12, 16)),
        ("F", [], {"p": 0.0}, "train", (12, 16)),
        ("F", [], {"p": 1.0}, "train", (12, 16)),
        ("F", [], {"p": 0.2}, "train", (12, 16), torch.float64),
        ("Dropout", [], {"p": 0.2}, "train", (32, 16)),
        ("Dropout", [0.5], {}, "train", (12, 16)),
        ("Dropout", [0.9], {}, "train", (12, 16)),
        ("Dropout", [], {"p": 0.2}, "eval", (12, 16)),
        ("Dropout", [0.4], {"inplace": True}, "train", (12, 16)),
    ]
    out = []
    for i, (kind, args, kwargs, mode, shape, *dt) in enumerate(cases):
        dtype = dt[0] if dt else torch.float32
        g = torch.Generator().manual_seed(200 + i)
        inp = torch.randn(shape, generator=g, dtype=dtype)
        w = torch.randn(shape, generator=g, dtype=dtype)
        inplace = kwargs.get("inplace", False)
        torch.manual_seed(200 + i)
        x = inp.clone()
        leaf = x if inplace else x.requires_grad_()
        if inplace:  # in place needs a non-leaf to differentiate through
            leaf = inp.clone().requires_grad_()
            x = leaf * 1.0
        if kind == "F":
            res = F.dropout(x, *args, **kwargs)
        else:
            m = nn.Dropout(*args, **kwargs)
            m.train(mode == "train")
            res = m(x)
        (res * w).sum().backward()
        out.append({"seed": 200 + i, "kind": kind, "args": enc(args), "kwargs": enc(kwargs), "mode": mode,
                    "input": full(inp), "w": full(w), "out": full(res), "grad": full(leaf.grad),
                    "input_after": full(x.detach()) if inplace else None, "inplace": inplace})
    return out


# ------------------------------------------------------------ init ----

def inits():
    cases = [
        ("kaiming_uniform_", (16, 96), [], {}),
        ("kaiming_uniform_", (16, 784), [], {"a": math.sqrt(5)}),
        ("kaiming_uniform_", (10, 24), [math.sqrt(5)], {}),
        ("kaiming_uniform_", (8, 20), [], {"mode": "fan_out", "nonlinearity": "relu"}),
        ("kaiming_uniform_", (6, 4, 3, 3), [], {"a": 0.1}),
        ("kaiming_normal_", (8, 20), [], {}),
        ("kaiming_normal_", (8, 20), [], {"mode": "fan_out"}),
        ("kaiming_normal_", (6, 4, 3), [], {"a": 0.2, "nonlinearity": "leaky_relu"}),
        ("kaiming_normal_", (8, 20), [], {"nonlinearity": "tanh"}),
        ("xavier_uniform_", (8, 20), [], {}),
        ("xavier_uniform_", (8, 20), [], {"gain": nn.init.calculate_gain("relu")}),
        ("xavier_uniform_", (8, 20), [0.5], {}),
        ("xavier_uniform_", (6, 4, 3, 3), [], {}),
        ("xavier_normal_", (8, 20), [], {}),
        ("xavier_normal_", (8, 20), [], {"gain": 2.5}),
        ("xavier_normal_", (5, 3, 2), [1.7], {}),
        ("uniform_", (8, 20), [], {}),
        ("uniform_", (8, 20), [], {"a": -2.0, "b": 3.0}),
        ("uniform_", (8, 20), [-0.25, 0.25], {}),
        ("normal_", (8, 20), [], {}),
        ("normal_", (8, 20), [], {"mean": 1.0, "std": 0.5}),
        ("normal_", (8, 20), [-3.0, 2.0], {}),
        ("kaiming_uniform_", (4, 5), [], {"a": 0.0, "mode": "fan_in", "nonlinearity": "leaky_relu"}),
        ("zeros_", (3, 4), [], {}),
        ("ones_", (3, 4), [], {}),
        ("constant_", (3, 4), [0.3], {}),
        ("constant_", (3, 4), [], {"val": -1.5}),
    ]
    out = []
    for i, (fn, shape, args, kwargs) in enumerate(cases):
        torch.manual_seed(100 + i)
        t = torch.empty(shape)
        getattr(nn.init, fn)(t, *args, **kwargs)
        out.append({"seed": 100 + i, "fn": fn, "shape": list(shape), "args": enc(args), "kwargs": enc(kwargs), "out": full(t)})
    gains = []
    for args in (["linear"], ["conv2d"], ["sigmoid"], ["tanh"], ["relu"], ["leaky_relu"], ["leaky_relu", 0.2],
                 ["leaky_relu", math.sqrt(5)], ["selu"]):
        gains.append({"args": args, "value": nn.init.calculate_gain(*args)})
    return out, gains


# ------------------------------------------------------------ nn.utils ----

# Gradient sets for nn.utils: each a list of (shape, dtype, scale) or None for a parameter without a gradient.
GRAD_SETS = {
    "three": [((4, 3), torch.float32, 1.0), ((3,), torch.float32, 0.5), ((2, 3), torch.float32, 3.0)],
    "small": [((5,), torch.float32, 1e-3), ((2, 2), torch.float32, 2e-3)],
    "one": [((7, 5), torch.float32, 2.0)],
    "with_none": [((3, 3), torch.float32, 1.0), None, ((4,), torch.float32, 1.5)],
    "mixed_dtypes": [((3, 2), torch.float32, 1.0), ((4,), torch.float64, 2.0), ((5,), torch.float32, 0.7)],
    "float64": [((6,), torch.float64, 1.0), ((2, 3), torch.float64, 4.0)],
    "nan": [((3,), torch.float32, 1.0), ((2,), torch.float32, float("nan"))],
    "inf": [((3,), torch.float32, 1.0), ((2,), torch.float32, float("inf"))],
    "no_grads": [None, None],
}


def grad_params(name, seed):
    """Parameters whose gradients are drawn from a seeded generator (scale nan/inf puts one non-finite element)."""
    g = torch.Generator().manual_seed(seed)
    params = []
    for spec in GRAD_SETS[name]:
        if spec is None:
            params.append(nn.Parameter(torch.randn(2, generator=g)))
            continue
        shape, dtype, scale = spec
        p = nn.Parameter(torch.randn(shape, generator=g, dtype=dtype))
        grad = torch.randn(shape, generator=g, dtype=dtype)
        if math.isfinite(scale):
            grad = grad * scale
        else:
            grad.view(-1)[0] = scale
        p.grad = grad
        params.append(p)
    return params


UTILS_CASES = [
    ("clip_grad_norm_", "three", [1.0], {}),
    ("clip_grad_norm_", "three", [0.5], {"norm_type": 1.0}),
    ("clip_grad_norm_", "three", [2.0], {"norm_type": float("inf")}),
    ("clip_grad_norm_", "three", [1.5, 3.0], {}),
    ("clip_grad_norm_", "three", [1.0], {"norm_type": 0.5}),
    ("clip_grad_norm_", "small", [1.0], {}),  # below max_norm: a coefficient clamped to 1
    ("clip_grad_norm_", "one", [0.3], {}),
    ("clip_grad_norm_", "one", [0.3], {"norm_type": float("inf")}),
    ("clip_grad_norm_", "with_none", [1.0], {"norm_type": 2.0}),
    ("clip_grad_norm_", "mixed_dtypes", [1.0], {}),
    ("clip_grad_norm_", "mixed_dtypes", [0.25], {"norm_type": float("inf")}),
    ("clip_grad_norm_", "float64", [2], {"norm_type": 3}),
    ("clip_grad_norm_", "nan", [1.0], {}),
    ("clip_grad_norm_", "inf", [1.0], {}),
    ("clip_grad_norm_", "nan", [1.0], {"error_if_nonfinite": True}),
    ("clip_grad_norm_", "inf", [1.0], {"norm_type": float("inf"), "error_if_nonfinite": True}),
    ("clip_grad_norm_", "no_grads", [1.0], {}),
    ("clip_grad_norm_", "three", [1.0], {"foreach": None}),
    ("clip_grad_value_", "three", [0.5], {}),
    ("clip_grad_value_", "with_none", [], {"clip_value": 1.0}),
    ("clip_grad_value_", "mixed_dtypes", [0.1], {}),
    ("clip_grad_value_", "nan", [0.2], {}),
    ("parameters_to_vector", "three", [], {}),
    ("parameters_to_vector", "float64", [], {}),
    ("vector_to_parameters", "three", [], {}),
]
if TORCH2:  # split out of clip_grad_norm_ in 2.x
    UTILS_CASES += [
        ("get_total_norm", "three", [], {}),
        ("get_total_norm", "mixed_dtypes", [1.0], {}),
        ("get_total_norm", "three", [], {"norm_type": float("inf")}),
        ("get_total_norm", "nan", [], {"error_if_nonfinite": True}),
        ("clip_grads_with_norm_", "three", [0.7, "total"], {}),
        ("clip_grads_with_norm_", "mixed_dtypes", [0.7, "total"], {}),
    ]


def nn_utils():
    """torch.nn.utils on seeded gradients: the result, every gradient (or parameter) after, or the error."""
    out = []
    for i, (fn, grads, args, kwargs) in enumerate(UTILS_CASES):
        params = grad_params(grads, 300 + i)
        case = {"fn": fn, "grads": grads, "seed": 300 + i, "args": enc(args), "kwargs": enc(kwargs),
                "params": [full(p) for p in params], "grads_in": [full(p.grad) if p.grad is not None else None for p in params]}
        f = getattr(nn.utils, fn)
        result = None
        try:
            if fn == "get_total_norm":
                result = f([p.grad for p in params if p.grad is not None], *args, **kwargs)
            elif fn == "clip_grads_with_norm_":
                total = nn.utils.get_total_norm([p.grad for p in params if p.grad is not None])
                case["total_norm"] = full(total)
                f(params, args[0], total, **kwargs)
            elif fn == "parameters_to_vector":
                result = f(params)
            elif fn == "vector_to_parameters":
                vec = torch.randn(sum(p.numel() for p in params), generator=torch.Generator().manual_seed(400 + i))
                case["vec"] = full(vec)
                f(vec, params)
                vec.mul_(2)  # the parameters are views of vec
            else:
                result = f(params, *args, **kwargs)
            case["error"] = None
        except Exception as e:  # noqa: BLE001
            case["error"] = {"type": type(e).__name__, "message": str(e)}
        case["result"] = full(result) if isinstance(result, torch.Tensor) else None
        case["params_after"] = [full(p.detach()) for p in params]
        case["grads_after"] = [full(p.grad) if p.grad is not None else None for p in params]
        out.append(case)
    errors = []
    for name, fn in [
        ("vector_to_parameters of a list", lambda: nn.utils.vector_to_parameters([1.0, 2.0], [nn.Parameter(torch.zeros(2))])),
        ("vector_to_parameters of a number", lambda: nn.utils.vector_to_parameters(3, [nn.Parameter(torch.zeros(2))])),
    ]:
        errors.append({"name": name, "error": error_of(fn)})
    return {"cases": out, "errors": errors}


# ------------------------------------------------------------ reprs ----

PORTING_SEQUENTIAL = M("Sequential", M("Flatten"), M("Linear", 784, 16), M("ReLU"),
                       M("BatchNorm1d", num_features=16), M("Dropout", p=.2))
REPR_SPECS = [
    {"lab": "MLP"}, {"lab": "MLP_BN"}, {"lab": "MLP_BN_Drop"}, PORTING_SEQUENTIAL,
    M("Sequential", M("Linear", 3, 2, bias=False), M("Sequential", M("Identity"), M("Softmax", dim=1)),
      M("LogSoftmax", dim=-1), M("ReLU", inplace=True), M("Softmax"), {"lab": "MLP"}),
    M("Sequential"),
    M("BatchNorm1d", 8, eps=1e-3, momentum=None, affine=False, track_running_stats=False),
    M("BatchNorm1d", 3, momentum=0.01), M("Dropout"), M("Dropout", 0.25, inplace=True), M("Dropout", 0.25, True), M("Dropout", p=0.1, inplace=True), M("Flatten", 0, 2),
    M("Flatten", start_dim=2), M("Linear", in_features=5, out_features=1), M("Identity"),
    M("CrossEntropyLoss"), M("CrossEntropyLoss", label_smoothing=0.1), M("NLLLoss"), M("MSELoss", reduction="sum"), M("L1Loss"),
]


def reprs():
    return [{"spec": enc(s), "repr": repr(build(s))} for s in REPR_SPECS]


# ------------------------------------------------------------ errors ----

def errors():
    cases = []

    def add(name, case, fn):
        cases.append({"name": name, **case, "error": error_of(fn)})

    def opt_case(name, cls, kwargs):
        add(name, {"kind": "optimizer", "cls": cls, "kwargs": enc(kwargs)},
            lambda: getattr(torch.optim, cls)([nn.Parameter(torch.zeros(2))], **kwargs))

    opt_case("sgd negative lr", "SGD", {"lr": -0.1})
    opt_case("sgd lr -1.0", "SGD", {"lr": -1.0})
    opt_case("sgd weight_decay -1e-05", "SGD", {"lr": 0.1, "weight_decay": -1e-05})
    opt_case("sgd momentum -2.0", "SGD", {"lr": 0.1, "momentum": -2.0})
    opt_case("sgd negative momentum", "SGD", {"lr": 0.1, "momentum": -0.5})
    opt_case("sgd negative weight_decay", "SGD", {"lr": 0.1, "weight_decay": -1e-3})
    opt_case("sgd nesterov without momentum", "SGD", {"lr": 0.1, "nesterov": True})
    opt_case("sgd nesterov with dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True})
    opt_case("sgd without lr", "SGD", {"momentum": 0.9})
    opt_case("adam negative lr", "Adam", {"lr": -1.0})
    opt_case("adam negative eps", "Adam", {"eps": -1e-8})
    opt_case("adam beta1 = 1", "Adam", {"betas": (1.0, 0.999)})
    opt_case("adam beta2 negative", "Adam", {"betas": (0.9, -0.5)})
    opt_case("adam negative weight_decay", "Adam", {"weight_decay": -0.1})
    opt_case("adamw beta2 = 1.5", "AdamW", {"betas": (0.9, 1.5)})
    opt_case("adamw negative lr", "AdamW", {"lr": -2.0})
    opt_case("adadelta negative lr", "Adadelta", {"lr": -1.0})
    opt_case("adadelta rho 1.5", "Adadelta", {"rho": 1.5})
    opt_case("adadelta negative eps", "Adadelta", {"eps": -1e-6})
    opt_case("adadelta negative weight_decay", "Adadelta", {"weight_decay": -0.5})
    opt_case("adagrad negative lr", "Adagrad", {"lr": -0.01})
    opt_case("adagrad negative lr_decay", "Adagrad", {"lr_decay": -0.1})
    opt_case("adagrad negative weight_decay", "Adagrad", {"weight_decay": -1.0})
    opt_case("adagrad negative initial_accumulator_value", "Adagrad", {"initial_accumulator_value": -0.1})
    opt_case("adagrad negative eps", "Adagrad", {"eps": -1e-10})
    opt_case("rmsprop negative lr", "RMSprop", {"lr": -0.01})
    opt_case("rmsprop negative eps", "RMSprop", {"eps": -1e-8})
    opt_case("rmsprop negative momentum", "RMSprop", {"momentum": -0.9})
    opt_case("rmsprop negative weight_decay", "RMSprop", {"weight_decay": -0.25})
    opt_case("rmsprop negative alpha", "RMSprop", {"alpha": -0.99})
    opt_case("adamax negative lr", "Adamax", {"lr": -0.002})
    opt_case("adamax beta2 = 1", "Adamax", {"betas": (0.9, 1.0)})
    opt_case("nadam negative eps", "NAdam", {"eps": -1e-8})
    opt_case("nadam negative momentum_decay", "NAdam", {"momentum_decay": -0.004})
    opt_case("nadam beta1 negative", "NAdam", {"betas": (-0.1, 0.999)})
    opt_case("radam negative lr", "RAdam", {"lr": -1e-3})
    opt_case("radam negative weight_decay", "RAdam", {"weight_decay": -1e-2})
    opt_case("asgd negative lr", "ASGD", {"lr": -0.01})
    opt_case("asgd negative lambd", "ASGD", {"lambd": -1e-4})  # accepted by 1.13
    opt_case("asgd negative alpha", "ASGD", {"alpha": -0.75})  # accepted by 1.13
    opt_case("asgd negative weight_decay", "ASGD", {"weight_decay": -1e-3})
    opt_case("rprop negative lr", "Rprop", {"lr": -0.01})
    opt_case("rprop etaminus 1.5", "Rprop", {"etas": (1.5, 1.2)})
    opt_case("rprop etaplus 0.9", "Rprop", {"etas": (0.5, 0.9)})
    opt_case("rprop etaminus 0", "Rprop", {"etas": (0.0, 1.2)})
    add("sgd empty parameter list", {"kind": "optimizer_empty", "cls": "SGD", "kwargs": {"lr": 0.1}},
        lambda: torch.optim.SGD([], lr=0.1))

    def mod_case(name, spec):
        add(name, {"kind": "module", "spec": enc(spec)}, lambda: build(spec))

    mod_case("dropout p=1.5", M("Dropout", p=1.5))
    mod_case("dropout p=-0.1", M("Dropout", -0.1))

    def fwd_case(name, spec, shape, train=True):
        def run():
            m = build(spec)
            m.train(train)
            m(torch.zeros(shape))
        add(name, {"kind": "forward", "spec": enc(spec), "train": train, "shape": list(shape)}, run)

    fwd_case("linear wrong input width", M("Linear", 784, 16), (32, 100))
    fwd_case("mlp on a wrong image size", {"lab": "MLP"}, (32, 1, 20, 20))
    fwd_case("batchnorm batch of one in training", M("BatchNorm1d", 16), (1, 16))
    fwd_case("batchnorm 3-D batch of one length one", M("BatchNorm1d", 16), (1, 16, 1))
    fwd_case("batchnorm 4-D input", M("BatchNorm1d", 16), (2, 16, 3, 3))
    fwd_case("batchnorm 1-D input", M("BatchNorm1d", 16), (16,))
    fwd_case("batchnorm wrong number of features", M("BatchNorm1d", 16), (4, 32))
    fwd_case("batchnorm wrong number of features in eval", M("BatchNorm1d", 16), (4, 8), train=False)
    fwd_case("mlp_bn batch of one", {"lab": "MLP_BN"}, (1, 1, 28, 28))

    def loss_case(name, module, kwargs, inp, tgt):
        add(name, {"kind": "loss", "module": module, "kwargs": enc(kwargs), "input": full(inp), "target": full(tgt)},
            lambda: getattr(nn, module)(**kwargs)(inp, tgt))

    loss_case("cross entropy target out of bounds", "CrossEntropyLoss", {}, torch.zeros(3, 4), torch.tensor([0, 4, 1]))
    loss_case("cross entropy negative target", "CrossEntropyLoss", {}, torch.zeros(3, 4), torch.tensor([0, -1, 1]))
    loss_case("cross entropy wrong batch", "CrossEntropyLoss", {}, torch.zeros(3, 4), torch.tensor([0, 1]))
    loss_case("cross entropy float target shape", "CrossEntropyLoss", {}, torch.zeros(3, 4), torch.zeros(3, 5))
    loss_case("nll wrong weight size", "NLLLoss", {"weight": torch.ones(3)}, torch.zeros(3, 4), torch.tensor([0, 1, 2]))
    loss_case("mse unbroadcastable", "MSELoss", {}, torch.zeros(3, 4), torch.zeros(3, 5))

    def lsd_case(name, model, drop=(), add_keys=None, resize=None, strict=True):
        add_keys = add_keys or {}
        resize = resize or {}

        def run():
            torch.manual_seed(0)
            m = LAB[model]()
            sd = m.state_dict()
            for k in drop:
                del sd[k]
            for k, shape in add_keys.items():
                sd[k] = torch.zeros(shape)
            for k, shape in resize.items():
                sd[k] = torch.zeros(shape)
            result = m.load_state_dict(sd, strict=strict)
            return result

        case = {"kind": "load_state_dict", "model": model, "drop": list(drop), "add": add_keys, "resize": resize, "strict": strict}
        try:
            result = run()
        except Exception as e:  # noqa: BLE001
            cases.append({"name": name, **case, "error": {"type": type(e).__name__, "message": str(e)}})
        else:
            cases.append({"name": name, **case, "result": {"missing_keys": result.missing_keys,
                                                          "unexpected_keys": result.unexpected_keys}})

    lsd_case("load_state_dict missing key", "MLP", drop=["h1.bias"])
    lsd_case("load_state_dict missing keys", "MLP_BN", drop=["layers.1.weight", "layers.3.running_var", "layers.3.num_batches_tracked"])
    lsd_case("load_state_dict unexpected key", "MLP", add_keys={"h4.weight": [3, 2]})
    lsd_case("load_state_dict unexpected keys in a child", "MLP_BN", add_keys={"layers.0.weight": [2], "layers.3.extra": [1], "head.bias": [2]})
    lsd_case("load_state_dict missing and unexpected", "MLP", drop=["out.weight", "h2.bias"], add_keys={"h5.bias": [4]})
    lsd_case("load_state_dict size mismatch", "MLP", resize={"h1.weight": [16, 100]})
    lsd_case("load_state_dict size mismatches", "MLP_BN_Drop", resize={"layers.1.bias": [17], "layers.7.running_mean": [3, 1]})
    lsd_case("load_state_dict size mismatch and missing", "MLP", drop=["h3.weight"], resize={"out.bias": [9]}, add_keys={"x": [1]})
    lsd_case("load_state_dict non-strict", "MLP", drop=["out.weight", "h2.bias"], add_keys={"h5.bias": [4]}, strict=False)
    lsd_case("load_state_dict non-strict size mismatch", "MLP", resize={"h2.weight": [2, 2]}, strict=False)
    lsd_case("load_state_dict matching", "MLP_BN_Drop")
    return cases


# ------------------------------------------------------------ main ----

def main():
    out_file = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/nn.json"
    init_cases, gains = inits()
    fixture = {
        "generator": "scripts/golden_nn.py",
        "torch_version": torch.__version__,
        "num_threads": torch.get_num_threads(),
        "digest_hex": DIGEST_HEX,
        "state_dicts": state_dicts(),
        "optimizer_state_dicts": optimizer_state_dicts(),
        "step_lr": step_lr(),
        "schedulers": schedulers(),
        "losses": losses(),
        "softmax": softmaxes(),
        "batchnorm": batchnorms(),
        "dropout": dropouts(),
        "init": init_cases,
        "calculate_gain": gains,
        "reprs": reprs(),
        "nn_utils": nn_utils(),
        "errors": errors(),
        "lab": lab(),
    }
    with open(out_file, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", out_file)


if __name__ == "__main__":
    main()

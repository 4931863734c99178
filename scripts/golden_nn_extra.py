"""
Goldens for the functions of torch.nn and torch.utils.data that test/nn_extra.test.ts
checks (it runs this at test time with the Python of the libtorch in use):
F.affine_grid, F.linear_cross_entropy (2.x), nn.utils.skip_init,
nn.utils.fuse_linear_bn_eval / fuse_linear_bn_weights, nn.utils.convert_conv3d_weight_memory_format (2.x),
nn.Buffer (2.5+) and torch.utils.data.StackDataset (2.1+).

    python scripts/golden_nn_extra.py OUT.json

Tensors are written as their raw little-endian bytes (base64); inputs come from
seeded generators and are written too, so the test rebuilds them from bytes.
"""
import base64
import json
import sys
import warnings

import torch
import torch.nn.functional as F
from torch import nn

from golden_common import error_of

warnings.simplefilter("ignore")
V = tuple(int(x) for x in torch.__version__.split("+")[0].split(".")[:2])


def full(t):
    if t is None:
        return None
    t = t.detach().cpu().contiguous()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "b64": base64.b64encode(t.numpy().tobytes()).decode()}


def affine_grid_cases():
    out = []
    g = torch.Generator().manual_seed(11)
    configs = [([2, 2, 3], [2, 3, 4, 5], False), ([1, 2, 3], [1, 1, 3, 3], True), ([2, 2, 3], [2, 1, 2, 4], None),
               ([2, 3, 4], [2, 1, 2, 3, 4], False), ([1, 3, 4], [1, 2, 3, 2, 2], True), ([1, 2, 3], [1, 1, 1, 4], True)]
    for shape, size, align in configs:
        for dtype in (torch.float32, torch.float64):
            theta = torch.randn(shape, generator=g, dtype=dtype).requires_grad_(True)
            kw = {} if align is None else {"align_corners": align}
            y = F.affine_grid(theta, size, **kw)
            y.pow(2).sum().backward()
            out.append({"theta": full(theta), "size": size, "kwargs": kw, "out": full(y), "grad": full(theta.grad)})
    return out


def affine_grid_errors():
    t23, t34 = torch.zeros(1, 2, 3), torch.zeros(1, 3, 4)
    return [
        {"name": "int theta", "error": error_of(lambda: F.affine_grid(torch.zeros(1, 2, 3, dtype=torch.long), (1, 1, 2, 2), align_corners=False))},
        {"name": "3-element size", "error": error_of(lambda: F.affine_grid(t23, (1, 1, 2), align_corners=False))},
        {"name": "2D theta for 5D size", "error": error_of(lambda: F.affine_grid(t23, (1, 1, 2, 2, 2), align_corners=False))},
        {"name": "3D theta for 4D size", "error": error_of(lambda: F.affine_grid(t34, (1, 1, 2, 2), align_corners=False))},
        {"name": "zero size", "error": error_of(lambda: F.affine_grid(t23, (1, 1, 0, 2), align_corners=False))},
    ]


def lce_cases():
    if not hasattr(F, "linear_cross_entropy"):
        return [], []
    g = torch.Generator().manual_seed(12)
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    cases = []

    def case(inp, w, target, **kw):
        inp, w = inp.requires_grad_(True), w.requires_grad_(True)
        b = kw.get("linear_bias")
        if b is not None:
            b.requires_grad_(True)
        y = F.linear_cross_entropy(inp, w, target, **kw)
        (y.pow(2).sum() if y.dim() else y).backward()
        enc = {k: {"t": full(v)} if isinstance(v, torch.Tensor) else v for k, v in kw.items()}
        cases.append({"input": full(inp), "linear_weight": full(w), "target": full(target), "kwargs": enc, "out": full(y),
                      "grads": [full(inp.grad), full(w.grad), full(b.grad) if b is not None else None]})

    idx = lambda hi, *s: torch.randint(0, hi, s, generator=g)  # noqa: E731
    case(r(5, 4), r(3, 4), idx(3, 5))
    case(r(5, 4), r(3, 4), idx(3, 5), linear_bias=r(3), reduction="sum", label_smoothing=0.2)
    case(r(5, 4), r(3, 4), idx(3, 5), weight=torch.tensor([0.5, 2.0, 1.0]), ignore_index=1, reduction="none")
    case(r(4), r(3, 4), torch.tensor(2))
    case(r(5, 4), r(3, 4), torch.rand(5, 3, generator=g))
    case(r(5, 4), r(3, 2, 4), idx(3, 5, 2), linear_bias=r(3, 2))
    case(r(5, 4).double(), r(6, 4).double(), idx(6, 5), reduction="mean", label_smoothing=0.1)
    # options given but not applicable (label smoothing): PyTorch warns and takes the reference path
    opts = nn.LinearCrossEntropyOptions() if hasattr(nn, "LinearCrossEntropyOptions") else None
    errors = [
        {"name": "3-d input", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(2, 2, 4), torch.zeros(3, 4), torch.zeros(2, 2, dtype=torch.long)))},
        {"name": "1-d weight", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(2, 4), torch.zeros(4), torch.zeros(2, dtype=torch.long)))},
        {"name": "in_features mismatch", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(2, 4), torch.zeros(3, 5), torch.zeros(2, dtype=torch.long)))},
        {"name": "bias shape", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(2, 4), torch.zeros(3, 4), torch.zeros(2, dtype=torch.long), linear_bias=torch.zeros(2)))},
        {"name": "unbatched K-dim", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(4), torch.zeros(3, 2, 4), torch.zeros(2, dtype=torch.long)))},
        {"name": "ignore_index with probabilities", "error": error_of(lambda: F.linear_cross_entropy(torch.zeros(2, 4), torch.zeros(3, 4), torch.zeros(2, 3), ignore_index=0))},
        {"name": "LinearCrossEntropyLoss weight shape", "error": error_of(lambda: nn.LinearCrossEntropyLoss(4, 3, weight=torch.ones(2)))},
        {"name": "LinearCrossEntropyLoss label_smoothing", "error": error_of(lambda: nn.LinearCrossEntropyLoss(4, 3, label_smoothing=1.5))},
    ]
    if opts is not None:
        x, w, t = r(5, 4).requires_grad_(True), r(3, 4), idx(3, 5)
        y = F.linear_cross_entropy(x, w, t, label_smoothing=0.1, options=opts)
        cases.append({"input": full(x), "linear_weight": full(w), "target": full(t), "kwargs": {"label_smoothing": 0.1}, "out": full(y),
                      "grads": None, "options": True})
    return cases, errors


def skip_init_cases():
    from torch.nn.utils import skip_init
    out = []
    for name, args, kw in [("Linear", [5, 3], {}), ("Conv2d", [2, 4, 3], {"bias": False}), ("BatchNorm1d", [4], {"dtype": torch.float64}),
                           ("Embedding", [6, 2], {})]:
        torch.manual_seed(7)
        m = skip_init(getattr(nn, name), *args, **kw)
        after = torch.rand(1).item()  # no draws were made: the generator is where manual_seed left it
        out.append({"module": name, "args": args, "kwargs": {k: ({"dtype": str(v).replace("torch.", "")} if isinstance(v, torch.dtype) else v) for k, v in kw.items()},
                    "repr": repr(m), "state": [[k, {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "device": str(v.device)}] for k, v in m.state_dict().items()],
                    "rand_after": after, "training": m.training})
    errors = [
        {"name": "not a module", "error": error_of(lambda: skip_init(int))},
        {"name": "no device arg", "error": error_of(lambda: skip_init(nn.ReLU))},
    ]
    return out, errors


def fuse_cases():
    from torch.nn.utils.fusion import fuse_linear_bn_eval, fuse_linear_bn_weights
    out = []
    for seed, (inf, outf, nf, bias, affine) in enumerate([(4, 3, 3, True, True), (4, 3, 3, False, True), (5, 2, 1, True, True), (3, 4, 4, True, False)]):
        torch.manual_seed(100 + seed)
        lin, bn = nn.Linear(inf, outf, bias=bias), nn.BatchNorm1d(nf, affine=affine)
        with torch.no_grad():
            bn.running_mean.uniform_(-1, 1)
            bn.running_var.uniform_(0.5, 2)
            if affine:
                bn.weight.uniform_(0.5, 1.5)
                bn.bias.uniform_(-0.5, 0.5)
        lin.eval(), bn.eval()
        rec = {"in": inf, "out": outf, "nf": nf, "bias": bias, "affine": affine, "seed": 100 + seed,
               "bn_state": [[k, full(v)] for k, v in bn.state_dict().items()]}
        rec["error"] = error_of(lambda: fuse_linear_bn_eval(lin, bn))
        if rec["error"] is None:
            f = fuse_linear_bn_eval(lin, bn)
            rec["fused"] = [[k, full(v)] for k, v in f.state_dict().items()]
            rec["requires_grad"] = [p.requires_grad for p in f.parameters()]
            rec["repr"] = repr(f)
        if affine:
            w, b = fuse_linear_bn_weights(lin.weight, lin.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias)
            rec["weights"] = [full(w), full(b), w.requires_grad, b.requires_grad]
        out.append(rec)
    lin, bn = nn.Linear(3, 3), nn.BatchNorm1d(3)
    errors = [{"name": "training", "error": error_of(lambda: fuse_linear_bn_eval(lin, bn))}]
    lin.eval(), bn.eval()
    bn2 = nn.BatchNorm1d(2).eval()
    errors.append({"name": "features mismatch", "error": error_of(lambda: fuse_linear_bn_eval(lin, bn2))})
    return out, errors


def conv3d_format():
    from torch.nn import utils
    if not hasattr(utils, "convert_conv3d_weight_memory_format"):
        return None
    torch.manual_seed(3)
    m = nn.Sequential(nn.Conv3d(2, 4, 3), nn.ReLU(), nn.Sequential(nn.ConvTranspose3d(4, 2, 2)), nn.Conv2d(2, 2, 1))
    utils.convert_conv3d_weight_memory_format(m, torch.channels_last_3d)
    return {"strides": [list(p.stride()) for p in m.parameters()], "state": [[k, full(v)] for k, v in m.state_dict().items()]}


def buffer_case():
    if not hasattr(nn, "Buffer"):
        return None

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Buffer(torch.arange(3.0))
            self.b = nn.Buffer(torch.ones(2), persistent=False)
            self.lin = nn.Linear(2, 2)
            self.c = nn.Buffer(torch.zeros(1, requires_grad=True))

    torch.manual_seed(0)
    m = M()
    return {"state_keys": list(m.state_dict().keys()), "buffers": [n for n, _ in m.named_buffers()],
            "params": [n for n, _ in m.named_parameters()], "c_requires_grad": m.c.requires_grad, "repr": repr(m), "is_tensor_type": type(m.a).__name__}


def stack_cases():
    from torch.utils import data
    if not hasattr(data, "StackDataset"):
        return None
    g = torch.Generator().manual_seed(5)
    a, b, c = torch.randn(4, 2, generator=g), torch.randint(0, 9, (4,), generator=g), torch.randn(4, 3, generator=g)
    t1, t2 = data.TensorDataset(a, b), data.TensorDataset(c)
    tup, dic = data.StackDataset(t1, t2), data.StackDataset(x=t1, y=t2)
    enc = lambda v: full(v) if isinstance(v, torch.Tensor) else [enc(x) for x in v] if isinstance(v, (tuple, list)) else {k: enc(x) for k, x in v.items()}  # noqa: E731
    return {
        "tensors": [full(a), full(b), full(c)],
        "len": [len(tup), len(dic)],
        "tuple_items": [enc(tup[i]) for i in (0, 3, -1)],
        "dict_items": [enc(dic[i]) for i in (1, 2)],
        "tuple_batch": enc(tup.__getitems__([2, 0])),
        "dict_batch": enc(dic.__getitems__([3, 1])),
        "errors": [
            {"name": "none", "error": error_of(lambda: data.StackDataset())},
            {"name": "both", "error": error_of(lambda: data.StackDataset(t1, y=t2))},
            {"name": "size mismatch", "error": error_of(lambda: data.StackDataset(t1, data.TensorDataset(torch.zeros(3))))},
            {"name": "dict size mismatch", "error": error_of(lambda: data.StackDataset(x=t1, y=data.TensorDataset(torch.zeros(5))))},
        ],
    }


def main():
    torch.set_num_threads(1)
    lce, lce_errors = lce_cases()
    skip, skip_errors = skip_init_cases()
    fuse, fuse_errors = fuse_cases()
    out = {"torch_version": torch.__version__, "affine_grid": affine_grid_cases(), "affine_grid_errors": affine_grid_errors(),
           "linear_cross_entropy": lce, "linear_cross_entropy_errors": lce_errors, "skip_init": skip, "skip_init_errors": skip_errors,
           "fuse_linear_bn": fuse, "fuse_errors": fuse_errors, "conv3d_format": conv3d_format(), "buffer": buffer_case(), "stack": stack_cases()}
    json.dump(out, open(sys.argv[1], "w"))


if __name__ == "__main__":
    main()

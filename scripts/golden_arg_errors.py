#!/usr/bin/python3
"""Python's own argument errors, for test/arg_errors.test.ts.

    /usr/bin/python3 scripts/golden_arg_errors.py OUT.json

Calls some fifty common torch functions and Tensor methods the wrong way: an
unknown keyword, a parameter given by position and by name, too many
positional arguments, a str where a value goes, no arguments, a str dtype.
Records what PyTorch raises (its type and message), or that it accepts the
call. Values are encoded so that both languages build the same ones:
{"t": 1} a 2x3 float tensor of ones ({"t": 2}: 3x2), {"m": 1} a 2x3 bool mask,
{"i": 1} the int64 index [0] ({"i": 2}: 2x3 int64 zeros); keywords become
TypeScript's trailing options object.
"""
import json
import sys
import warnings

import torch

T = {"t": 1}
# (namespace, name, arguments of a valid call, the first parameter's name (after self))
OPS = [
    ("Tensor", "add", [T], "other"), ("torch", "add", [T, T], "input"), ("Tensor", "sub", [T], "other"),
    ("Tensor", "mul", [T], "other"), ("Tensor", "div", [T], "other"), ("Tensor", "pow", [2], "exponent"),
    ("Tensor", "sum", [0], "dim"), ("Tensor", "mean", [0], "dim"), ("torch", "zeros", [[2]], "size"),
    ("torch", "ones", [[2]], "size"), ("torch", "full", [[2], 1.5], "size"), ("torch", "arange", [5], "end"),
    ("Tensor", "view", [[2, 3]], "size"), ("Tensor", "reshape", [[6]], "shape"), ("Tensor", "permute", [[1, 0]], "dims"),
    ("Tensor", "transpose", [0, 1], "dim0"), ("torch", "cat", [[T, T]], "tensors"), ("torch", "stack", [[T, T]], "tensors"),
    ("Tensor", "matmul", [{"t": 2}], "other"), ("Tensor", "clamp", [0], "min"), ("Tensor", "argmax", [0], "dim"),
    ("Tensor", "topk", [1], "k"), ("Tensor", "sort", [0], "dim"), ("Tensor", "cumsum", [0], "dim"),
    ("Tensor", "flip", [[0]], "dims"), ("Tensor", "roll", [1], "shifts"), ("Tensor", "repeat", [[2, 1]], "repeats"),
    ("Tensor", "expand", [[2, 2, 3]], "size"), ("Tensor", "unsqueeze", [0], "dim"), ("Tensor", "narrow", [0, 0, 1], "dim"),
    ("Tensor", "chunk", [2], "chunks"), ("Tensor", "eq", [T], "other"), ("Tensor", "lt", [T], "other"),
    ("Tensor", "masked_fill", [{"m": 1}, 1.5], "mask"), ("torch", "where", [{"m": 1}, T, T], "condition"),
    ("Tensor", "index_select", [0, {"i": 1}], "dim"), ("Tensor", "gather", [0, {"i": 2}], "dim"),
    ("torch", "linspace", [0, 1, 5], "start"), ("Tensor", "lerp", [T, 0.5], "end"), ("Tensor", "std", [0], "dim"),
    ("Tensor", "max", [0], "dim"), ("Tensor", "min", [], None), ("Tensor", "squeeze", [0], "dim"),
    ("torch", "randn", [[2]], "size"), ("Tensor", "norm", [2], "p"), ("Tensor", "addmm", [{"t": 2}, {"t": 3}], "mat1"),
    ("torch", "tensordot", [T, T, 1], "a"),
]


def value(v):
    if isinstance(v, list):
        return [value(x) for x in v]
    if isinstance(v, dict):
        if "t" in v:
            return torch.ones(3, 2) if v["t"] == 2 else torch.ones(2, 3)
        if "m" in v:
            return torch.ones(2, 3, dtype=torch.bool)
        return torch.zeros(1, dtype=torch.int64) if v["i"] == 1 else torch.zeros(2, 3, dtype=torch.int64)
    return v


def main():
    cases = []
    for space, name, args, first in OPS:
        variants = [("bogus", args, {"bogus": 1}), ("extra", args + [1] * 9, {}), ("str", ["x"] + args[1:], {}), ("none", [], {})]
        if first and args:
            variants.append(("twice", args, {first: args[0]}))
        variants.append(("str dtype", args, {"dtype": "x"}))
        for tag, a, kw in variants:
            case = {"space": space, "name": name, "tag": tag, "args": a, "kwargs": kw}
            # JSON's round trip: Python runs what TypeScript reads.
            case = json.loads(json.dumps(case))
            f = getattr(torch.ones(2, 3), name) if space == "Tensor" else getattr(torch, name)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    f(*value(case["args"]), **{k: value(v) for k, v in case["kwargs"].items()})
                case["error"] = None
            except Exception as e:  # noqa: BLE001 -- whatever PyTorch raises is the expectation
                case["error"] = {"type": type(e).__name__, "message": str(e)}
            cases.append(case)
    with open(sys.argv[1], "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()

"""Reads what the running PyTorch exposes to Python and writes it as JSON.

For torch.*, Tensor methods and torch._C._nn/_linalg/_special/_fft, every
overload Python accepts, in the order Python tries them, with the ATen
schema each one calls. The set and the order come from PyTorch itself: each
binding is called with an object it cannot accept, and its error lists the
signatures it has. torchgen (PyTorch's own code generator) then parses
native_functions.yaml to find the schema behind each listed signature.

Usage: python ops.py OUT.json   (run once per PyTorch; scripts/gen/ops.ts
merges the files into lib/_generated/).
"""
import json
import os
import warnings
import re
import sys
from collections import defaultdict

import torch
import torchgen
from torchgen.gen import parse_native_yaml
from torchgen.model import BaseTy, BaseType, ListType, OptionalType, Variant
from torchgen.api import python as pyapi

# python_arg_parser's names for each parameter type, as its error messages print them.
BASE = {
    "Tensor": "Tensor", "Scalar": "Number", "int": "int", "SymInt": "SymInt", "float": "float",
    "bool": "bool", "str": "str", "ScalarType": "torch.dtype", "Layout": "torch.layout",
    "Device": "torch.device", "MemoryFormat": "torch.memory_format", "Generator": "torch.Generator",
    "Dimname": "name", "Storage": "torch.Storage", "Stream": "torch.Stream", "QScheme": "torch.qscheme",
}
LIST = {"int": "tuple of ints", "SymInt": "tuple of SymInts", "Tensor": "tuple of Tensors",
        "Tensor?": "tuple of Tensors", "float": "tuple of floats", "Dimname": "tuple of names",
        "Scalar": "tuple of Scalars", "bool": "tuple of bools"}


def message_type(t):
    return _message_type(t).replace("SymInts", "ints").replace("SymInt", "int")


def _message_type(t):
    if isinstance(t, OptionalType):
        return message_type(t.elem)
    if isinstance(t, ListType):
        return LIST.get(str(t.elem), "tuple")
    return BASE.get(t.name.name, t.name.name)


class _Bogus:
    """Accepted by no parameter type, so every binding lists its signatures."""


def listed(fn):
    # With one plausible signature for the arguments given, the parser names
    # that one's problem instead of listing: try a few argument counts.
    text, other = None, "accepted an arbitrary object"
    for n in (1, 0, 2, 3, 5):
        try:
            fn(*[_Bogus()] * n)
        except TypeError as e:
            if text is None or "expected" in str(e) or "must be" in str(e):
                text = str(e)
        except Exception as e:  # noqa: BLE001 - the op ran and failed on the sample: not a listing
            other = f"{type(e).__name__}: {e}"
            continue
        else:
            continue
        if "expected" in text:
            break
    if text is None:
        return None, other
    m = re.search(r"but expected one of:\n(.*)", text, re.S)
    if m:
        sigs = [line.strip()[2:] for line in m.group(1).splitlines() if line.strip().startswith("* (")]
        return [parse_listed(s) for s in sigs], None
    m = re.search(r"but expected (\(.*\))", text)
    if m:
        return [parse_listed(m.group(1))], None
    m = re.search(r"argument '(\w+)' \(position (\d+)\) must be (.+?), not", text)
    if m:
        return ("single", m.group(1), int(m.group(2)), m.group(3)), None
    return ("single", None, 0, None), text


def parse_listed(s):
    s = s.strip()
    assert s.startswith("(") and s.endswith(")"), s
    body = s[1:-1].strip()
    out, kwonly = [], False
    parts, depth, cur = [], 0, ""
    for ch in body:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    for part in parts:
        if part == "*":
            kwonly = True
            continue
        part = part.split(" = ")[0]  # newer releases print defaults
        typ, _, name = part.rpartition(" ")
        typ = typ.replace("SymInts", "ints").replace("SymInt", "int")
        out.append((typ, name, kwonly))
    return tuple(out)


def sig_key(sig, method):
    key, kw = [], False
    for a in sig.arguments():
        kwonly = a in sig.input_kwargs or a is sig.output_args or a in sig.tensor_options_args
        name = a.name
        if name == "self" and not method and str(a.type) == "Tensor":
            name = "input"
        key.append((message_type(a.type), name, kwonly))
    return tuple(key)


def describe_type(t):
    return str(t)


def overload_json(f, out_f, method):
    """One Python signature: its ATen schema, its out= twin, and whether
    Python adds the tensor-options keywords (requires_grad among them)."""
    sig = pyapi.signature(f if out_f is None else out_f, method=method)
    entry = {"schema": str(f.func)}
    if out_f is not None:
        entry["out"] = str(out_f.func)
    if sig.tensor_options_args:
        entry["factory"] = True
    return entry


def main():
    out_path = sys.argv[1]
    root = os.path.dirname(torchgen.__file__)
    yaml = os.path.join(root, "packaged", "ATen", "native", "native_functions.yaml")
    tags = os.path.join(root, "packaged", "ATen", "native", "tags.yaml")
    parsed = parse_native_yaml(yaml, tags)
    fns = parsed.native_functions

    # Group like gen_python_functions: a functional overload and its out= twin
    # (same signature without the out arguments) form one Python signature.
    by_name = defaultdict(list)
    for f in fns:
        if f.python_module not in (None, "nn", "linalg", "special", "fft"):
            continue
        base = str(f.func.name.name)
        by_name[(f.python_module, base)].append(f)

    tensor_base = getattr(torch._C, "TensorBase", None) or torch._C._TensorBase
    spaces = {
        "torch": (torch._C._VariableFunctions, None, False),
        "Tensor": (tensor_base, None, True),
        "nn": (torch._C._nn, "nn", False),
        "linalg": (torch._C._linalg, "linalg", False),
        "special": (torch._C._special, "special", False),
        "fft": (torch._C._fft, "fft", False),
    }
    report = defaultdict(list)
    table = {}
    sample = torch.empty(0)
    warnings.simplefilter("ignore")
    for space, (obj, module, method) in spaces.items():
        for name in sorted(dir(obj)):
            if name.startswith("__"):
                continue
            cands = [f for f in by_name.get((module, name), [])
                     if (Variant.method in f.variants if method else Variant.function in f.variants)
                     and not any(a.name == "requires_grad" for a in f.func.schema_order_arguments())]
            if not cands:
                report["not generated from native_functions.yaml"].append(f"{space}.{name}")
                continue
            attr = getattr(obj, name)
            if not callable(attr):
                report["attributes, not functions"].append(f"{space}.{name}")
                continue
            fn = (lambda *xs, attr=attr: attr(sample, *xs)) if method else attr
            sigs, why = listed(fn)
            if sigs is None:
                report[f"binding did not list its signatures"].append(f"{space}.{name}: {why[:80]}")
                continue
            functional = [f for f in cands if not f.func.is_out_fn()]
            outs = [f for f in cands if f.func.is_out_fn()]
            groups = []
            for f in functional:
                twin = None
                fsig = pyapi.signature(f, method=method)
                for o in outs:
                    osig = pyapi.signature(o, method=method)
                    if osig.signature_str(skip_outputs=True) == fsig.signature_str(skip_outputs=True):
                        twin = o
                groups.append((f, twin))
            for o in outs:
                if not any(t is o for _, t in groups):
                    groups.append((o, None))
            keyed = {}
            for f, twin in groups:
                sig = pyapi.signature(f if twin is None else twin, method=method)
                keyed.setdefault(sig_key(sig, method), (f, twin))
                if twin is not None:
                    keyed.setdefault(sig_key(pyapi.signature(f, method=method), method), (f, twin))
            chosen = []
            if sigs[0] == "single":
                _, pname, pos, ptype = sigs
                if len(groups) > 1 and pname is not None:
                    # The parser named the parameter the object failed: keep
                    # the schemas that have it there.
                    def fits(g):
                        key = [k for k in sig_key(pyapi.signature(g[0], method=method), method) if not k[2]]
                        return len(key) >= pos and key[pos - 1][1] == pname and key[pos - 1][0] == ptype.replace("SymInt", "int")
                    groups = [g for g in groups if fits(g)] or groups
                if len(groups) > 1:
                    # Python hides out-only and Scalar twins of a Tensor overload.
                    groups = [g for g in groups if not g[0].func.is_out_fn()] or groups
                if len(groups) > 1:
                    groups = [g for g in groups if "Scalar" not in g[0].func.name.overload_name] or groups
                if len(groups) == 1:
                    chosen = [groups[0]]
                else:
                    report["one signature, several schemas"].append(f"{space}.{name}")
                    continue
            else:
                for s in sigs:
                    if s in keyed:
                        chosen.append(keyed[s])
                    else:
                        report["listed signature with no schema"].append(f"{space}.{name}{s}")
            if not chosen:
                continue
            table.setdefault(space, {})[name] = [overload_json(f, twin, method) for f, twin in chosen]
    version = torch.__version__.split("+")[0]
    with open(out_path, "w") as fh:
        json.dump({"torch": version, "ops": table, "report": report}, fh, indent=0, sort_keys=True)
    for k, v in report.items():
        print(f"{k}: {len(v)}", file=sys.stderr)
    print(" ".join(f"{s}={len(t)}" for s, t in table.items()), file=sys.stderr)


if __name__ == "__main__":
    main()

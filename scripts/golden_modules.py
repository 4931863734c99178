"""PyTorch's own module test database (ModuleInfo) as golden cases for torchnode.

Every ModuleInfo of torch.testing._internal.common_modules.module_db whose
class is torch.nn.<Name> itself (not lazy, not quantized) gives its CPU
module inputs for float32 and float64 (those it supports), in training and
in eval mode. Each ModuleInput becomes a case, run as PyTorch's own
test_modules.py runs it:

    torch.manual_seed(case["seed"])
    m = nn.<Name>(*args, **kwargs)          # the constructor_input
    m.to(dtype)
    <state_dict: names, dtypes, shapes, bytes>
    m.train(training)
    out = m(*forward_args, **forward_kwargs) # the forward_input, as bytes
    <outputs; state_dict again where forward changed it (running stats)>
    sum of the floating outputs .backward()
    <gradients of the floating inputs and of every parameter>

The inputs are drawn (make_tensor) before the seed is set and stored as
bytes; the module's initial parameters (and dropout masks) are drawn after
it, so torchnode must draw the same random numbers to match. Python runs the
case as torchnode reads it, after a round trip through JSON (an integral
float argument as an int: JS cannot tell 2.0 from 2). Forward keyword
arguments that name forward()'s leading parameters become positional ones
(torchnode's forward methods take positional arguments).

    python scripts/golden_modules.py OUT.json

Needs expecttest (PyTorch's test helpers import it).
test/module_db.test.ts replays the cases through torchnode bit for bit.
"""
import inspect
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
import golden_ops as g  # noqa: E402

warnings.filterwarnings("ignore")

DTYPES = [torch.float32, torch.float64]
MAX_SAMPLES = 8  # per ModuleInfo, dtype and mode: enough to cover its argument forms, small enough to run in seconds
MAX_ELEMENTS = 50_000  # per sample, inputs, parameters and outputs together
SHIFTS = (1, 13)  # in 64-byte blocks: where the inputs are copied to see whether the results depend on it


class Unsupported(Exception):
    pass


def count(d, key):
    d[key] = d.get(key, 0) + 1


# ---- arguments as JSON, and back -------------------------------------------------

def encode(value, grad=False):
    """A constructor or forward argument as JSON; tensors as bytes ({"t": ..., "grad": true} where
    the case sets requires_grad on it)."""
    if isinstance(value, torch.Tensor):
        if value.is_complex() or value.layout != torch.strided or value.is_quantized:
            raise Unsupported("a complex, sparse or quantized tensor")
        enc = {"t": g.encode_tensor(value)}
        if grad and value.is_floating_point():
            enc["grad"] = True
        return enc
    if isinstance(value, torch.Size):
        return list(value)
    if isinstance(value, (list, tuple)):
        return [encode(v, grad) for v in value]
    if isinstance(value, complex):
        raise Unsupported("a complex number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2 ** 53:
        return {"int": str(value)}
    if isinstance(value, (bool, int, float, str)) or value is None or isinstance(value, torch.dtype):
        return g.encode_arg(value)
    raise Unsupported(f"an argument of type {type(value).__name__}")


def decode(a, shift=0):
    """An encoded argument as Python reads what torchnode reads (shift: tensors copied that many
    64-byte blocks further on in memory)."""
    if isinstance(a, list):
        return [decode(x, shift) for x in a]
    if isinstance(a, dict):
        if "t" in a:
            t = g.decode_tensor(a["t"])
            if shift:
                t = relocated(t, shift)
            return t.requires_grad_() if a.get("grad") else t
        return g.decode_arg(a, {})
    return a


def decode_tuple(a, shift=0):
    """Python's tuples where a list stands (an LSTM's (h, c), a kernel size): the modules take either,
    and some (RNN's hx) insist on tuples."""
    v = decode(a, shift)
    return tuple(decode_tuple(x, shift) for x in a) if isinstance(a, list) else v


def relocated(t, shift):
    """A copy of t at another address, shift 64-byte blocks further on."""
    if t.numel() == 0:
        return t
    offset = shift * 64 // t.element_size()
    return torch.empty(t.numel() + offset, dtype=t.dtype)[offset:].view(t.shape).copy_(t)


def flat_tensors(v):
    if isinstance(v, torch.Tensor):
        return [v]
    if isinstance(v, (list, tuple)):
        return [x for item in v for x in flat_tensors(item)]
    return []


def positional(cls, args, kwargs):
    """Forward keyword arguments that name forward()'s next parameters, as positional ones."""
    args, kwargs = list(args), dict(kwargs)
    try:
        params = list(inspect.signature(cls.forward).parameters.values())[1:]
    except (TypeError, ValueError):
        return args, kwargs
    for p in params[len(args):]:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.name not in kwargs:
            break
        args.append(kwargs.pop(p.name))
    return args, kwargs


# ---- running a case ------------------------------------------------------------------

def run(case, shift=0):
    """Runs a case as torchnode reads it; returns what test/module_db.test.ts compares."""
    cls = getattr(torch.nn, case["module"])
    dtype = getattr(torch, case["dtype"])
    torch.manual_seed(case["seed"])
    m = cls(*decode_tuple(case["args"]), **{k: decode_tuple(v) for k, v in case["kwargs"].items()})
    m.to(dtype)
    state = [[k, g.encode_value(v)] for k, v in m.state_dict().items()]
    m.train(case["training"])
    fargs = [decode_tuple(a, shift) for a in case["forward_args"]]
    fkwargs = {k: decode_tuple(v, shift) for k, v in case["forward_kwargs"].items()}
    out = m(*fargs, **fkwargs)
    result = {"state_dict": state, "output": g.encode_value(out)}
    after = [[k, g.encode_value(v)] for k, v in m.state_dict().items()]
    if after != state:
        result["state_dict_after"] = after
    parts = [t for t in flat_tensors(out) if t.is_floating_point() and t.requires_grad]
    if parts:
        sum(p.sum() for p in parts).backward()
        inputs = [t for t in flat_tensors([fargs, list(fkwargs.values())]) if t.requires_grad]
        result["input_grads"] = [g.encode_value(t.grad) for t in inputs]
        result["param_grads"] = [[k, g.encode_value(p.grad)] for k, p in m.named_parameters()]
    return result


def make_case(info, name, dtype, training, sample, seed):
    """The case of one ModuleInput, with PyTorch's results; raises Unsupported where it cannot be one."""
    if sample.forward_input is None:
        raise Unsupported("no forward input")
    cls = info.module_cls
    fargs, fkwargs = positional(cls, sample.forward_input.args, sample.forward_input.kwargs)
    case = {
        "name": f"{name}/{g.dtype_name(dtype)}/{'train' if training else 'eval'}/{sample.desc or '-'}",
        "module": cls.__name__,
        "dtype": g.dtype_name(dtype),
        "training": training,
        "seed": seed,
        "args": encode(list(sample.constructor_input.args)),
        "kwargs": {k: encode(v) for k, v in sample.constructor_input.kwargs.items()},
        "forward_args": encode(fargs, grad=True),
        "forward_kwargs": {k: encode(v, grad=True) for k, v in fkwargs.items()},
    }
    case = json.loads(json.dumps(case, allow_nan=False))
    # Every floating input requires grad; where PyTorch refuses that (a target some losses cannot
    # differentiate for), only the first one; then none.
    for keep in (None, 1, 0):
        if keep is not None:
            strip_grad([case["forward_args"], case["forward_kwargs"]], [keep])
        try:
            result = run(case)
            break
        except Exception as e:  # noqa: BLE001
            error = e
    else:
        raise Unsupported(f"PyTorch raises {type(error).__name__} (with the arguments as torchnode reads them)")
    if result != run(case):
        raise Unsupported("random: differs between two runs with the same seed")
    size = sum(len(json.dumps(v)) for v in result.values()) + len(json.dumps(case))
    if size > MAX_ELEMENTS * 12:  # base64 of 8-byte elements is about 11 characters each
        raise Unsupported(f"over {MAX_ELEMENTS} elements")
    for shift in SHIFTS:
        try:
            moved = run(case, shift)
        except Exception:  # noqa: BLE001 - fails alike wherever it lies
            break
        if moved != result:
            case["address_dependent"] = True
            break
    case.update(result)
    return case


def strip_grad(a, keep):
    """Drops the grad marks of the encoded tensors in a, but the first keep[0] (counted down)."""
    if isinstance(a, list):
        for x in a:
            strip_grad(x, keep)
    elif isinstance(a, dict):
        if "t" in a:
            if a.get("grad") and keep[0] > 0:
                keep[0] -= 1
            else:
                a.pop("grad", None)
        else:
            for x in a.values():
                strip_grad(x, keep)


def spread(n):
    """MAX_SAMPLES indices evenly spaced over n samples, first and last among them: the argument forms vary
    along a ModuleInfo's list (reductions first, then no-batch-dim forms...)."""
    if n <= MAX_SAMPLES:
        return set(range(n))
    return {round(k * (n - 1) / (MAX_SAMPLES - 1)) for k in range(MAX_SAMPLES)}


# ---- the database ----------------------------------------------------------------------

def skip_reason(info):
    cls = info.module_cls
    # (1.13 files torch.nn.MaxPool2d itself under "ao.nn.quantized.MaxPool2d", with float inputs: it is run.)
    if "quantized" in cls.__module__ or cls.__module__.startswith("torch.ao."):
        return "quantized"
    if cls.__name__.startswith("Lazy"):
        return "lazy (parameters made on the first call)"
    if getattr(torch.nn, cls.__name__, None) is not cls:
        return "not torch.nn.<Name> itself"
    return None


def main():
    from torch.testing._internal.common_modules import module_db

    torch.set_num_threads(1)
    out_path = sys.argv[1]
    cases = []
    report = {"moduleinfos": len(module_db), "run": 0, "skipped": {}, "sample_skips": {}, "address_dependent": {}}
    seen = set()
    for info in module_db:
        reason = skip_reason(info)
        if reason:
            count(report["skipped"], reason)
            continue
        name = info.module_cls.__name__
        if name in seen:  # a second ModuleInfo of one class (a variant): told apart by its name
            name = f"{name}.{info.name.replace('.', '_')}"
        seen.add(name)
        dtypes = [d for d in DTYPES if d in info.supported_dtypes("cpu")] if hasattr(info, "supported_dtypes") \
            else [d for d in DTYPES if d in info.dtypes]
        if not dtypes:
            count(report["skipped"], "neither float32 nor float64")
            continue
        report["run"] += 1
        for dtype in dtypes:
            for training in (True, False):
                torch.manual_seed(len(cases))  # module inputs are random: the same ones on every run
                try:
                    samples = list(info.module_inputs_func(info, device="cpu", dtype=dtype, requires_grad=False,
                                                           training=training))
                except Exception as e:  # noqa: BLE001 - a generator that fails here is reported
                    count(report["sample_skips"], f"module_inputs_func failed: {type(e).__name__}")
                    continue
                picked = spread(len(samples))
                for i, sample in enumerate(samples):
                    if i not in picked:
                        count(report["sample_skips"], f"beyond {MAX_SAMPLES} (evenly spaced) of a ModuleInfo, dtype and mode")
                        continue
                    try:
                        case = make_case(info, name, dtype, training, sample, seed=1000 + len(cases))
                    except Unsupported as e:
                        count(report["sample_skips"], str(e))
                        continue
                    if case.get("address_dependent"):
                        count(report["address_dependent"], name)
                    cases.append(case)
    with open(out_path, "w") as fh:
        json.dump({"generator": "scripts/golden_modules.py", "torch_version": torch.__version__, "num_threads": 1,
                   "report": report, "cases": cases}, fh, allow_nan=False, separators=(",", ":"))
    print(f"wrote {len(cases)} cases from {report['run']} ModuleInfos to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()

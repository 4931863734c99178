"""PyTorch's own test database (OpInfo) as golden cases for torchnode.

Every OpInfo of torch.testing._internal.common_methods_invocations.op_db
whose function is a binding torchnode offers (torch.X, torch.linalg.X,
torch.special.X, torch.fft.X, torch.nn.functional.X: `op.op is` that function, not a Python
lambda around it) gives its CPU sample inputs for float32, float64, int64
and bool (the dtypes it supports among them). Each sample becomes a case in
scripts/golden_ops.py's format: the inputs as bytes, the call, the result
checked bit for bit, and, for float samples of ops with autograd, the
gradient of the result's sum. Python runs the case as torchnode reads it
(an integral float argument as an int: JS cannot tell 2.0 from 2), so both
sides compute the same call.

    python scripts/golden_opinfo.py OUT.json

Needs expecttest (PyTorch's test helpers import it).
"""
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
import golden_ops as g  # noqa: E402

warnings.filterwarnings("ignore")

DTYPES = [torch.float32, torch.float64, torch.int64, torch.bool]
SPACES = [("", torch), ("linalg.", torch.linalg), ("special.", torch.special), ("fft.", torch.fft),
          ("nn.functional.", torch.nn.functional)]
MAX_SAMPLES = 12  # per OpInfo and dtype: enough to cover its argument forms, small enough to run in seconds
MAX_ELEMENTS = 20_000  # per sample, inputs and result: a few samples are megabytes (grid_sampler_3d)


def binding_name(op):
    """torch.<name> when op.op is exactly that binding, else None."""
    for prefix, space in SPACES:
        short = op.name[len(prefix):] if op.name.startswith(prefix) else None
        if short and "." not in short and getattr(space, short, None) is op.op:
            return prefix + short
    return None


def as_bytes(t):
    return t.detach().contiguous().reshape(-1).view(torch.uint8)


class Unsupported(Exception):
    pass


def lift(c, value):
    """Sample arguments as recipe arguments: tensors become inputs."""
    if isinstance(value, torch.Tensor):
        if value.is_complex() or value.layout != torch.strided or value.is_quantized:
            raise Unsupported("a complex, sparse or quantized tensor")
        return c.input(value.detach().clone())
    if isinstance(value, (list, tuple)):
        return [lift(c, v) for v in value]
    if isinstance(value, complex):
        raise Unsupported("a complex number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2 ** 53:
        return g.I(value)  # beyond a JS number's exact integers: a bigint on the other side
    if isinstance(value, (bool, int, float, str)) or value is None or isinstance(value, torch.dtype):
        return value
    if isinstance(value, torch.Size):
        return list(value)
    raise Unsupported(f"an argument of type {type(value).__name__}")


def deterministic(op, sample):
    """Two calls, same result: ops that draw random numbers are left out."""
    try:
        a = op.op(sample.input, *sample.args, **sample.kwargs)
        b = op.op(sample.input, *sample.args, **sample.kwargs)
    except Exception:  # noqa: BLE001 - failing calls are cases too
        return True
    def flat(v):
        if isinstance(v, torch.Tensor):
            return [v]
        return [x for x in v if isinstance(x, torch.Tensor)] if isinstance(v, (list, tuple)) else []

    def same(x, y):
        try:
            return x.shape == y.shape and torch.equal(as_bytes(x), as_bytes(y))
        except RuntimeError:
            return True
    return all(same(x, y) for x, y in zip(flat(a), flat(b)))


def relocated(value, shift):
    """A copy of the sample's tensors at another address (shift 64-byte blocks further on), same strides."""
    if isinstance(value, torch.Tensor) and value.layout == torch.strided and value.numel() > 0:
        span = 1 + sum((n - 1) * abs(s) for n, s in zip(value.shape, value.stride()))
        offset = shift * 64 // value.element_size()  # ATen aligns its blocks to 64 bytes: so do these
        t = torch.empty(span + offset, dtype=value.dtype).as_strided(value.shape, value.stride(), offset)
        return t.copy_(value.detach())
    if isinstance(value, (list, tuple)):
        return type(value)(relocated(v, shift) for v in value) if not isinstance(value, torch.Size) else value
    if isinstance(value, dict):
        return {k: relocated(v, shift) for k, v in value.items()}
    return value


SHIFTS = (1, 2, 3, 5, 8, 13, 64, 65)  # in 64-byte blocks


def address_dependent(op, sample, result):
    """Whether the last bits of the result change with where the inputs lie in memory (some LAPACK drivers)."""
    def flat(v):
        return [v] if isinstance(v, torch.Tensor) else [x for x in v if isinstance(x, torch.Tensor)] if isinstance(v, (list, tuple)) else []
    if result is None or not flat(result):
        return False
    for shift in SHIFTS:
        try:
            moved = op.op(relocated(sample.input, shift), *relocated(list(sample.args), shift), **relocated(dict(sample.kwargs), shift))
        except Exception:  # noqa: BLE001 - fails alike wherever it lies
            return False
        for x, y in zip(flat(result), flat(moved)):
            try:
                if x.shape != y.shape or not torch.equal(as_bytes(x), as_bytes(y)):
                    return True
            except RuntimeError:  # no bytes to compare (an empty result)
                pass
    return False


def python_result(op, sample):
    """The sample's result: a tensor, a tuple, a number, or None where it fails."""
    try:
        return op.op(sample.input, *sample.args, **sample.kwargs)
    except Exception:  # noqa: BLE001 - a failing call is a case too
        return None


def deterministic_grad(op, sample):
    """Some backward formulas hand back uninitialised memory (1.13's zero tensors): left out."""
    grads = []
    for _ in range(2):
        try:
            x = sample.input.detach().clone().requires_grad_()
            op.op(x, *sample.args, **sample.kwargs).sum().backward()
        except Exception:  # noqa: BLE001 - both sides must then fail alike
            return True
        if x.grad is not None and x.grad._is_zerotensor():
            return False  # 1.13 hands back a zero tensor that reads as uninitialised memory
        grads.append(x.grad)
    a, b = grads
    return a is None or b is None or torch.equal(as_bytes(a), as_bytes(b))


# Their results are uninitialised memory: nothing to compare.
UNINITIALISED = {"empty", "empty_like", "new_empty", "empty_strided", "new_empty_strided", "empty_permuted"}


def make_cases(op, name, dtype, samples, skipped):
    cases = []
    for i, sample in enumerate(samples):
        if i >= MAX_SAMPLES:
            break
        c = g.Case(f"{name}/{g.dtype_name(dtype)}/{i}")
        try:
            inp = lift(c, sample.input)
            args = lift(c, list(sample.args))
            kwargs = {k: lift(c, v) for k, v in sample.kwargs.items()}
        except Unsupported as e:
            skipped[f"sample with {e}"] = skipped.get(f"sample with {e}", 0) + 1
            continue
        if not deterministic(op, sample):
            skipped["random: differs between two calls"] = skipped.get("random: differs between two calls", 0) + 1
            continue
        result = python_result(op, sample)
        parts = list(result) if isinstance(result, (list, tuple)) else [result]
        tensors = [t for t in [sample.input, *sample.args, *sample.kwargs.values(), *parts] if isinstance(t, torch.Tensor)]
        if sum(t.numel() for t in tensors) > MAX_ELEMENTS:
            skipped[f"over {MAX_ELEMENTS} elements"] = skipped.get(f"over {MAX_ELEMENTS} elements", 0) + 1
            continue
        if any(isinstance(r, torch.Tensor) and r.is_complex() for r in parts):
            skipped["complex result"] = skipped.get("complex result", 0) + 1
            continue
        # as_strided reads its storage from the start: moving the input within a storage changes what it reads.
        if not name.startswith("as_strided") and address_dependent(op, sample, result):
            c.address_dependent = True
        out = c.may(c.torch(name, inp, *args, **kwargs))
        c.check(out)
        # The gradient of the sum, for a single float result whose gradient Python computes the same way twice.
        grad = (op.supports_autograd and dtype in (torch.float32, torch.float64) and isinstance(inp, g.Var)
                and isinstance(result, torch.Tensor) and result.is_floating_point()
                and deterministic_grad(op, sample))
        if grad:
            x = c.step({"op": "requires_grad_", "self": inp.name}, [], {}, f"{inp.name}.requires_grad_")
            y = c.may(c.torch(name, x, *args, **kwargs))
            s = c.may(y.sum())
            c.may(s.backward())
            c.check(c.may(x.attr("grad")))
        cases.append(c)
    return cases


def main():
    from torch.testing._internal.common_methods_invocations import op_db

    torch.set_num_threads(1)
    out_path = sys.argv[1]
    all_cases = []
    report = {"opinfos": len(op_db), "run": 0, "skipped": {}}
    sample_skips = {}
    for op in op_db:
        name = binding_name(op)
        if name is not None and name.split(".")[-1].startswith("_"):
            report["skipped"]["private (underscore) ops"] = report["skipped"].get("private (underscore) ops", 0) + 1
            continue
        if name is None:
            key = "not torch.X / linalg / special / fft / nn.functional itself (a lambda around it, or a Tensor method)"
            report["skipped"][key] = report["skipped"].get(key, 0) + 1
            continue
        if op.variant_test_name:
            name_key = f"{name}.{op.variant_test_name}"
        else:
            name_key = name
        if name in UNINITIALISED:
            report["skipped"]["uninitialised memory"] = report["skipped"].get("uninitialised memory", 0) + 1
            continue
        dtypes = [d for d in DTYPES if d in op.supported_dtypes("cpu")]
        if not dtypes:
            report["skipped"]["none of float32, float64, int64, bool"] = report["skipped"].get("none of float32, float64, int64, bool", 0) + 1
            continue
        report["run"] += 1
        for dtype in dtypes:
            torch.manual_seed(len(all_cases))  # sample inputs are random: the same ones on every run
            try:
                samples = list(op.sample_inputs("cpu", dtype, requires_grad=False))
            except Exception as e:  # noqa: BLE001 - a sample generator that fails here is reported
                sample_skips[f"sample_inputs failed: {type(e).__name__}"] = sample_skips.get(f"sample_inputs failed: {type(e).__name__}", 0) + 1
                continue
            for c in make_cases(op, name, dtype, samples, sample_skips):
                c.name = f"{name_key}/{c.name.split('/', 1)[1]}"
                if not isinstance(op.op, type(torch.add)):
                    c.name = c.name.replace("/", f" [{op.op.__module__}]/", 1)  # a Python function
                try:
                    case = g.run_case(json.loads(json.dumps(c.to_json(), allow_nan=False)))
                    if getattr(c, "address_dependent", False):
                        case["address_dependent"] = True
                        moved = report.setdefault("address_dependent", {})
                        key = c.name.split("/")[0]
                        moved[key] = moved.get(key, 0) + 1
                    all_cases.append(case)
                except Exception as e:  # noqa: BLE001 - a case Python cannot even encode or run
                    sample_skips[f"case not runnable: {type(e).__name__}"] = sample_skips.get(f"case not runnable: {type(e).__name__}", 0) + 1
    report["sample_skips"] = sample_skips
    with open(out_path, "w") as fh:
        json.dump({"generator": "scripts/golden_opinfo.py", "torch_version": torch.__version__, "num_threads": 1,
                   "report": report, "cases": all_cases}, fh, allow_nan=False, separators=(",", ":"))
    print(f"wrote {len(all_cases)} cases from {report['run']} OpInfos to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()

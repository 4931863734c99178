"""Golden strings for tensor printing, from real PyTorch.

Run with Debian's PyTorch 1.13:

    /usr/bin/python3 scripts/golden_repr.py test/fixtures/repr.json

Each case is a recipe that test/tensor_str.test.ts rebuilds in torchnode
bit for bit, plus repr(t) of the same tensor in PyTorch:

  name          what the case is about
  dtype         torch dtype name of the tensor ("float32", "bool", ...)
  shape         its shape
  values        the elements, flat and row-major (floats that JSON cannot hold
                are the strings "NaN", "Infinity", "-Infinity", "-0"; int64
                beyond 2**53 is a decimal string), or
  randn         {"seed": s, "scale": k}: torch.manual_seed(s), then
                torch.randn(shape) * k, then .to(dtype)
  requires_grad make it a leaf that requires grad
  op            applied last: "mul_tensor" (t * t), "mul_scalar" (t * 2),
                "add_scalar" (t + 1), "sum" (t.sum()), "complex64_sqrt" /
                "complex128_sqrt" (t.to(complex).sqrt())
  printoptions  keyword arguments for torch.set_printoptions, if any
  repr          what PyTorch prints

"numbers" holds Python's '{:.Nf}' and '{:.Ne}' for awkward doubles.
"""
import json
import math
import sys

import torch

DTYPES = {
    name: getattr(torch, name)
    for name in [
        "float32", "float64", "float16", "bfloat16", "int8", "int16",
        "int32", "int64", "uint8", "bool",
    ]
}
SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def encode(v):
    """One element as JSON that JS reads back exactly."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 else str(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return v  # json writes repr(v), the shortest string that reads back as v


def decode(v):
    if isinstance(v, str):
        return SPECIAL[v] if v in SPECIAL else int(v)
    return v


def build(recipe):
    """The tensor a recipe describes; the JS test does the same steps."""
    dtype = DTYPES[recipe["dtype"]]
    shape = tuple(recipe["shape"])
    if "randn" in recipe:
        torch.manual_seed(recipe["randn"]["seed"])
        t = (torch.randn(shape) * recipe["randn"]["scale"]).to(dtype)
    else:
        t = torch.tensor([decode(v) for v in recipe["values"]], dtype=dtype).reshape(shape)
    if recipe.get("requires_grad"):
        t.requires_grad_(True)
    op = recipe.get("op")
    if op == "mul_tensor":
        t = t * t
    elif op == "mul_scalar":
        t = t * 2
    elif op == "add_scalar":
        t = t + 1
    elif op == "sum":
        t = t.sum()
    elif op in ("complex64_sqrt", "complex128_sqrt"):
        t = t.to(getattr(torch, op.split("_")[0])).sqrt()
    elif op is not None:
        raise ValueError(op)
    return t


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(
        torch.nan_to_num(a.detach().double(), nan=0.125), torch.nan_to_num(b.detach().double(), nan=0.125)
    )


CASES = []


def case(name, t, **extra):
    """Records t's elements (or a randn recipe, in extra) as a recipe."""
    recipe = {"name": name, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
    if "randn" not in extra:
        recipe["values"] = [encode(v) for v in t.reshape(-1).tolist()]
    recipe.update(extra)
    if "randn" not in extra:
        assert same(build({**recipe, "op": None, "requires_grad": False}), t), name
    CASES.append(recipe)


def seeded(name, shape, scale=1.0, seed=0, dtype="float32", **extra):
    torch.manual_seed(seed)
    t = (torch.randn(shape) * scale).to(DTYPES[dtype])
    case(name, t, randn={"seed": seed, "scale": scale}, **extra)


T = torch.tensor
nan, inf = math.nan, math.inf

# ---- integers and bools
case("int64", T([1, 2, 3]))
case("int64 negatives", T([-5, 0, 123456]))
case("int64 extremes", T([-(2**63), 2**63 - 1, 0]))
case("int32", T([-7, 42, 100000], dtype=torch.int32))
case("int16", T([-32768, 32767, 5], dtype=torch.int16))
case("int8", T([[-128, 127], [0, -1]], dtype=torch.int8))
case("uint8", T([0, 255, 7], dtype=torch.uint8))
case("bool", T([True, False, True]))
case("bool 2d", T([[True, False], [False, False]]))
case("bool all true", T([True, True]))
case("int64 2d widths", T([[1, -22], [333, 4]]))

# ---- floats: notation and width
case("integral floats", T([1.0, 2.0]))
case("integral floats negative", T([-1.0, 20.0, 300.0]))
case("fixed", T([1.5, -2.25, 0.1]))
case("fixed tie rounds half to even", T([0.03125, 1.5, 0.40625, -0.21875]))
case("sci small", T([1e-5, 1.0]))
case("sci min just under 1e-4", T([1e-4, 0.5]))
case("fixed ratio just under 1000", T([0.5, 499.0]))
case("sci ratio just over 1000", T([1000.5, 1.0]))
case("int mode sci big ratio", T([1e9, 1.0]))
case("int mode sci over 1e8", T([123456789.0, 200000000.0]))
case("int mode ratio 1000 exactly", T([1000.0, 1.0]))
case("sci mixed signs", T([-1.234e-7, 5.6789e3, 0.0]))
case("large fixed", T([12345.678, -99999.5, 0.5]))
case("rounds up to next power", T([9.99996, 99.99995, 0.5]))

# ---- nan, inf, zeros
case("nan inf -inf", T([nan, inf, -inf]))
case("int mode with nan", T([1.0, nan, inf]))
case("fixed with nan", T([1.5, nan, -inf]))
case("sci with nan", T([1e-6, nan, -inf, 3.0]))
case("only nan", T([nan]))
case("zeros", T([0.0, 0.0]))
case("negative zero", T([-0.0, 0.0]))
case("negative zero int mode", T([-0.0, 1.0, -2.0]))
case("negative zero sci", T([-0.0, 1e-5]))
case("negative zero fixed", T([-0.0, 0.25]))
case("zero and nan", T([0.0, nan, -0.0]))

# ---- 0-d
case("0-d float", T(3.0))
case("0-d fixed", T(-0.5))
case("0-d sci", T(1e-8))
case("0-d nan", T(nan))
case("0-d -inf", T(-inf))
case("0-d negative zero", T(-0.0))
case("0-d int64", T(7))
case("0-d int32", T(-7, dtype=torch.int32))
case("0-d bool", T(True))
case("0-d float64", T(1 / 3, dtype=torch.float64))
case("0-d float16", T(0.1, dtype=torch.float16))
case("0-d requires_grad", T(2.0), requires_grad=True)

# ---- empty
case("empty", T([]))
case("empty 0x3", torch.zeros(0, 3))
case("empty int64", T([], dtype=torch.int64))
case("empty bool 2d", torch.zeros(2, 0, dtype=torch.bool))
case("empty int32 3d", torch.zeros(2, 0, 3, dtype=torch.int32))
case("empty float64", T([], dtype=torch.float64))
case("empty float16 0x0", torch.zeros(0, 0, dtype=torch.float16))
case("empty requires_grad", T([]), requires_grad=True)

# ---- every dtype
case("float64", T([1 / 3, 2 / 3, -1.0], dtype=torch.float64))
case("float64 sci", T([1e-300, 1e300], dtype=torch.float64))
case("float64 integral", T([1.0, 2.0], dtype=torch.float64))
case("float64 tiny subnormal", T([5e-324, 1.0], dtype=torch.float64))
case("float16", T([0.1, 1000.0, -65504.0], dtype=torch.float16))
case("float16 fixed", T([0.1, 0.2, 0.3], dtype=torch.float16))
case("float16 integral", T([1.0, 2048.0], dtype=torch.float16))
case("float16 nan inf", T([nan, inf, 0.5], dtype=torch.float16))
case("bfloat16", T([0.1, 3.14159, 1e30], dtype=torch.bfloat16))
case("bfloat16 fixed", T([0.1, 3.14159, -2.5], dtype=torch.bfloat16))
case("bfloat16 integral", T([1.0, -3.0], dtype=torch.bfloat16))

# ---- nesting
case("2d", T([[1.5, 2.0], [3.0, 4.25]]))
case("3d", torch.arange(24.0).reshape(2, 3, 4))
case("3d int", torch.arange(-12, 12).reshape(2, 3, 4))
seeded("4d randn", (2, 2, 2, 3))
case("4d int32", torch.arange(16, dtype=torch.int32).reshape(2, 2, 2, 2))
case("5d singleton", T([1.0, -1.0]).reshape(1, 1, 1, 1, 2))
case("column", T([[1.0], [2.0], [3.0]]))

# ---- line wrapping
seeded("wide row wraps", (30,), scale=100.0)
case("int64 row wraps", torch.arange(40))
seeded("float64 sci row wraps", (20,), scale=1e-6, dtype="float64")
seeded("2d rows wrap", (2, 20))
seeded("3d rows wrap", (2, 2, 15), scale=1000.0)
case("bool row wraps", torch.arange(30) % 3 == 0)

# ---- summarization
case("arange 2000", torch.arange(2000))
seeded("randn 2000", (2000,), seed=1)
seeded("randn 40x40", (40, 40))
seeded("randn 3x400", (3, 400), seed=2)
seeded("randn 10x10x11", (10, 10, 11), seed=3, scale=1e-3)
seeded("randn 8x8x8x3", (8, 8, 8, 3), seed=4)
seeded("float16 summarized", (1100,), seed=5, dtype="float16")
case("summarized hides outlier", torch.cat([torch.arange(3.0), torch.full((995,), 1e10), torch.arange(3.0)]))
case("bool summarized", torch.arange(1001) % 2 == 0)
case("uint8 summarized", (torch.arange(1200) % 256).to(torch.uint8).reshape(30, 40))
case("exactly 1000 not summarized", torch.arange(1000, dtype=torch.int16))

# ---- autograd
case("requires_grad", T([1.0, 2.0]), requires_grad=True)
case("requires_grad 2d", T([[1.5, 2.0], [3.0, 4.25]]), requires_grad=True)
case("requires_grad float64", T([0.5, 2.0], dtype=torch.float64), requires_grad=True)
case("grad_fn mul", T([1.0, 2.0]), requires_grad=True, op="mul_tensor")
case("grad_fn sum", T([1.0, 2.0, 3.5]), requires_grad=True, op="sum")
case("grad_fn scalar mul", T([1.0, 2.0]), requires_grad=True, op="mul_scalar")
case("grad_fn scalar add", T([1.0, 2.0]), requires_grad=True, op="add_scalar")
seeded("grad_fn suffix wraps", (8,), seed=6, scale=1000.0, requires_grad=True, op="mul_tensor")
case("grad_fn float64 suffixes wrap", T([123.456, -0.001, 7.0, 1e5, 2.5, 3.0, 4.0], dtype=torch.float64),
     requires_grad=True, op="mul_tensor")
seeded("grad_fn and dtype wrap together", (2, 6), seed=7, scale=100.0, dtype="float64", requires_grad=True,
       op="mul_tensor")
case("grad_fn alone wraps", torch.arange(12.0).reshape(2, 6) * 1000, requires_grad=True, op="mul_tensor")
case("dtype fits, grad_fn wraps", T([1e-6, 2.0, 3.0, 4.0], dtype=torch.float64), requires_grad=True, op="mul_tensor")

# ---- complex
case("complex64", T([-4.0, 1.0, 2.0]), op="complex64_sqrt")
case("complex128", T([-2.0, 0.25, 1e-6], dtype=torch.float64), op="complex128_sqrt")

# ---- print options
case("precision 2", T([1.12345, 2.5]), printoptions={"precision": 2})
case("precision 10 float64", T([1 / 3], dtype=torch.float64), printoptions={"precision": 10})
case("sci_mode False", T([1e-5, 1.0]), printoptions={"sci_mode": False})
case("sci_mode True", T([1.5, 2.0]), printoptions={"sci_mode": True})
case("sci_mode False int mode big", T([1e20, 1.0]), printoptions={"sci_mode": False})
case("threshold 5", torch.arange(10), printoptions={"threshold": 5})
case("edgeitems 1", torch.arange(100.0).reshape(10, 10), printoptions={"threshold": 10, "edgeitems": 1})
case("linewidth 40", torch.arange(20.0) / 7, printoptions={"linewidth": 40})
case("profile short", T([1.12345, 2.5]), printoptions={"profile": "short"})
case("profile full", torch.arange(1001, dtype=torch.int16), printoptions={"profile": "full"})


def numbers():
    xs = [0.5, 1.5, 2.5, 0.125, 0.375, 0.03125, 1e22, 1e21, 123456789012345678901234567890.0, 5e-324,
          1.7976931348623157e308, 9.99995, 9.999949999, 0.00049999, 1e-5, -1e-5, -0.0, 0.0,
          1 / 3, 2 / 3, 1e100, 1e-100, 999.99995, 0.1, 65504.0, nan, inf, -inf, -2.5, 12345.6789]
    out = []
    for x in xs:
        for p in (0, 1, 4, 10):
            out.append({"x": encode(x), "digits": p, "f": f"{x:.{p}f}", "e": f"{x:.{p}e}"})
    return out


def main(path):
    for c in CASES:
        opts = c.get("printoptions")
        if opts:
            torch.set_printoptions(**opts)
        try:
            c["repr"] = repr(build(c))
        finally:
            torch.set_printoptions(profile="default")
    # One case per line: small, and diffs read case by case.
    def rows(items):
        return "[\n" + ",\n".join(json.dumps(x) for x in items) + "\n]"

    with open(path, "w") as f:
        f.write('{"torch": %s,\n"cases": %s,\n"numbers": %s}\n'
                % (json.dumps(torch.__version__), rows(CASES), rows(numbers())))
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/python3
"""Golden cases for torchnode, computed by real PyTorch.

Run with Debian's PyTorch 1.13 (the libtorch torchnode links against):

    /usr/bin/python3 scripts/golden_ops.py test/fixtures/ops.json

Each case is a small program in JSON that both sides can run: steps that make
tensors (explicit bytes, or factories after torch.manual_seed), call torch.*
functions or Tensor methods, read attributes (x.grad), subscript (x[1, :]) or
take a part of a tuple. The script runs every program through PyTorch, after a
round trip through JSON so that it runs exactly what the TypeScript side reads,
and stores the values of the checked variables: tensors as dtype, shape,
strides and their raw little-endian bytes (base64, row-major), other values as
tagged JSON. test/golden.test.ts runs the same programs through torchnode and
compares bit for bit.

Argument encoding (how one recipe means the same thing in both languages):
  - a plain JSON integer is a Python int that TypeScript passes as a number:
    dims, sizes, counts, bounds of randint;
  - {"int": "7"} is a Python int operand, a bigint in TypeScript (int64 scalar);
  - a JSON float, or {"float": "nan" | "inf" | "-inf" | "2.0"} (non-finite or
    integral), is a number in TypeScript; Python runs it as torchnode reads a
    JS number: an integral one (but -0.0) as a Python int, others as floats;
  - {"ref": name} is a variable, {"dtype": name} a torch dtype,
    {"slice": [start, stop, step]} a slice, "..." the Ellipsis;
  - keyword arguments become TypeScript's trailing options object.
A step may be marked "raises": "must" (PyTorch must fail) or "may" (a sweep:
whatever PyTorch does, result or error, torchnode must do too).
"""

import base64
import json
import math
import sys
import warnings

import torch

# Some cases exercise deprecated paths on purpose (uint8 masks, .grad of a non-leaf).
warnings.filterwarnings("ignore", category=UserWarning)

NAN = float("nan")
INF = float("inf")


# ---------------------------------------------------------------- recipes ----

class I:
    """A Python int used as a tensor operand: a bigint on the TypeScript side."""

    def __init__(self, value):
        self.value = int(value)


def encode_arg(a):
    if isinstance(a, Var):
        return {"ref": a.name}
    if isinstance(a, bool) or a is None or isinstance(a, str):
        return a
    if isinstance(a, I):
        return {"int": str(a.value)}
    if isinstance(a, int):
        return a
    if isinstance(a, float):
        if math.isnan(a):
            return {"float": "nan"}
        if math.isinf(a):
            return {"float": "inf" if a > 0 else "-inf"}
        if a.is_integer():
            return {"float": repr(a)}  # "2.0": the same number in JS, but it reads as a float
        return a
    if isinstance(a, (list, tuple)):
        return [encode_arg(x) for x in a]
    if isinstance(a, torch.dtype):
        return {"dtype": dtype_name(a)}
    if isinstance(a, slice):
        return {"slice": [encode_arg(a.start), encode_arg(a.stop), encode_arg(a.step)]}
    if a is Ellipsis:
        return "..."
    raise TypeError(f"cannot encode argument {a!r}")


def js_number(v):
    """What a JS number means to torchnode: an integral value (but -0) acts as a
    Python int, so that `idx.add(1)` stays int64; other values are floats."""
    if v.is_integer() and abs(v) <= 2 ** 53 and not (v == 0 and math.copysign(1.0, v) < 0):
        return int(v)
    return v


def show_arg(a):
    """How an encoded argument reads in a failure message (Python syntax)."""
    if isinstance(a, dict):
        if "ref" in a:
            return a["ref"]
        if "int" in a:
            return a["int"]
        if "float" in a:
            return a["float"] if a["float"][-2:] == ".0" else f"float('{a['float']}')"
        if "dtype" in a:
            return f"torch.{a['dtype']}"
        if "slice" in a:
            return ":".join("" if x is None else show_arg(x) for x in a["slice"])
    if isinstance(a, list):
        return "[" + ", ".join(show_arg(x) for x in a) + "]"
    if isinstance(a, float):
        return repr(a)
    return json.dumps(a)


def show_call(args, kwargs):
    parts = [show_arg(a) for a in args] + [f"{k}={show_arg(v)}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


ATTRIBUTES = {"shape", "dtype", "grad", "T", "mT", "is_leaf", "requires_grad", "grad_fn", "values", "indices",
              "ndim", "data", "device"}


class Var:
    """A variable of a recipe; calling methods on it records steps."""

    def __init__(self, case, name):
        self.case = case
        self.name = name

    def __getattr__(self, op):
        if op.startswith("__") or op in ATTRIBUTES:
            raise AttributeError(f"{op}: use .attr({op!r}) for attributes")

        def method(*args, **kwargs):
            return self.case.step({"op": op, "self": self.name}, args, kwargs,
                                  f"{self.name}.{op}")
        return method

    def attr(self, name):
        return self.case.step({"attr": name, "self": self.name}, None, None, f"{self.name}.{name}")

    def part(self, i):
        return self.case.step({"part": i, "self": self.name}, None, None, f"{self.name}[{i}]")

    def setitem(self, key, value):
        """Python's `self[key] = value`; torchnode spells it self.index_put_(key, value)."""
        items = list(key) if isinstance(key, tuple) else [key]
        enc = [encode_arg(x) for x in items]
        return self.case.step({"setitem": enc, "self": self.name, "args": [encode_arg(value)]}, None, None,
                              f"{self.name}[{', '.join(show_index(x) for x in enc)}] = {show_arg(encode_arg(value))}; {self.name}")

    def __getitem__(self, key):
        items = list(key) if isinstance(key, tuple) else [key]
        enc = [encode_arg(x) for x in items]
        return self.case.step({"index": enc, "self": self.name}, None, None,
                              f"{self.name}[{', '.join(show_index(x) for x in enc)}]")


def show_index(x):
    if x is None:
        return "None"
    if isinstance(x, str):
        return x
    return show_arg(x)


class Case:
    def __init__(self, name):
        self.name = name
        self.steps = []
        self.checks = []
        self.count = 0

    def _fresh(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def step(self, body, args, kwargs, head, name=None):
        var = Var(self, name or self._fresh("t"))
        s = {"out": var.name}
        s.update(body)
        expr = head
        if args is not None:
            enc_args = [encode_arg(a) for a in args]
            enc_kwargs = {k: encode_arg(v) for k, v in kwargs.items()}
            if enc_args:
                s["args"] = enc_args
            if enc_kwargs:
                s["kwargs"] = enc_kwargs
            expr += show_call(enc_args, enc_kwargs)
        s["expr"] = f"{var.name} = {expr}"
        self.steps.append(s)
        return var

    def input(self, t, name=None):
        """An explicit tensor, stored as its bytes."""
        var = Var(self, name or self._fresh("x"))
        enc = encode_tensor(t)
        self.steps.append({"out": var.name, "value": enc,
                           "expr": f"{var.name} = <{enc['dtype']} {enc['shape']}>"})
        return var

    def torch(self, fn, *args, name=None, **kwargs):
        return self.step({"fn": fn}, args, kwargs, f"torch.{fn}", name)

    def seed(self, s):
        self.torch("manual_seed", s)

    def raises(self, var, how="must"):
        """Marks the step that made `var`: PyTorch must (or may) fail there."""
        for s in self.steps:
            if s["out"] == var.name:
                s["raises"] = how
                return var
        raise KeyError(var.name)

    def may(self, var):
        return self.raises(var, "may")

    def check(self, *vars, kind="value"):
        for v in vars:
            self.checks.append({"var": v.name, "kind": kind} if kind != "value" else {"var": v.name})

    def to_json(self):
        return {"name": self.name, "steps": self.steps, "checks": self.checks}


CASES = []


def case(name):
    c = Case(name)
    CASES.append(c)
    return c


# ------------------------------------------------------------- encodings ----

def dtype_name(d):
    return str(d).replace("torch.", "")


def encode_tensor(t):
    t = t.detach()
    flat = t.contiguous().reshape(-1)
    raw = flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""
    enc = {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "b64": base64.b64encode(raw).decode("ascii")}
    if list(t.stride()) != row_major_strides(t.shape):
        enc["stride"] = list(t.stride())  # only stored when it is not the row-major one
    return enc


def row_major_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= max(size, 1)
    return strides


def decode_tensor(enc):
    dtype = getattr(torch, enc["dtype"])
    raw = base64.b64decode(enc["b64"])
    if not raw:
        return torch.empty(enc["shape"], dtype=dtype)
    flat = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(dtype)
    return flat.reshape(enc["shape"]).clone()


def encode_value(v, typed=False):
    if isinstance(v, torch.Tensor):
        if typed and v.dtype in (torch.float16, torch.bfloat16):
            v = v.float()  # toTypedArray() widens half floats to a Float32Array
        return {"t": encode_tensor(v)}
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return encode_arg(v)
    if isinstance(v, (list, tuple)):
        return [encode_value(x, typed) for x in v]
    if isinstance(v, torch.dtype):
        return {"dtype": dtype_name(v)}
    raise TypeError(f"cannot encode value {v!r}")


# ------------------------------------------------------------- execution ----

def decode_arg(a, env):
    if isinstance(a, list):
        return [decode_arg(x, env) for x in a]
    if isinstance(a, dict):
        if "ref" in a:
            return env[a["ref"]]
        if "int" in a:
            return int(a["int"])
        if "float" in a:
            return js_number(float(a["float"]))
        if "dtype" in a:
            return getattr(torch, a["dtype"])
        if "slice" in a:
            return slice(*(decode_arg(x, env) for x in a["slice"]))
        raise ValueError(f"bad argument {a}")
    return a


def decode_kwargs(s, env):
    return {k: decode_arg(v, env) for k, v in s.get("kwargs", {}).items()}


def decode_index(a, env):
    if a == "...":
        return Ellipsis
    if isinstance(a, str):  # "1:5:2" style
        parts = [int(p) if p.strip() else None for p in a.split(":")]
        return slice(*parts)
    return decode_arg(a, env)


def run_step(s, env):
    if "value" in s:
        return decode_tensor(s["value"])
    if "fn" in s:
        target = torch
        for part in s["fn"].split("."):
            target = getattr(target, part)
        return target(*decode_arg(s.get("args", []), env), **decode_kwargs(s, env))
    self = env[s["self"]]
    if "op" in s:
        return getattr(self, s["op"])(*decode_arg(s.get("args", []), env), **decode_kwargs(s, env))
    if "attr" in s:
        return getattr(self, s["attr"])
    if "part" in s:
        return self[s["part"]]
    if "setitem" in s:
        items = tuple(decode_index(x, env) for x in s["setitem"])
        self[items[0] if len(items) == 1 else items] = decode_arg(s["args"][0], env)
        return self
    if "index" in s:
        items = tuple(decode_index(x, env) for x in s["index"])
        return self[items[0] if len(items) == 1 else items]
    raise ValueError(f"bad step {s}")


def run_case(c):
    """Runs a case (as JSON) through PyTorch and adds what it computed."""
    env = {}
    torch.manual_seed(0x5EED)  # every case starts from a known stream, as the test does
    for s in c["steps"]:
        how = s.get("raises")
        try:
            env[s["out"]] = run_step(s, env)
        except Exception as e:  # noqa: BLE001 - recorded for the other side
            if not how:
                raise RuntimeError(f"{c['name']}: {s['expr']} failed: {e}") from e
            s["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0][:200]}
            continue
        if how == "must":
            raise RuntimeError(f"{c['name']}: {s['expr']} was expected to fail")
    for chk in c["checks"]:
        name = chk["var"]
        if name in env:
            chk["expect"] = encode_value(env[name], typed=chk.get("kind") == "typed")
        else:
            chk["expect"] = {"missing": True}  # its step failed; the test expects that failure
    for s in c["steps"]:
        del s["expr"]  # the test prints steps itself; this keeps the fixture small
    return c


# ---------------------------------------------------------------- inputs ----

def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn_values(shape, seed, scale=1.0, dtype=torch.float32):
    return (torch.randn(shape, generator=gen(seed), dtype=torch.float64) * scale).to(dtype)


def randint_values(shape, lo, hi, seed, dtype=torch.int64):
    return torch.randint(lo, hi, shape, generator=gen(seed), dtype=dtype)


# Values that tend to break things: signed zeros, NaN, infinities, tiny and huge
# numbers, halves (rounding), values near overflow of exp and edges of domains.
AWKWARD = [-3.5, -2.5, -2.0, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0,
           10.0, -10.0, 100.0, -100.0, 1e-30, -1e-30, 1e30, -1e30, NAN, INF, -INF, 0.1,
           0.7, -0.7, 1e-5, 88.0, -88.0, 89.0, 710.0, 0.999, -0.999, 1e-45, 3.0e38]


def awkward(dtype=torch.float32):
    return torch.tensor(AWKWARD, dtype=torch.float64).to(dtype)


# -------------------------------------------------------------- random ----

def random_cases():
    for seed in [0, 1, 42, 2 ** 40 + 7]:
        c = case(f"random/factories seed={seed}")
        for n in [1, 3, 15, 16, 17, 100]:
            c.seed(seed)
            c.check(c.torch("rand", n), c.torch("randn", n))
        c.seed(seed)
        c.check(c.torch("rand", 2, 3, 4), c.torch("randn", [5, 7]))
        c.check(c.torch("rand", 33, dtype=torch.float64), c.torch("randn", 33, dtype=torch.float64))
        c.check(c.torch("randint", 10, (20,)), c.torch("randint", -5, 5, [3, 7]))
        c.check(c.torch("randint", 0, 2 ** 40, (17,)), c.torch("randint", 3, 9, (16,), dtype=torch.int32))
        c.check(c.torch("randint", 0, 256, (18,), dtype=torch.uint8))
        for n in [1, 2, 5, 16, 17, 100] + ([600] if seed == 0 else []):
            c.check(c.torch("randperm", n))
        c.check(c.torch("randperm", 30, dtype=torch.int32))
        c.check(c.torch("initial_seed"))

    for seed in [0, 7, 2024]:
        c = case(f"random/in-place samplers seed={seed}")
        c.seed(seed)
        for n in [5, 16, 40]:
            c.check(c.torch("zeros", n).normal_())
            c.check(c.torch("zeros", n).normal_(2.0, 0.5))
            c.check(c.torch("zeros", n).normal_(mean=-1.0, std=3.0))
            c.check(c.torch("zeros", n).uniform_())
            c.check(c.torch("zeros", n).uniform_(-3.0, 7.0))
            c.check(c.torch("zeros", n, dtype=torch.float64).uniform_(-1.0, 1.0))
            c.check(c.torch("zeros", n, dtype=torch.float64).normal_())
            c.check(c.torch("zeros", n).bernoulli_(0.3))
            c.check(c.torch("zeros", n).exponential_())
            c.check(c.torch("zeros", n).exponential_(2.5))
            c.check(c.torch("zeros", n, dtype=torch.int64).random_(0, 10))
        probs = c.input(torch.linspace(0, 1, 21))
        c.check(c.torch("zeros", 21).bernoulli_(probs))
        c.check(probs.bernoulli(), c.torch("bernoulli", probs))
        c.check(c.torch("zeros", 21, dtype=torch.float64).bernoulli_(0.5))
        c.check(c.torch("zeros", 21, dtype=torch.bool).bernoulli_(0.5))
        w = c.input(torch.tensor([0.1, 0.0, 2.0, 1.0, 0.5, 3.0]))
        c.check(w.multinomial(3), w.multinomial(10, replacement=True), w.multinomial(4, True))
        like = c.input(torch.zeros(4, 5))
        c.check(c.torch("rand_like", like), c.torch("randn_like", like),
                c.torch("randint_like", like, 10), c.torch("randint_like", like, -3, 3))

    c = case("random/non-contiguous targets")
    c.seed(3)
    base = c.torch("zeros", 6, 20)
    c.check(base.t().normal_(), base)
    base2 = c.torch("zeros", 6, 20)
    c.check(base2.narrow(1, 2, 17).uniform_(), base2)
    base3 = c.torch("zeros", 4, 20)
    c.check(base3[:, ::2].normal_(1.0, 2.0), base3)

    for seed in [0, 99]:
        c = case(f"random/interleaved streams seed={seed}")
        c.seed(seed)
        c.check(c.torch("rand", 5), c.torch("randn", 17), c.torch("randint", 0, 100, (7,)),
                c.torch("randperm", 20), c.torch("zeros", 20).normal_(), c.torch("rand", 3),
                c.torch("zeros", 3).uniform_(), c.torch("zeros", 33).bernoulli_(0.5),
                c.torch("randn", 2, 16), c.torch("randperm", 5), c.torch("randn", 1))
        c.seed(seed)
        c.check(c.torch("rand", 5), c.torch("randn", 16))  # the same stream again

    c = case("random/manual_seed resets every generator")
    c.seed(5)
    a = c.torch("randn", 40)
    c.seed(5)
    b = c.torch("randn", 40)
    c.check(a, b, a.eq(b).all())


# ---------------------------------------------------------- element-wise ----

UNARY = ["abs", "neg", "negative", "sqrt", "rsqrt", "exp", "exp2", "expm1", "log", "log2", "log10",
         "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid",
         "relu", "floor", "ceil", "round", "trunc", "frac", "sign", "sgn", "reciprocal", "square",
         "erf", "erfc", "erfinv", "deg2rad", "rad2deg", "digamma", "lgamma", "i0", "sinc", "isnan",
         "isinf", "isfinite", "signbit", "logical_not", "bitwise_not"]


def unary_cases():
    inputs = {
        "float32 awkward": awkward(),
        "float64 awkward": awkward(torch.float64),
        "float32 randn*4 (67)": randn_values([67], 11, 4.0),
        "float32 transposed view": None,
        "int64": torch.tensor([-7, -3, -2, -1, 0, 1, 2, 3, 5, 100, -100, 2 ** 40, 1 - 2 ** 40, 9, 17, 33, -33]),
        "int32": torch.tensor([-7, -3, -1, 0, 1, 2, 3, 100, -100, 65536, 9, 17, 33, -33, 4, 8, 12], dtype=torch.int32),
        "uint8": torch.tensor([0, 1, 2, 3, 7, 100, 127, 128, 200, 254, 255, 9, 16, 17, 33, 64, 5], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True, True, False, False, True, False, True, True, False, True, False, True, False, True, True]),
    }
    for label, values in inputs.items():
        c = case(f"unary/{label}")
        if values is None:
            x = c.input(randn_values([7, 9], 12, 3.0)).t()
        else:
            x = c.input(values)
        for op in UNARY:
            c.check(c.may(getattr(x, op)()))
        c.check(c.may(x.round(decimals=1)), c.may(x.round(decimals=-1)))

    for label, values in [("float32", awkward()), ("int64", inputs["int64"])]:
        c = case(f"unary in-place/{label}")
        x = c.input(values)
        for op in UNARY:
            if op in ("isnan", "isinf", "isfinite", "signbit", "negative"):
                continue  # no in-place form
            y = x.clone()
            c.may(getattr(y, op + "_")())
            c.check(y)

    c = case("unary in-place/on a transposed view writes through")
    base = c.input(randn_values([5, 6], 14))
    view = base.t()
    c.check(view.exp_(), base, view.is_contiguous())
    base2 = c.input(randn_values([5, 6], 15))
    c.check(base2[1:4, ::2].abs_().neg_(), base2)


BINARY = ["add", "sub", "mul", "div", "true_divide", "remainder", "fmod", "floor_divide", "pow",
          "atan2", "maximum", "minimum", "fmax", "fmin", "hypot", "copysign", "xlogy", "eq", "ne",
          "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "bitwise_and",
          "bitwise_or", "bitwise_xor"]


def binary_all(c, a, b, scalar_other=False):
    for op in BINARY:
        if scalar_other and op in ("maximum", "minimum", "fmax", "fmin", "atan2", "hypot", "copysign",
                                   "logical_and", "logical_or", "logical_xor"):
            continue  # these take tensors only
        c.check(c.may(getattr(a, op)(b)))
    c.check(c.may(a.div(b, rounding_mode="trunc")), c.may(a.div(b, rounding_mode="floor")),
            c.may(a.div(b, rounding_mode=None)))
    alpha = I(2) if not (a_is_float(c, a) or isinstance(b, float)) else 2.5
    c.check(c.may(a.add(b, alpha=alpha)), c.may(a.sub(b, alpha=alpha)), c.may(c.torch("rsub", a, b)))


def a_is_float(c, var):
    for s in c.steps:
        if s["out"] == var.name and "value" in s:
            return s["value"]["dtype"].startswith(("float", "bfloat"))
    return True


def binary_cases():
    f = torch.tensor([-3.5, -2.0, -0.0, 0.0, 0.5, 2.0, 3.0, NAN, INF, -INF, 7.25, -7.25])
    g = torch.tensor([2.0, -2.0, 0.0, -0.0, 0.5, NAN, INF, 3.0, -1.5, 1.0, -INF, 4.0])
    ints = torch.tensor([-7, -6, -1, 0, 1, 5, 7, 9, 12, -12, 2 ** 33, -(2 ** 33)])
    ints2 = torch.tensor([2, -2, 3, -3, 4, 2, -5, 0, 5, 7, 3, -7])

    pairs = [
        ("float32 x float32", f, g),
        ("float32 (4,1) x float32 (12,) broadcast", torch.tensor([[-0.0], [2.0], [NAN], [-INF]]), g),
        ("float32 x float64", f, g.double()),
        ("float64 x float32 0-dim", f.double(), torch.tensor(1.5)),
        ("int64 x int64 (negatives, zeros)", ints, ints2),
        ("int32 x int64", ints2.int(), ints),
        ("uint8 x int8", torch.tensor([0, 1, 2, 100, 200, 255, 7, 9, 128, 3, 4, 5], dtype=torch.uint8),
         torch.tensor([1, -1, 2, -100, 3, 127, -128, 9, 4, 0, -3, 5], dtype=torch.int8)),
        ("bool x int64", torch.tensor([True, False] * 6), ints2),
        ("bool x bool", torch.tensor([True, False, True, False] * 3), torch.tensor([True, True, False, False] * 3)),
        ("int64 x float32", ints2, f),
        ("int64 x float32 0-dim", ints, torch.tensor(2.5)),
        ("float32 x int64 0-dim", f, torch.tensor(3)),
        ("int32 x int64 0-dim", ints2.int(), torch.tensor(2 ** 40)),
        ("uint8 x int64 0-dim", torch.tensor([0, 1, 2, 100, 200, 255], dtype=torch.uint8), torch.tensor(-1)),
        ("float16 x float32", f.half(), g),
        ("bfloat16 x bfloat16", f.bfloat16(), g.bfloat16()),
    ]
    for label, av, bv in pairs:
        c = case(f"binary/{label}")
        binary_all(c, c.input(av), c.input(bv))

    scalars = [
        ("float32 x float 2.5", f, 2.5), ("float32 x float -0.0", f, -0.0), ("float32 x nan", f, NAN),
        ("float32 x int 2", f, I(2)), ("float32 x int -3", f, I(-3)),
        ("int64 x float 2.5", ints, 2.5), ("int64 x float -2.5", ints, -2.5),
        ("int64 x int 3", ints, I(3)), ("int64 x int -3", ints, I(-3)), ("int64 x int 0", ints, I(0)),
        ("int32 x int 2**40", ints2.int(), I(2 ** 40)), ("int32 x float 0.5", ints2.int(), 0.5),
        ("uint8 x int -1", torch.tensor([0, 1, 2, 100, 200, 255], dtype=torch.uint8), I(-1)),
        ("uint8 x int 300", torch.tensor([0, 1, 2, 100, 200, 255], dtype=torch.uint8), I(300)),
        ("bool x int 1", torch.tensor([True, False, True]), I(1)), ("bool x float 0.5", torch.tensor([True, False]), 0.5),
        ("bool x bool scalar", torch.tensor([True, False]), True),
        ("float16 x float 0.1", f.half(), 0.1), ("float64 x float 0.1", f.double(), 0.1),
        # An integral JS number acts as a Python int (torchnode's rule): int64 + 2 stays int64.
        ("int64 x float 2.0 (integral)", ints, 2.0), ("uint8 x float 1.0 (integral)", torch.tensor([0, 1, 2, 255], dtype=torch.uint8), 1.0),
        ("bool x float 1.0 (integral)", torch.tensor([True, False]), 1.0),
    ]
    for label, av, s in scalars:
        c = case(f"binary scalar/{label}")
        binary_all(c, c.input(av), s, scalar_other=True)

    c = case("binary/non-contiguous operands")
    a = c.input(randn_values([6, 8], 21, 3.0))
    b = c.input(randn_values([8, 6], 22, 3.0))
    row = c.input(randn_values([1, 6], 23))
    at, sl = a.t(), a[:, ::2]
    c.check(at.add(b), at.mul(b.t().t()), at.sub(row.expand(8, 6)), b.div(at),
            sl.add(b.narrow(0, 0, 6).narrow(1, 0, 4)), at.pow(b.abs()), at.maximum(b))
    c.check(row.expand(6, 6).add(a.narrow(1, 2, 6)), at.atan2(b), b.t().eq(a), a.t().lt(b))

    c = case("binary/scalar base and pow families")
    x = c.input(torch.tensor([-2.0, -1.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, NAN, INF, -INF, 1e-3]))
    xi = c.input(torch.tensor([-3, -2, -1, 0, 1, 2, 3, 4]))
    e = c.input(torch.tensor([2.0, 0.5, -1.0, 0.0, 3.0, -2.0, 1.5, 2.0, 0.0, -0.5, 2.0, -3.0]))
    for p in [I(0), I(1), I(2), I(3), I(-1), I(-2), 0.0, 0.5, 2.0, 3.0, -0.5, -1.0, -2.0, 1.0 / 3.0, NAN, INF]:
        c.check(c.may(x.pow(p)))
    for p in [I(0), I(1), I(2), I(3), I(-1), I(-2), 2.0, 0.5]:
        c.check(c.may(xi.pow(p)))
    c.check(x.pow(e), c.may(xi.pow(xi)), c.may(xi.pow(e.narrow(0, 0, 8))))
    c.check(c.torch("pow", 2.0, x), c.torch("pow", 2.0, xi), c.may(c.torch("pow", I(2), xi)),
            c.torch("pow", -2.0, e), c.may(c.torch("pow", I(3), x)))

    c = case("binary/true division of ints gives float")
    a = c.input(torch.tensor([7, -7, 1, -1, 0, 2 ** 40, 5]))
    b = c.input(torch.tensor([2, 2, 3, -3, 5, 3, 0]))
    c.check(a.div(b), a.true_divide(b), a.div(I(2)), a.div(2.0), a.narrow(0, 0, 6).div(b.narrow(0, 0, 6), rounding_mode="floor").attr("dtype"),
            c.may(a.div(b, rounding_mode="floor")), c.may(a.div(b, rounding_mode="trunc")), a.int().div(b.int()))
    c.check(c.may(a.floor_divide(b)), c.may(a.remainder(b)), c.may(a.fmod(b)))
    c.check(a.narrow(0, 0, 6).floor_divide(b.narrow(0, 0, 6)), a.narrow(0, 0, 6).remainder(b.narrow(0, 0, 6)))

    c = case("binary in-place/promotion rules")
    fl = c.input(torch.tensor([1.5, -2.5, 3.0, NAN]))
    it = c.input(torch.tensor([3, -4, 5, 7]))
    u8 = c.input(torch.tensor([250, 1, 0, 128], dtype=torch.uint8))
    t1 = fl.clone()
    c.check(t1.add_(it), t1)
    t2 = fl.clone()
    c.check(t2.mul_(2.5).sub_(it, alpha=2.0).div_(3.0), t2)
    t3 = it.clone()
    c.check(c.may(t3.add_(1.5)), c.may(t3.add_(fl)), c.may(t3.div_(it)), t3)
    t4 = it.clone()
    c.check(t4.add_(I(10)).mul_(I(-3)).div_(I(4), rounding_mode="floor"), t4)
    t5 = it.clone()
    c.check(t5.remainder_(I(3)), t5.clone().floor_divide_(I(-2)), t5.clone().pow_(I(2)), t5.clone().fmod_(I(-3)))
    t6 = u8.clone()
    c.check(t6.add_(I(10)), t6.clone().mul_(I(3)), c.may(t6.clone().sub_(it)))
    row = c.input(torch.tensor([[1.0, 2.0, 3.0, 4.0]]))
    c.check(c.may(row.clone().add_(c.torch("ones", 3, 4))), row.clone().add_(fl))
    bl = c.input(torch.tensor([True, False, True, False]))
    c.check(c.may(bl.clone().add_(bl)), c.may(bl.clone().add_(I(1))), c.may(bl.clone().logical_and_(bl)))
    t7 = fl.clone()
    c.check(t7.pow_(2.0), t7.clone().clamp_(0.0, 5.0), t7.clone().eq_(2.25), fl.clone().lt_(it))


def compare_cases():
    c = case("compare/NaN, signed zero and infinities")
    a = c.input(torch.tensor([NAN, 0.0, -0.0, INF, -INF, 1.0, NAN, 2.0]))
    b = c.input(torch.tensor([NAN, -0.0, 0.0, INF, INF, NAN, 1.0, 2.0]))
    for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
        c.check(getattr(a, op)(b), getattr(a, op)(0.0), getattr(a, op)(NAN), getattr(a, op)(I(1)))
    c.check(a.maximum(b), a.minimum(b), a.fmax(b), a.fmin(b), a.isnan(), a.signbit())

    c = case("compare/mixed dtypes")
    i = c.input(torch.tensor([1, 2, 3, -1]))
    f = c.input(torch.tensor([1.0, 2.5, 3.0, -1.0]))
    u = c.input(torch.tensor([1, 2, 255, 0], dtype=torch.uint8))
    bo = c.input(torch.tensor([True, False, True, False]))
    c.check(i.eq(f), i.lt(f), u.gt(i), bo.eq(i), i.eq(2.5), i.ge(2.0), u.lt(I(-1)), bo.ne(I(0)), f.le(i))

    c = case("compare/equal, isclose and allclose")
    a = c.input(torch.tensor([1.0, 1.00001, NAN, INF, -INF, 0.0, 1e-9, 100.0]))
    b = c.input(torch.tensor([1.0, 1.0, NAN, INF, INF, -0.0, 0.0, 100.001]))
    one = c.input(torch.tensor([1.0]))
    i = c.input(torch.tensor([1, 2, 3, 4, 5, 6, 7, 8]))
    d = c.input(torch.tensor([1.0, 1.00001, NAN, INF, -INF, 0.0, 1e-9, 100.0], dtype=torch.float64))
    c.check(a.equal(b), a.equal(a.clone()), a.equal(a.narrow(0, 0, 4)), i.equal(i.clone()), c.torch("equal", a, b),
            a.isclose(b), a.isclose(b, 1e-3), a.isclose(b, 1e-3, 1e-6), a.isclose(b, rtol=0.0, atol=0.0),
            a.isclose(b, equal_nan=True), a.isclose(one), c.torch("isclose", a, b, atol=1e-2, equal_nan=True),
            a.allclose(b), a.allclose(a.clone()), a.allclose(a.clone(), equal_nan=True), a.allclose(b, 1e-3, 1e-2, True),
            c.torch("allclose", a, b, rtol=1e-5, atol=1e-8), i.isclose(i.clone()), i.allclose(i.add(I(1)), atol=1.0),
            c.may(a.equal(i)), c.may(a.isclose(i)), c.may(a.allclose(d)), c.may(a.isclose(b, rtol=-1.0)))

    c = case("where/broadcasting and dtypes")
    cond = c.input(torch.tensor([[True], [False], [True]]))
    x = c.input(randn_values([1, 4], 30))
    y = c.input(torch.tensor([10.0, NAN, -0.0, 5.0]))
    xi = c.input(torch.tensor([[1, 2, 3, 4]]))
    c.check(c.torch("where", cond, x, y), c.torch("where", cond, x, 0.0), c.torch("where", cond, -1.5, y),
            x.where(cond, y), c.may(c.torch("where", cond, xi, y)), c.may(c.torch("where", cond, xi, I(0))),
            c.may(c.torch("where", cond, xi, 0.5)), c.may(c.torch("where", cond, 1.0, 0.0)))
    c.check(c.torch("where", x.gt(0.0), x, x.mul(0.1)), c.may(c.torch("where", cond, xi.double(), x)))

    c = case("clamp/NaN, bounds and dtypes")
    x = c.input(awkward())
    c.check(x.clamp(-1.0, 1.0), x.clamp(min=-1.0, max=1.0), x.clamp(None, 0.5), x.clamp(max=0.5),
            x.clamp(min=0.5), x.clamp(1.0, -1.0), x.clamp(NAN, 1.0), x.clamp(-1.0, NAN), x.clamp(-INF, INF),
            x.clamp_min(0.0), x.clamp_max(-0.0), x.clip(-2.0, 2.0), c.may(x.clamp()))
    lo = c.input(randn_values([37], 31))
    c.check(x.clamp(lo, lo.add(1.0)), x.clamp(min=lo), x.clamp(max=lo))
    xi = c.input(torch.tensor([-7, -3, 0, 2, 9, 100]))
    c.check(xi.clamp(I(-2), I(5)), c.may(xi.clamp(-2.5, 5.5)), xi.clamp(min=I(0)), c.may(xi.clamp(0.5)))
    y = x.clone()
    c.check(y.clamp_(-2.0, 2.0), y, x.clone().clamp_(min=0.0), x.clone().clamp_(max=lo))
    c.check(x.relu(), xi.relu(), x.clone().relu_())


# ------------------------------------------------------------ reductions ----

def reduction_cases():
    inputs = [
        ("float32 4x6x9", randn_values([4, 6, 9], 40, 2.0)),
        ("float64 3x4x9", randn_values([3, 4, 9], 41, 2.0, torch.float64)),
        ("float32 permuted view", None),
        ("float32 with NaN and inf", torch.tensor([[1.0, NAN, 3.0, -1.0], [INF, 2.0, -INF, 0.0], [5.0, 5.0, -2.0, 5.0]])),
        ("int64", torch.tensor([[3, -1, 7, 7], [0, 2, -5, 1], [4, 4, 1, -9]])),
        ("bool", torch.tensor([[True, False, True, True], [False, False, False, True], [True, True, True, True]])),
    ]
    for label, values in inputs:
        c = case(f"reduce/{label}")
        if values is None:
            x = c.input(randn_values([6, 4, 9], 42, 2.0)).permute(1, 2, 0)
        else:
            x = c.input(values)
        m = c.may
        c.check(m(x.sum()), m(x.sum(0)), m(x.sum(dim=[0, 1])), m(x.sum(1, keepdim=True)), m(x.sum(-1, True)),
                m(x.sum(dtype=torch.float64)), m(x.sum(dim=1, dtype=torch.float64)), m(x.nansum()), m(x.nansum(1)))
        c.check(m(x.mean()), m(x.mean(0)), m(x.mean(dim=(0, 1))), m(x.mean(-1, True)), m(x.mean(dtype=torch.float64)))
        c.check(m(x.prod()), m(x.prod(1)), m(x.prod(dim=0, keepdim=True)), m(x.prod(dtype=torch.float64)))
        c.check(m(x.max()), m(x.min()), m(x.max(1)), m(x.min(1)), m(x.max(dim=0, keepdim=True)),
                m(x.min(-1, True)), m(x.amax()), m(x.amin(0)), m(x.amax(dim=[0, 1])), m(x.amin(-1, True)))
        mx = m(x.max(1))
        c.check(m(mx.attr("values")), m(mx.attr("indices")), m(mx.part(0)), m(mx.part(1)))
        c.check(m(x.argmax()), m(x.argmin()), m(x.argmax(1)), m(x.argmin(0)), m(x.argmax(dim=0, keepdim=True)),
                m(x.argmin(-1, True)))
        c.check(m(x.std()), m(x.var()), m(x.std(0)), m(x.var(1)), m(x.std(1, False)), m(x.var(0, False)),
                m(x.std(dim=1, unbiased=False)), m(x.std(1, correction=0)), m(x.var(1, correction=2)),
                m(x.std(dim=[0, 1], keepdim=True)), m(x.var(-1, True, True)), m(x.std(unbiased=False)),
                m(x.var(1, correction=0)))
        for p in [None, 1, 2, 3, 0, INF, -INF, "fro", 1.5]:
            if p is None:
                c.check(m(x.norm()))
            else:
                c.check(m(x.norm(p)), m(x.norm(p, 1)), m(x.norm(p=p, dim=0, keepdim=True)))
        c.check(m(x.norm("fro", dim=(0, 1))), m(x.norm(p=2, dim=[0, 1])), m(x.norm(2, 1, dtype=torch.float64)))
        c.check(m(x.logsumexp(1)), m(x.logsumexp([0, 1], True)), m(x.median()), m(x.median(1)))
        x = x.narrow(0, 0, 2)  # outputs as large as the input: a slice will do
        c.check(m(x.cumsum(0)), m(x.cumsum(dim=1)), m(x.cumprod(1)), m(x.cumsum(0, dtype=torch.float64)))
        c.check(m(x.all()), m(x.any()), m(x.all(1)), m(x.any(0)), m(x.count_nonzero()), m(x.count_nonzero(0)))
        c.check(m(x.topk(2)), m(x.topk(2, 0)), m(x.topk(2, 1, False)), m(x.sort()), m(x.sort(0, True)),
                m(x.sort(dim=1, descending=True, stable=True)), m(x.argsort()), m(x.argsort(0, True)))

    c = case("reduce/ties and NaN positions in argmax/argmin/max")
    x = c.input(torch.tensor([[2.0, 5.0, 5.0, 1.0, 1.0], [NAN, 1.0, NAN, 0.0, 9.0], [-0.0, 0.0, 0.0, -0.0, -1.0],
                              [INF, INF, -INF, -INF, 3.0]]))
    c.check(x.argmax(1), x.argmin(1), x.max(1), x.min(1), x.argmax(), x.argmin(), x.max(), x.min(),
            x.amax(1), x.amin(1), x.argmax(0), x.max(0), x.sort(1), x.topk(2, 1))

    c = case("reduce/large sums (cascade and vectorized paths)")
    c.seed(17)
    big = c.torch("randn", 100003)
    c.check(big.sum(), big.mean(), big.std(), big.var(unbiased=False), big.norm(), big.abs().max(), big.argmax())
    m2 = c.torch("rand", 300, 257)
    c.check(m2.sum(0), m2.sum(1), m2.mean(0), m2.t().sum(0), m2.std(1), m2.norm(dim=0), m2.prod(1), m2.sum())
    ints = c.torch("randint", -1000, 1000, (50001,))
    c.check(ints.sum(), ints.prod(), ints.float().mean(), ints.max(), ints.cumsum(0).narrow(0, 49990, 11))


# --------------------------------------------------------- linear algebra ----

def matmul_cases():
    c = case("matmul/512x784 @ 784x16 (the lab's first layer)")
    c.seed(0)
    X = c.torch("randn", 512, 784)
    W = c.torch("randn", 784, 16).mul(0.05)
    Wt = c.torch("randn", 16, 784).mul(0.05).t()
    XW = X.matmul(W)
    c.check(XW, X.mm(W).eq(XW).all(), X.narrow(0, 0, 64).matmul(Wt), X[::4].matmul(W))

    c = case("matmul/shapes: batched, broadcast, vectors")
    c.seed(1)
    A = c.torch("randn", 3, 4, 5)
    B = c.torch("randn", 3, 5, 6)
    P = c.torch("randn", 2, 1, 4, 5)
    Q = c.torch("randn", 3, 5, 2)
    v5 = c.torch("randn", 5)
    v4 = c.torch("randn", 4)
    M = c.torch("randn", 4, 5)
    c.check(A.matmul(B), A.bmm(B), P.matmul(Q), v5.matmul(M.t()), M.matmul(v5), v5.matmul(v5), v4.matmul(A.narrow(0, 0, 1).squeeze(0)))
    c.check(A.matmul(v5), v4.matmul(A), M.mv(v5), v5.dot(v5), v4.outer(v5), M.inner(M), v4.kron(v5), M.t().matmul(M))
    bias = c.torch("randn", 4, 4)
    c.check(bias.addmm(M, M.t()), bias.addmm(M, M.t(), beta=0.5, alpha=2.0), bias.clone().addmm_(M, M.t(), alpha=-1.0),
            c.torch("matmul", A.transpose(1, 2), A), c.may(M.matmul(M)))
    c.check(c.torch("randn", 6, 7, dtype=torch.float64).matmul(c.torch("randn", 7, 3, dtype=torch.float64)))
    ia = c.input(randint_values([3, 4], -9, 9, 50))
    ib = c.input(randint_values([4, 2], -9, 9, 51))
    c.check(c.may(ia.matmul(ib)), c.may(ia.mm(ib)), c.may(ia.int().matmul(ib.int())), c.may(ia.matmul(ib.float())))
    big = c.torch("randn", 17, 33)
    c.check(big.matmul(big.t()), big.t().matmul(big), big.matmul(c.torch("randn", 33)))


# ------------------------------------------------------------------ views ----

def view_cases():
    c = case("views/reshaping and strides")
    x = c.input(randn_values([2, 3, 4], 60))
    c.check(x.view(6, 4), x.view([4, -1]), x.view(-1), x.reshape(3, 8), x.reshape([-1, 2]), x.flatten(),
            x.flatten(1), x.flatten(0, 1), x.flatten(start_dim=1, end_dim=-1), x.unflatten(2, (2, 2)))
    t = x.transpose(0, 2)
    c.check(t, t.reshape(-1), t.contiguous(), t.is_contiguous(), t.flatten(), c.may(t.view(-1)), t.stride(), t.attr("shape"))
    u = c.input(randn_values([1, 3, 1, 2], 61))
    c.check(u.squeeze(), u.squeeze(0), u.squeeze(1), u.squeeze(-2), u.unsqueeze(0), u.unsqueeze(-1), u.unsqueeze(2))
    c.check(x.permute(2, 0, 1), x.permute([1, 2, 0]), x.transpose(1, 2), x.swapaxes(0, 1), x.movedim(0, -1),
            x.select(0, 1).t(), x.select(1, 0).attr("T"), x.attr("mT"), x.permute(2, 0, 1).contiguous().stride())
    row = c.input(randn_values([3, 1], 62))
    c.check(row.expand(3, 4), row.expand([-1, 5]), row.expand(2, 3, 4), row.expand_as(x), row.expand(3, 4).contiguous(),
            row.expand(3, 4).stride(), row.repeat(2, 3), x.flip(0), x.flip([1, 2]), x.roll(1), x.roll(2, 1),
            x.roll([1, -1], [0, 2]), x.narrow(2, 1, 2).stride(), x.storage_offset())
    sq = c.input(randn_values([4, 4], 63))
    c.check(sq.tril(), sq.triu(1), sq.tril(-1), sq.t().triu(), sq.view(torch.int32), sq.view(2, 8))
    c.check(x.chunk(2, 2), x.chunk(3, 1), x.split(2, 2), x.split([1, 3], 2), x.unbind(1), x.unbind(), c.may(x.view(5, -1)))
    ups = x.clone()
    v = ups.view(6, 4)
    c.check(v.fill_(2.5).narrow(0, 0, 1).zero_(), ups)
    w = x.clone()
    c.check(w.transpose_(0, 1), w.attr("shape"), w.squeeze_().attr("shape"), w.unsqueeze_(0).attr("shape"))
    mat = c.input(randn_values([3, 5], 64))
    c.check(mat.clone().t_(), mat.clone().t_().stride())


def cat_cases():
    c = case("cat/stack")
    a = c.input(randn_values([2, 3], 70))
    b = c.input(randn_values([4, 3], 71))
    d = c.input(randn_values([3, 2], 72))
    i = c.input(torch.tensor([[1, 2, 3]]))
    e = c.input(torch.empty(0))
    c.check(c.torch("cat", [a, b]), c.torch("cat", [a, b], 0), c.torch("cat", [a.t(), d], 1), c.torch("cat", [a, d.t()], -1),
            c.torch("cat", [a, a, a], dim=1), c.may(c.torch("cat", [a, i])), c.may(c.torch("cat", [i, a.double()])),
            c.may(c.torch("cat", [a, e])), c.torch("concat", [b, a]), c.may(c.torch("cat", [a, d])))
    c.check(c.torch("stack", [a, a.mul(2.0)]), c.torch("stack", [a, a], 1), c.torch("stack", [a, a], -1),
            c.torch("stack", [a.t(), d]), c.may(c.torch("stack", [a, b])), c.may(c.torch("stack", [a, i.expand(2, 3)])),
            c.torch("hstack", [a, a]), c.torch("vstack", [a, b]), c.torch("hstack", [a.select(0, 0), i.select(0, 0).float()]))


# --------------------------------------------------------------- indexing ----

def indexing_cases():
    c = case("indexing/select, narrow, index_select, gather, take")
    x = c.input(randn_values([4, 5, 6], 80))
    idx = c.input(torch.tensor([3, 0, 0, 2]))
    idx32 = c.input(torch.tensor([4, 1], dtype=torch.int32))
    c.check(x.select(1, -1), x.select(0, 3), x.narrow(2, 1, 3), x.narrow(-1, 5, 1), x.narrow(0, 1, 2).narrow(2, 2, 2),
            x.index_select(0, idx), x.index_select(1, idx32), x.transpose(0, 2).index_select(1, idx),
            c.may(x.select(1, 5)), c.may(x.narrow(0, 3, 2)), c.may(x.index_select(0, c.input(torch.tensor([4])))))
    gi = c.input(randint_values([4, 3, 6], 0, 5, 81))
    c.check(x.gather(1, gi), x.gather(-1, gi.narrow(1, 0, 1)), c.may(x.gather(1, gi.add(I(5)))),
            x.take(c.input(torch.tensor([[0, 119], [-1, 7]]))), x.gather(0, gi.narrow(0, 0, 2).clamp(I(0), I(3))))

    c = case("indexing/scatter and index_add")
    z = c.input(torch.zeros(3, 5))
    src = c.input(randn_values([2, 5], 82))
    si = c.input(torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]))
    c.check(z.scatter(0, si, src), z.scatter(0, si, 2.5), z.scatter_add(0, si, src), z.clone().scatter_(0, si, src),
            z.clone().scatter_add_(0, si, src), z.clone().index_add_(0, c.input(torch.tensor([0, 2])), src.narrow(1, 0, 5)))
    zi = c.input(torch.zeros(3, 5, dtype=torch.int64))
    c.check(zi.scatter(0, si, I(7)), c.may(zi.scatter(0, si, 1.5)), c.may(zi.scatter(0, si, src)))

    c = case("indexing/masks")
    x = c.input(randn_values([3, 5], 83))
    mask = c.input(torch.tensor([[True], [False], [True]]))
    full = c.input(torch.tensor([[True, False, True, False, False], [False, False, False, True, True], [True, True, False, False, False]]))
    xi = c.input(torch.arange(15).reshape(3, 5))
    c.check(x.masked_fill(mask, 2.5), x.masked_fill(full, NAN), x.masked_fill(full, c.input(torch.tensor(-1.0))),
            xi.masked_fill(full, I(7)), c.may(xi.masked_fill(full, 2.5)), x.clone().masked_fill_(full, -0.0),
            x.masked_select(full), x.masked_select(mask), xi.masked_select(full), x.t().masked_select(full.t()),
            x.masked_scatter(full, c.input(randn_values([15], 84))), full.nonzero(), xi.nonzero(),
            c.may(x.masked_fill(xi, 1.0)))

    c = case("indexing/Python subscripts")
    x = c.input(randn_values([4, 5, 6], 85))
    ti = c.input(torch.tensor([3, 0, -1]))
    tj = c.input(torch.tensor([1, 1, 4]))
    bm = c.input(torch.tensor([True, False, True, True]))
    m2 = c.input(randn_values([4, 5], 86).gt(0))
    c.check(x[1], x[-1, 2], x[:, 1:4:2], x[..., 0], x[None, 1], x[::2, ::3, 1:], x[1:10], x[2:2], x[-3:-1, ..., None],
            x[ti], x[ti, :, tj], x[ti, tj], x[:, tj], x[bm], x[m2], x[1, ti], x[..., ti], x[ti.reshape(3, 1), tj],
            x[True], x[False], x[None, ..., None], x[:, None, 2], x["1:3", 0, "::2"], x[":", -1])
    c.check(x[1].stride(), x[:, 1:4:2].stride(), x[:, 1:4:2].storage_offset(), x[..., ti].stride())
    c.check(c.may(x[4]), c.may(x[0, 0, 6]), c.may(x[::-1]), c.may(x[ti.float()]), c.may(x[1, 2, 3, 4]))
    y = x.clone()
    c.check(y.setitem(1, 0.0), y.setitem((":", 0, "::2"), 7.5), y.setitem((ti, tj), c.input(torch.tensor(-2.0))),
            y.setitem(m2, -1.0), y.setitem(ti, c.input(randn_values([3, 5, 6], 87))), y.setitem((Ellipsis, 1), I(3)), y)
    z = x.clone()
    c.check(z.index_put_((ti, tj), c.input(torch.tensor([1.0, 2.0, 3.0]).reshape(3, 1))), z)


# ----------------------------------------------- conversions and creation ----

def conversion_cases():
    c = case("convert/float to integer, bool and narrower floats")
    f = c.input(torch.tensor([-2.7, -2.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 2.7, 100.9, 254.9, 1e10]))
    c.check(f.long(), f.to(torch.int64), f.narrow(0, 2, 9).int(), f.narrow(0, 4, 7).byte(), f.narrow(0, 0, 10).short(),
            f.bool(), f.half(), f.bfloat16(), f.double(), f.to(torch.float16).float(), f.type_as(c.input(torch.tensor([1]))),
            f.narrow(0, 0, 10).to(torch.int8))
    d = c.input(torch.tensor([0.1, 1.0 / 3.0, 1e-40, 1e-46, 3.5e38, -3.5e38, 16777217.0, 2.0 ** 60 + 1.0, NAN, -INF, 65520.0, 70000.0],
                             dtype=torch.float64))
    c.check(d.float(), d.half(), d.bfloat16(), d.to(torch.float32).to(torch.float64), d.bool(), d.isnan().long())
    i = c.input(torch.tensor([2 ** 53 + 1, -(2 ** 53) - 1, 16777217, 2 ** 62, -1, 0, 255, 256, -129]))
    c.check(i.float(), i.double(), i.half(), i.int(), i.byte(), i.to(torch.int8), i.bool(), i.to(torch.int16))
    b = c.input(torch.tensor([True, False, True]))
    c.check(b.float(), b.long(), b.byte(), b.to(torch.float64), b.half(), b.int().sum())
    h = c.input(torch.tensor([0.1, 65504.0, 6e-8, -0.0, NAN, INF, 1.0 / 3.0], dtype=torch.float16))
    c.check(h.float(), h.double(), h.bfloat16(), h.narrow(0, 0, 4).long(), h.add(h), h.mul(0.5), h.sum(), h.mean())
    c.check(f.to(torch.float64, copy=True), f.to(dtype=torch.int64), f.to("cpu", torch.float64))

    c = case("creation/literals and factories")
    c.check(c.torch("tensor", [[1.5, -0.0], [NAN, 2.0]]), c.torch("tensor", [[I(1), I(-2)], [I(3), I(2 ** 40)]]),
            c.torch("tensor", [True, False]), c.torch("tensor", [1.5, I(2)]), c.torch("tensor", [True, I(3)]),
            c.torch("tensor", [True, 2.5]), c.torch("tensor", [0.1, 1e-46, 1e39]), c.torch("tensor", [0.1, 1e-46], dtype=torch.float64),
            c.torch("tensor", [1.7, -1.7], dtype=torch.int64), c.torch("tensor", 3.25), c.torch("tensor", I(7)),
            c.torch("tensor", []), c.torch("tensor", [[I(1)], [I(2)]], dtype=torch.float16))
    c.check(c.torch("arange", 5), c.torch("arange", 1, 2.5, 0.5), c.torch("arange", 0, 1, 0.1), c.torch("arange", -1.0, 1.0, 0.3),
            c.torch("arange", 10, dtype=torch.float32), c.torch("arange", 10, 0, -3),
            c.torch("arange", 0, 1, 0.1, dtype=torch.float64))
    c.check(c.torch("linspace", 0, 1, 7), c.torch("linspace", -1.0, 1.0, 17), c.torch("linspace", 0.0, 1.0, 1),
            c.torch("linspace", 3, 10, 5, dtype=torch.float64), c.torch("linspace", 0.1, 0.7, 33))
    x = c.input(randn_values([2, 3], 90))
    c.check(c.torch("full", (2, 3), 1.5), c.torch("full", [2], I(7)), c.torch("full", [2], True), c.torch("full", [2, 2], NAN),
            c.torch("full", [3], 0.1, dtype=torch.float64), c.torch("zeros", 2, 3, dtype=torch.int32), c.torch("ones", [2, 2]),
            c.torch("zeros_like", x), c.torch("ones_like", x, dtype=torch.int64), c.torch("full_like", x, 2.5),
            c.torch("full_like", x, I(3), dtype=torch.int8), x.new_zeros([2]), x.new_ones([1, 2]), x.new_full([3], 0.1))


# ----------------------------------------------------------------- readout ----

def readout_cases():
    c = case("readout/item")
    c.check(c.input(torch.tensor(0.1)).item(), c.input(torch.tensor(NAN)).item(), c.input(torch.tensor(-0.0)).item(),
            c.input(torch.tensor(-INF)).item(), c.input(torch.tensor([[2 ** 40 + 1]])).item(), c.input(torch.tensor(True)).item(),
            c.input(torch.tensor(1.0 / 3.0, dtype=torch.float64)).item(), c.input(torch.tensor(0.1, dtype=torch.float16)).item(),
            c.input(torch.tensor(-5, dtype=torch.int8)).item(), c.input(torch.tensor(200, dtype=torch.uint8)).item(),
            c.input(torch.tensor(1.0e-40)).item(), c.may(c.input(torch.tensor([1.0, 2.0])).item()))
    c.seed(0)
    c.check(c.torch("randn", 5).sum().item(), c.torch("rand", 3).mean().item(), c.torch("randint", 0, 100, (1,)).item())

    c = case("readout/tolist")
    f = c.input(torch.tensor([[1.5, NAN, -0.0], [INF, 0.1, -1e-40]]))
    c.check(f.tolist(), f.t().tolist(), c.input(torch.tensor([[1, -2], [2 ** 40, 0]])).tolist(),
            c.input(torch.tensor([True, False])).tolist(), c.input(torch.tensor(2.5)).tolist(), c.input(torch.tensor(7)).tolist(),
            c.input(torch.zeros(0, 3)).tolist(), c.input(torch.tensor([0.1, 1.0 / 3.0], dtype=torch.float64)).tolist(),
            c.input(torch.tensor([0.1, 65504.0], dtype=torch.float16)).tolist(), c.input(torch.tensor([-3, 250], dtype=torch.uint8)).tolist(),
            c.input(torch.tensor([1, -2], dtype=torch.int32)).tolist(), c.input(torch.zeros(2, 1, 2, dtype=torch.int16)).tolist())

    c = case("readout/toTypedArray of views and every dtype")
    x = c.input(randn_values([4, 6], 95))
    for v in [x, x.t(), x[:, ::2], x[1:3].t(), x.expand(2, 4, 6), x.select(1, 2), x.sum()]:
        c.check(v, kind="typed")
    for d in [torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]:
        c.check(x.abs().mul(10.0).to(d).t(), kind="typed")


# ------------------------------------------------------------------ autograd ----

def leaf(c, values):
    return c.input(values).requires_grad_()


def grad_cases():
    c = case("grad/((x @ w + b).relu() ** 2).mean()")
    x = leaf(c, randn_values([8, 5], 100))
    w = leaf(c, randn_values([5, 3], 101))
    b = leaf(c, randn_values([3], 102))
    loss = x.matmul(w).add(b).relu().pow(I(2)).mean()
    loss.backward()
    c.check(loss, x.attr("grad"), w.attr("grad"), b.attr("grad"), loss.attr("requires_grad"))

    c = case("grad/the same with a float exponent and a 512x784 batch")
    c.seed(0)
    X = c.torch("randn", 512, 784)
    W = c.torch("randn", 784, 16).mul(0.05).requires_grad_()
    B = c.torch("zeros", 16).requires_grad_()
    loss = X.matmul(W).add(B).relu().pow(2.0).mean()
    loss.backward()
    c.check(loss, W.attr("grad"), B.attr("grad"))

    c = case("grad/sigmoid, tanh, log, exp chains")
    x = leaf(c, randn_values([4, 6], 103))
    y = leaf(c, randn_values([4, 6], 104, 0.5, torch.float64))
    out = x.sigmoid().mul(x.tanh()).add(1.0).log().exp().sub(x.exp().mul(0.1)).sum()
    out.backward()
    out2 = y.tanh().sigmoid().log().neg().sqrt().mean()
    out2.backward()
    c.check(out, x.attr("grad"), out2, y.attr("grad"))

    c = case("grad/broadcasting reduces gradients")
    a = leaf(c, randn_values([3, 1], 105))
    b = leaf(c, randn_values([1, 4], 106))
    s = leaf(c, randn_values([], 107))
    e = leaf(c, randn_values([4], 108))
    out = a.add(b).mul(s).sub(e).mul(a.div(b.abs().add(1.0))).pow(I(2)).sum()
    out.backward()
    c.check(out, a.attr("grad"), b.attr("grad"), s.attr("grad"), e.attr("grad"))

    c = case("grad/division and expand")
    n = leaf(c, randn_values([5, 3], 109))
    d = leaf(c, randn_values([3], 110).abs().add(0.5))
    q = n.div(d).add(n.div(2.0)).sub(c.torch("ones", 5, 3).div(d.expand(5, 3))).mul(n.t().t()).sum()
    q.backward()
    c.check(q, n.attr("grad"), d.attr("grad"))

    c = case("grad/std, var, norm")
    x = leaf(c, torch.cat([randn_values([3, 7], 111), torch.zeros(1, 7)]))
    out = x.std(1).sum().add(x.var(0, unbiased=False).mean()).add(x.norm()).add(x.norm(1)).add(x.norm(dim=1).sum())
    out = out.add(x.std(dim=[0, 1], correction=0)).add(x.norm(INF)).add(x.norm(p="fro", dim=(0, 1)))
    out.backward()
    c.check(out, x.attr("grad"))

    c = case("grad/non-scalar backward with an explicit gradient")
    x = leaf(c, randn_values([3, 4], 112))
    y = x.mul(2.0).add(x.pow(I(3))).sub(x.sin())
    g = c.input(randn_values([3, 4], 113))
    y.backward(g)
    z = leaf(c, randn_values([5], 114))
    zo = z.exp().cumsum(0)
    zo.backward(gradient=c.input(torch.tensor([1.0, 0.0, -1.0, 2.0, 0.5])))
    c.check(y, x.attr("grad"), z.attr("grad"))

    c = case("grad/retain_graph twice accumulates")
    x = leaf(c, randn_values([6], 115))
    w = leaf(c, randn_values([6], 116))
    loss = x.mul(w).tanh().sum().mul(3.0)
    loss.backward(retain_graph=True)
    g1 = x.attr("grad").clone()
    gw1 = w.attr("grad").clone()
    loss.backward()
    c.check(g1, gw1, x.attr("grad"), w.attr("grad"))
    x.attr("grad").zero_()
    loss2 = x.mul(x).sum()
    loss2.backward()
    c.check(x.attr("grad").clone(), w.attr("grad"))

    c = case("grad/non-smooth points: relu, abs, max, clamp, sqrt at 0")
    x = leaf(c, torch.tensor([-1.0, -0.0, 0.0, 0.5, 3.0, 2.0, 3.0]))
    out = x.relu().add(x.abs()).add(x.clamp(0.0, 2.0)).add(x.max()).add(x.min().mul(2.0)).add(x.amax()).sum()
    out.backward()
    y = leaf(c, torch.tensor([0.0, 1.0, 4.0]))
    y.sqrt().sum().backward()
    z = leaf(c, torch.tensor([[1.0, 5.0, 5.0], [2.0, 0.0, 2.0]]))
    z.max(1).part(0).sum().add(z.median()).add(z.sort(1).part(0).mul(c.input(torch.tensor([1.0, 2.0, 3.0]))).sum()).backward()
    c.check(out, x.attr("grad"), y.attr("grad"), z.attr("grad"))

    c = case("grad/prod with zeros, logsumexp, mean over dims")
    x = leaf(c, torch.tensor([[1.5, 0.0, 2.0], [0.0, 0.0, 3.0], [1.0, -2.0, 0.5]]))
    out = x.prod(1).sum().add(x.prod()).add(x.logsumexp(1).sum()).add(x.mean([0, 1])).add(x.mean(0, True).sum())
    out.backward()
    c.check(out, x.attr("grad"))

    c = case("grad/indexing, gather, where, masked_fill, cat, stack")
    x = leaf(c, randn_values([4, 5], 117))
    idx = c.input(torch.tensor([[0, 4], [1, 1], [3, 2], [0, 0]]))
    parts = [x[1:3].sum(), x[:, c.input(torch.tensor([0, 0, 2]))].mul(2.0).sum(), x.gather(1, idx).pow(2.0).sum(),
             c.torch("where", x.gt(0.0), x, x.mul(0.5)).sum(), x.masked_fill(x.lt(-0.5), 0.0).exp().sum(),
             c.torch("cat", [x, x.t().narrow(0, 0, 4)], 1).sin().sum(), c.torch("stack", [x, x.mul(x)]).sum(),
             x.select(0, 2).dot(x.select(0, 3)), x.index_select(1, c.input(torch.tensor([4, 4]))).sum(),
             x.view(20).narrow(0, 3, 5).sum(), x.permute(1, 0).reshape(-1).cumsum(0).sum()]
    total = parts[0]
    for p in parts[1:]:
        total = total.add(p)
    total.backward()
    c.check(total, x.attr("grad"))

    c = case("grad/autograd.grad and create_graph")
    x = leaf(c, randn_values([5], 118))
    y = x.pow(I(3)).sum()
    g = c.torch("autograd.grad", y, x, create_graph=True)
    g0 = g.part(0)
    g0.sum().backward()
    c.check(g0, x.attr("grad"))
    w = leaf(c, randn_values([3, 2], 119))
    b = leaf(c, randn_values([2], 120))
    inp = c.input(randn_values([4, 3], 121))
    l2 = inp.matmul(w).add(b).sigmoid().sum()
    gs = c.torch("autograd.grad", l2, [w, b])
    c.check(gs, gs.part(1), w.attr("grad"))

    c = case("grad/retain_grad, detach and in-place in the graph")
    x = leaf(c, randn_values([4], 122))
    h = x.mul(3.0)
    h.retain_grad()
    k = h.clone()
    k.mul_(2.0)
    k.add_(x.detach())
    out = k.mul(h).sum().add(x.detach().mul(x).sum())
    out.backward()
    c.check(out, x.attr("grad"), h.attr("grad"), k.attr("grad"), h.attr("is_leaf"), x.attr("is_leaf"))

    c = case("grad/float64 MLP with two layers")
    x = c.input(randn_values([10, 4], 123, 1.0, torch.float64))
    w1 = leaf(c, randn_values([4, 8], 124, 0.5, torch.float64))
    w2 = leaf(c, randn_values([8, 1], 125, 0.5, torch.float64))
    t = c.input(randn_values([10, 1], 126, 1.0, torch.float64))
    out = x.matmul(w1).tanh().matmul(w2).sub(t).pow(2.0).mean()
    out.backward()
    c.check(out, w1.attr("grad"), w2.attr("grad"))


# ------------------------------------------------------- more edge cases ----

def edge_cases():
    c = case("random/seeds at the edges and more samplers")
    c.seed(I(2 ** 63 - 1))
    c.check(c.torch("rand", 20), c.torch("initial_seed"))
    c.seed(I(2 ** 64 - 1))
    c.check(c.torch("randn", 20))
    c.seed(0)
    c.check(c.torch("randint", 0, 10, (17,), dtype=torch.float32), c.torch("randint", 5, (4, 5), dtype=torch.float64),
            c.torch("randperm", 0), c.torch("randn", 0), c.torch("rand", 3, 0), c.torch("zeros", 17).normal_(0.0, 0.0),
            c.torch("zeros", 20, dtype=torch.float64).exponential_(0.5), c.torch("zeros", 20).random_(),
            c.torch("zeros", 20, dtype=torch.int32).random_(), c.torch("zeros", 20, dtype=torch.int64).random_(7),
            c.torch("zeros", 20, dtype=torch.uint8).random_(), c.torch("zeros", 20, dtype=torch.bool).random_(),
            c.torch("zeros", 3, 17).bernoulli_(c.input(torch.tensor([0.0, 0.5, 1.0]).reshape(3, 1))),
            c.torch("zeros", 17).bernoulli_(c.input(torch.linspace(0, 1, 17, dtype=torch.float64))),
            c.input(torch.tensor([[0.2, 0.8, 0.0], [1.0, 1.0, 1.0]])).multinomial(2),
            c.input(torch.tensor([[0.2, 0.8, 0.0], [1.0, 1.0, 1.0]])).multinomial(5, True),
            c.torch("rand", 17, dtype=torch.float16), c.torch("randn", 17, dtype=torch.bfloat16),
            c.torch("zeros", 17, dtype=torch.float16).uniform_(-2.0, 2.0), c.torch("zeros", 17, dtype=torch.float16).normal_())
    c.check(c.torch("rand", 4, requires_grad=True), c.torch("randn", 4, dtype=torch.float64, requires_grad=True).attr("requires_grad"))

    c = case("matmul/NaN, inf, empty and stride-0 operands")
    a = c.input(torch.tensor([[1.0, NAN, 2.0], [INF, 1.0, 0.0], [1.0, 2.0, 3.0]]))
    b = c.input(torch.tensor([[0.0, 1.0], [1.0, 0.0], [-INF, 2.0]]))
    e1 = c.input(torch.zeros(3, 0))
    e2 = c.input(torch.zeros(0, 4))
    col = c.input(randn_values([3, 1], 130))
    c.check(a.matmul(b), a.t().matmul(b), e1.matmul(e2), e2.t().matmul(e2), col.expand(3, 5).t().matmul(a),
            a.matmul(col.expand(3, 7)), c.may(a.matmul(e2)), c.may(b.matmul(b)))

    c = case("views/errors and write-through")
    x = c.input(randn_values([2, 3], 131))
    row = c.input(randn_values([1, 3], 132))
    c.check(c.may(x.view(4, 2)), c.may(x.expand(4, 3)), c.may(row.expand(2, 3).add_(1.0)), c.may(x.permute(0, 0)),
            c.may(x.transpose(0, 2)), c.may(x.squeeze(3)), c.may(x.narrow(1, 2, 2)), c.may(x.flatten(1, 0)),
            c.may(x.unsqueeze(3)), c.may(x.reshape(-1, -1)), c.may(c.torch("cat", [x, c.input(torch.tensor(1.0))])),
            c.may(c.torch("stack", [])), c.may(x.t().view(6)), x.t().reshape(6), x.t().contiguous().view(6))
    y = x.clone()
    c.check(y.select(1, 1).fill_(-1.0), y, y.t().narrow(0, 0, 1).mul_(2.0), y, y.view(-1).narrow(0, 4, 2).zero_(), y)

    c = case("indexing/index dtypes and bounds")
    x = c.input(randn_values([4, 5], 133))
    c.check(c.may(x[c.input(torch.tensor([1, 3], dtype=torch.int32))]), c.may(x[c.input(torch.tensor([1, 0, 1, 0], dtype=torch.uint8))]),
            c.may(x[c.input(torch.tensor([4]))]), c.may(x[c.input(torch.tensor([-5]))]), x[c.input(torch.tensor([-4]))],
            c.may(x.gather(1, c.input(torch.tensor([[0], [1], [2], [3]], dtype=torch.int32)))),
            c.may(x.index_select(0, c.input(torch.tensor([[0, 1]])))), x.index_select(0, c.input(torch.zeros(0, dtype=torch.int64))),
            c.may(x.masked_fill(c.input(torch.tensor([True, False])), 0.0)), c.may(x.select(2, 0)),
            x[c.input(torch.zeros(4, 5, dtype=torch.bool))], x.masked_select(c.input(torch.tensor(True))))

    c = case("reduce/degenerate sizes")
    one = c.input(torch.tensor([3.5]))
    two = c.input(torch.tensor([[1.0, 2.0]]))
    empty = c.input(torch.zeros(0, 3))
    c.check(one.std(), one.var(), one.std(unbiased=False), two.std(1, correction=2), two.var(0), two.var(1, correction=3),
            empty.sum(), empty.sum(0), empty.mean(), empty.mean(0), empty.prod(0), c.may(empty.max()), c.may(empty.argmax()),
            empty.amax(1), c.may(empty.amax(0)), empty.norm(), empty.std(), empty.all(), empty.any(), empty.count_nonzero(),
            c.may(empty.max(0)), c.may(empty.min(1)), two.norm("nuc"), c.input(randn_values([3, 4], 134)).norm(p="nuc"),
            c.may(two.norm(-1)), c.may(two.norm(0.5, 1)), two.logsumexp(0), c.input(torch.tensor([-INF, -INF])).logsumexp(0),
            c.input(torch.tensor([INF, 1.0])).logsumexp(0), c.input(torch.tensor([100.0, 100.0])).logsumexp(0))

    c = case("grad/errors: in-place on leaves, second backward, non-scalar")
    w = leaf(c, randn_values([3], 135))
    c.check(c.may(w.add_(1.0)), c.may(w.mul(2.0).backward()))
    out = w.exp().sum()
    out.backward()
    c.check(c.may(out.backward()), w.attr("grad"), c.may(c.torch("ones", 3).backward()))
    v = w.mul(w)
    v.sum().backward()
    c.check(w.attr("grad"))

    c = case("grad/more composites")
    x = leaf(c, randn_values([3, 4], 136))
    y = leaf(c, randn_values([3, 4], 137).abs().add(0.1))
    z = leaf(c, randn_values([4], 138))
    m = leaf(c, randn_values([2, 4, 5], 139))
    n = leaf(c, randn_values([2, 5, 3], 140))
    base = leaf(c, torch.tensor([0.0, 1.0, 2.0, -1.5]))
    expo = leaf(c, torch.tensor([2.0, 0.5, 3.0, 2.0]))
    parts = [y.pow(x).sum(), x.div(y).mul(z).sum(), x.matmul(z).sum(), z.matmul(x.t()).pow(2.0).sum(), m.bmm(n).tanh().sum(),
             m.matmul(n).mean(), x.clamp(y.neg(), y).sum(), x.norm(INF, 1).sum(), x.norm(1).add(x.std(0, correction=0).sum()),
             x.var(1, keepdim=True).sum(), x.sum(1, keepdim=True).mul(x).sum(), x.mean(0).dot(z), x.abs().sqrt().sum(),
             base.pow(expo).sum(), y.log().mul(x.sigmoid()).sum(), x.exp().div(x.exp().sum(1, keepdim=True)).log().sum(),
             x.expand(2, 3, 4).mul(m.narrow(2, 0, 4).narrow(1, 0, 3)).sum(), x.t().reshape(12).narrow(0, 2, 5).prod(),
             c.torch("maximum", x, y).sum(), x.minimum(z).sum(), x.max(0).part(0).sum(), x.amin(1).sum(), x.flip(0).roll(1, 1).mul(y).sum()]
    total = parts[0]
    for p in parts[1:]:
        total = total.add(p)
    total.backward()
    c.check(total, x.attr("grad"), y.attr("grad"), z.attr("grad"), m.attr("grad"), n.attr("grad"), base.attr("grad"), expo.attr("grad"))

    c = case("functions/torch.* forms of the methods")
    x = c.input(randn_values([3, 4], 143, 2.0))
    y = c.input(randn_values([3, 4], 144, 2.0))
    xi = c.input(torch.tensor([7, -7, 5, -5]))
    f = c.torch
    c.check(f("add", x, y, alpha=2.0), f("sub", x, 1.5), f("mul", x, y), f("div", x, y, rounding_mode="floor"),
            f("remainder", xi, I(-3)), f("fmod", xi, I(-3)), f("floor_divide", xi, I(2)), f("true_divide", xi, I(2)),
            f("maximum", x, y), f("max", x, y), f("min", x, y), f("max", x), f("max", x, 1), f("min", x, dim=0, keepdim=True),
            f("sum", x, 1), f("sum", x, dim=[0, 1], keepdim=True), f("mean", x, 0), f("prod", x, 1), f("std", x, 0),
            f("var", x, 1, unbiased=False), f("norm", x), f("norm", x, 1), f("norm", x, p=2, dim=1),
            f("argmax", x, 1), f("argmin", x), f("amax", x, 0), f("logsumexp", x, 1), f("cumsum", x, 1),
            f("clamp", x, min=-1.0), f("clamp", x, -0.5, 0.5), f("abs", x), f("sqrt", x), f("exp", x), f("log", x),
            f("sigmoid", x), f("tanh", x), f("relu", x), f("matmul", x, y.t()), f("mm", x, y.t()), f("where", x.gt(y), x, y),
            f("transpose", x, 0, 1), f("t", x), f("reshape", x, (2, 6)), f("flatten", x), f("squeeze", x.unsqueeze(0)),
            f("unsqueeze", x, 1), f("permute", x, (1, 0)), f("narrow", x, 1, 1, 2), f("select", x, 0, -1),
            f("index_select", x, 1, c.input(torch.tensor([3, 0]))), f("gather", x, 1, c.input(torch.tensor([[0], [3], [1]]))),
            f("masked_fill", x, x.lt(0.0), 0.0), f("masked_select", x, x.gt(0.0)), f("eq", x, y), f("lt", x, 0.0),
            f("isnan", x.log()), f("numel", x), f("clone", x), f("detach", x), f("chunk", x, 2, 1), f("split", x, [1, 2], 0))

    c = case("keywords/keyword arguments become the options object")
    x = c.input(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    c.check(c.torch("zeros", size=(2, 3)), c.torch("ones", size=[4]), c.torch("zeros", 2, dtype=torch.int32),
            x.sum(axis=1), x.sum(dim=1), x.mean(dim=0, keepdim=True), x.std(dim=0, unbiased=True),
            x.scatter(0, c.input(torch.tensor([[0, 1], [0, 0]])), c.input(torch.tensor([[5.0, 6.0], [7.0, 8.0]])), reduce="add"),
            x.scatter(0, c.input(torch.tensor([[0, 1], [0, 0]])), 2.0, reduce="multiply"),
            x.clone().index_put_((c.input(torch.tensor([0, 0, 1])),), c.input(torch.tensor(1.0)), accumulate=True),
            x.clone().index_put_((c.input(torch.tensor([0, 0])), c.input(torch.tensor([1, 1]))), c.input(torch.tensor([2.0, 3.0])),
                                 accumulate=True))
    c.seed(0)
    c.check(c.torch("zeros", 40).bernoulli(p=0.5), c.torch("zeros", 40).bernoulli(0.25))

    c = case("grad/leaf used twice and grads of views")
    x = leaf(c, randn_values([5], 141))
    a = x.mul(x).add(x).sum()
    b = x.narrow(0, 1, 3).mul(3.0).sum().add(x[c.input(torch.tensor([0, 0, 4]))].sum())
    a.add(b).backward()
    c.check(x.attr("grad"))
    x2 = leaf(c, randn_values([2, 3], 142, 1.0, torch.float64))
    x2.t().matmul(x2).sum().backward()
    c.check(x2.attr("grad"))


# ------------------------------------------------------------------- main ----

def main():
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 scripts/golden_ops.py test/fixtures/ops.json")
    torch.set_num_threads(1)  # reductions split work by thread; one thread makes them machine-independent
    for make in [random_cases, unary_cases, binary_cases, compare_cases, reduction_cases, matmul_cases,
                 view_cases, cat_cases, indexing_cases, conversion_cases, readout_cases, grad_cases, edge_cases]:
        make()
    cases = [run_case(json.loads(json.dumps(c.to_json(), allow_nan=False))) for c in CASES]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    out = {
        "generator": "scripts/golden_ops.py",
        "torch_version": torch.__version__,
        "num_threads": torch.get_num_threads(),
        "cases": cases,
    }
    with open(sys.argv[1], "w") as fh:
        json.dump(out, fh, allow_nan=False, separators=(",", ":"))
        fh.write("\n")
    checks = sum(len(c["checks"]) for c in cases)
    print(f"wrote {len(cases)} cases, {checks} checks to {sys.argv[1]}")


if __name__ == "__main__":
    main()

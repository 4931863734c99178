/**
 * The invalid-input table, part 1: the torch namespace's functions (creation,
 * torch.* ops, global state, autograd). A row names one public function and
 * a kind of bad input; its cases are calls that must each throw a typed error
 * (torch.TorchError, TypeError or RangeError) with a message. Rows whose calls
 * do not (yet) are listed in test/invalid_input.test.ts with the reason.
 */
import * as torch from "../../lib";

export type Case = [label: string, call: () => unknown];
export type Row = { name: string; cases: Case[] };

type Fn = (...args: never[]) => unknown;
type Args = () => unknown[];

// Fresh inputs for every call, so that one call cannot change another's.
export const t23 = () => torch.ones(2, 3);
export const t3 = () => torch.ones(3);
export const i3 = () => torch.tensor([0n, 1n, 2n]);
export const b3 = () => torch.tensor([true, false, true]);
/**
 * A tensor on the meta device, the "wrong device" for a CPU tensor without a GPU. libtorch 1.13
 * refuses it where ops compare devices (element-wise ops, where); mm, cat and linear let meta
 * win, in Python too, so only the former have wrong-device rows here.
 */
export const meta = (...shape: number[]) => torch.ones(shape, { device: "meta" });
export function disposed(): torch.Tensor {
  const t = torch.ones(2, 3);
  t.dispose();
  return t;
}

/** One row per entry of `cases`: fn called with those arguments. */
export function rows(api: string, fn: Fn, cases: Record<string, Args | Args[]>): Row[] {
  return Object.entries(cases).map(([kind, args]) => ({
    name: `${api}: ${kind}`,
    cases: (Array.isArray(args) ? args : [args]).map((a, i) => [`#${i}`, () => (fn as (...x: unknown[]) => unknown)(...a())] as Case),
  }));
}

/** Rows for a constructor: `new C(...args)`. */
export function ctorRows(api: string, C: new (...args: never[]) => unknown, cases: Record<string, Args | Args[]>): Row[] {
  return rows(api, ((...a: unknown[]) => new (C as new (...x: unknown[]) => unknown)(...a)) as Fn, cases);
}

/** Input that is not a Tensor, in every form: each must be refused. */
const notTensors: Args[] = [() => ["x"], () => [null], () => [undefined], () => [{}], () => [42]];

// ---- creation ----------------------------------------------------------------------------

function creationRows(): Row[] {
  const out: Row[] = [];
  for (const name of ["zeros", "ones", "empty", "rand", "randn"] as const) {
    const fn = torch[name] as Fn;
    out.push(...rows(`torch.${name}`, fn, {
      "size of the wrong type": [() => ["a"], () => [[2, "3"]], () => [[{}]], () => [true]],
      "NaN/Infinity size": [() => [NaN], () => [Infinity], () => [[2, -Infinity]]],
      "fractional size": () => [1.5],
      "negative size": [() => [-1], () => [[2, -3]]],
      "unknown dtype": [() => [2, { dtype: "banana" }], () => [2, { dtype: {} }], () => [2, { dtype: 42 }]],
      "unknown device": () => [2, { device: "gpu" }],
      "requires_grad on an integer dtype": () => [2, { dtype: torch.int64, requires_grad: true }],
    }));
  }
  out.push(...rows("torch.rand", torch.rand as Fn, { "integer dtype": () => [2, { dtype: torch.int64 }] }));
  out.push(...rows("torch.randn", torch.randn as Fn, { "integer dtype": () => [2, { dtype: torch.int64 }] }));
  out.push(...rows("torch.full", torch.full as Fn, {
    "size of the wrong type": [() => ["a", 1], () => [[NaN], 1]],
    "negative size": () => [[-1], 1],
    "fill value of the wrong type": [() => [[2], "x"], () => [[2], {}]],
  }));
  out.push(...rows("torch.arange", torch.arange as Fn, {
    "wrong types": [() => ["a"], () => [0, "b"]],
    "NaN/Infinity end": [() => [NaN], () => [Infinity]],
    "zero step": () => [0, 10, 0],
    "step of the wrong sign": [() => [10, 0, 1], () => [-5]],
  }));
  out.push(...rows("torch.linspace", torch.linspace as Fn, {
    "negative steps": () => [0, 1, -1],
    "wrong types": [() => ["a", 1, 3], () => [0, 1, "3"]],
    "NaN/Infinity/fractional steps": [() => [0, 1, NaN], () => [0, 1, Infinity], () => [0, 1, 1.5]],
  }));
  out.push(...rows("torch.randint", torch.randint as Fn, {
    "negative size": () => [10, [-1]],
    "low not below high": () => [5, 2, [3]],
    "wrong types": [() => ["a", [2]], () => [10, "x"]],
    "NaN bound": () => [NaN, [2]],
  }));
  out.push(...rows("torch.randperm", torch.randperm as Fn, {
    "negative n": () => [-1],
    "wrong type": () => ["a"],
    "NaN/Infinity/fractional n": [() => [NaN], () => [Infinity], () => [1.5]],
  }));
  for (const name of ["zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"] as const) {
    out.push(...rows(`torch.${name}`, torch[name] as Fn, {
      "input not a Tensor": notTensors,
      "disposed input": () => [disposed()],
      "unknown dtype": [() => [t3(), { dtype: "banana" }], () => [t3(), { dtype: {} }]],
    }));
  }
  out.push(...rows("torch.rand_like", torch.rand_like as Fn, { "integer input": () => [i3()] }));
  out.push(...rows("torch.randn_like", torch.randn_like as Fn, { "integer input": () => [i3()] }));
  out.push(...rows("torch.full_like", torch.full_like as Fn, {
    "input not a Tensor": notTensors.map((a) => () => [...a(), 1]),
    "disposed input": () => [disposed(), 1],
    "fill value of the wrong type": () => [t3(), "x"],
  }));
  out.push(...rows("torch.randint_like", torch.randint_like as Fn, {
    "input not a Tensor": () => ["x", 5],
    "low not below high": () => [t3(), 5, 2],
    "NaN bound": () => [t3(), NaN],
  }));
  out.push(...rows("torch.eye", torch.eye as Fn, {
    "negative size": [() => [-1], () => [2, -1]],
    "wrong type": () => ["a"],
    "NaN/fractional size": [() => [NaN], () => [1.5]],
  }));
  out.push(...rows("torch.frombuffer", torch.frombuffer as Fn, {
    "not a buffer": () => ["a", { dtype: torch.float32 }],
    "no options": () => [new ArrayBuffer(8)],
    "unknown dtype": [() => [new ArrayBuffer(8), { dtype: "banana" }], () => [new ArrayBuffer(8), { dtype: {} }]],
    "length not a multiple of the element size": () => [new ArrayBuffer(3), { dtype: torch.float32 }],
    "negative count or offset": [() => [new ArrayBuffer(8), { dtype: torch.float32, count: -5 }], () => [new ArrayBuffer(8), { dtype: torch.float32, offset: -1 }]],
    "offset past the end": () => [new ArrayBuffer(8), { dtype: torch.float32, offset: 100 }],
  }));
  out.push(...rows("torch.tensor", torch.tensor as Fn, {
    "data of the wrong type": [() => ["abc"], () => [{}], () => [undefined], () => [null], () => [Symbol("s")], () => [() => 1]],
    "ragged nested arrays": () => [[[1, 2], [3]]],
    "mixed element types": [() => [[1, "a"]], () => [[1, null]]],
    "unsupported view": () => [new DataView(new ArrayBuffer(4))],
    "unknown dtype": [() => [[1], { dtype: "banana" }], () => [[1], { dtype: {} }]],
    "disposed tensor": () => [disposed()],
  }));
  out.push(...rows("torch.as_tensor", torch.as_tensor as Fn, {
    "data of the wrong type": [() => ["abc"], () => [{}]],
    "disposed tensor": () => [disposed(), { dtype: torch.float64 }],
  }));
  return out;
}

// ---- torch.* ops ----------------------------------------------------------------------------

const BINARY = [
  "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "remainder", "fmod", "floor_divide",
  "xlogy", "eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum", "fmax", "fmin", "atan2", "logical_and", "logical_or",
  "logical_xor", "hypot", "copysign",
] as const;
const BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor"] as const;
const UNARY = [
  "abs", "neg", "negative", "sqrt", "rsqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
  "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "floor", "ceil", "round", "trunc", "frac", "sign", "sgn",
  "reciprocal", "square", "erf", "erfc", "erfinv", "deg2rad", "rad2deg", "digamma", "lgamma", "i0", "sinc", "isnan", "isinf",
  "isfinite", "signbit", "logical_not", "bitwise_not", "clone", "detach", "nonzero", "numel",
] as const;
const WITH_DIM = [
  "sum", "nansum", "mean", "prod", "logsumexp", "amax", "amin", "argmax", "argmin", "all", "any", "count_nonzero", "std",
  "std_mean", "var_mean", "var", "cumsum", "cumprod", "median", "max", "min", "sort", "argsort",
] as const;

function opRows(): Row[] {
  const out: Row[] = [];
  const op = (name: string) => torch[name as keyof typeof torch] as unknown as Fn;
  const every = [...BINARY, ...BITWISE, ...UNARY, ...WITH_DIM, "clamp", "clip", "clamp_min", "clamp_max", "lerp", "addcmul", "addcdiv",
    "diag", "repeat_interleave", "norm", "topk", "matmul", "mm", "bmm", "mv", "dot", "outer", "inner", "kron", "addmm", "reshape",
    "flatten", "unflatten", "squeeze", "unsqueeze", "permute", "transpose", "swapaxes", "swapdims", "movedim", "t", "narrow", "flip",
    "roll", "chunk", "split", "unbind", "tril", "triu", "select", "index_select", "gather", "take", "scatter", "scatter_add",
    "masked_fill", "masked_select", "bernoulli", "multinomial"];
  for (const name of every) {
    out.push(...rows(`torch.${name}`, op(name), { "input not a Tensor": notTensors, "disposed input": () => [disposed()] }));
  }
  for (const name of [...BINARY, ...BITWISE]) {
    out.push(...rows(`torch.${name}`, op(name), {
      "shapes that do not broadcast": () => [t3(), torch.ones(4)],
      "other of the wrong type": [() => [t3(), "x"], () => [t3(), {}]],
      "disposed other": () => [t3(), disposed()],
      "other on another device": () => [t3(), meta(3)],
    }));
  }
  for (const name of BITWISE) out.push(...rows(`torch.${name}`, op(name), { "float tensors": () => [t3(), t3()] }));
  out.push(...rows("torch.bitwise_not", torch.bitwise_not as Fn, { "float tensor": () => [t3()] }));
  out.push(...rows("torch.neg", torch.neg as Fn, { "bool tensor": () => [b3()] }));
  out.push(...rows("torch.negative", torch.negative as Fn, { "bool tensor": () => [b3()] }));
  for (const name of WITH_DIM) {
    out.push(...rows(`torch.${name}`, op(name), {
      "dim out of range": () => [t23(), 5],
      "dim NaN/fractional/string": [() => [t23(), NaN], () => [t23(), 1.5], () => [t23(), "x"]],
    }));
  }
  out.push(...rows("torch.mean", torch.mean as Fn, { "integer tensor": () => [i3()] }));
  out.push(...rows("torch.std", torch.std as Fn, { "integer tensor": () => [i3()] }));
  out.push(...rows("torch.var", torch.var as Fn, { "integer tensor": () => [i3()] }));
  out.push(...rows("torch.norm", torch.norm as Fn, { "integer tensor": () => [i3()], "unknown p": () => [t3(), "x"] }));
  out.push(...rows("torch.cumsum", torch.cumsum as Fn, { "no dim": () => [t23()] }));
  out.push(...rows("torch.logsumexp", torch.logsumexp as Fn, { "no dim": () => [t23()] }));
  out.push(...rows("torch.topk", torch.topk as Fn, {
    "k larger than the size": () => [t3(), 10],
    "negative k": () => [t3(), -1],
    "k NaN/string": [() => [t3(), NaN], () => [t3(), "x"]],
  }));
  for (const name of ["clamp", "clip"] as const) {
    out.push(...rows(`torch.${name}`, torch[name] as Fn, { "neither min nor max": () => [t3()], "bound of the wrong type": () => [t3(), "x"] }));
  }
  out.push(...rows("torch.clamp_min", torch.clamp_min as Fn, { "bound of the wrong type": () => [t3(), "x"] }));
  out.push(...rows("torch.clamp_max", torch.clamp_max as Fn, { "bound of the wrong type": () => [t3(), "x"] }));
  out.push(...rows("torch.lerp", torch.lerp as Fn, { "weight of the wrong type": () => [t3(), t3(), "x"], "shapes that do not broadcast": () => [t3(), torch.ones(4), 0.5] }));
  out.push(...rows("torch.addcmul", torch.addcmul as Fn, { "shapes that do not broadcast": () => [t3(), t3(), torch.ones(4)] }));
  out.push(...rows("torch.addcdiv", torch.addcdiv as Fn, { "shapes that do not broadcast": () => [t3(), t3(), torch.ones(4)], "integer tensors": () => [i3(), i3(), i3()] }));
  out.push(...rows("torch.diag", torch.diag as Fn, { "3-d input": () => [torch.ones(2, 2, 2)] }));
  out.push(...rows("torch.repeat_interleave", torch.repeat_interleave as Fn, { "negative repeats": () => [t3(), -1] }));
  const mat = {
    "shapes that do not multiply": () => [torch.ones(2, 3), torch.ones(2, 3)],
    "float32 with float64": () => [torch.ones(2, 2), torch.ones(2, 2, { dtype: torch.float64 })],
    "other of the wrong type": () => [torch.ones(2, 2), "x"],
  };
  out.push(...rows("torch.matmul", torch.matmul as Fn, mat));
  out.push(...rows("torch.mm", torch.mm as Fn, { ...mat, "1-d inputs": () => [t3(), t3()] }));
  out.push(...rows("torch.bmm", torch.bmm as Fn, { "2-d inputs": () => [torch.ones(2, 2), torch.ones(2, 2)], "batch sizes differ": () => [torch.ones(2, 2, 2), torch.ones(3, 2, 2)] }));
  out.push(...rows("torch.mv", torch.mv as Fn, { "2-d vector": () => [torch.ones(2, 2), torch.ones(2, 2)], "sizes differ": () => [torch.ones(2, 3), torch.ones(2)] }));
  out.push(...rows("torch.dot", torch.dot as Fn, { "2-d inputs": () => [torch.ones(2, 2), torch.ones(2, 2)], "sizes differ": () => [t3(), torch.ones(4)], "float32 with float64": () => [t3(), torch.ones(3, { dtype: torch.float64 })] }));
  out.push(...rows("torch.outer", torch.outer as Fn, { "other of the wrong type": () => [t3(), "x"] }));
  out.push(...rows("torch.inner", torch.inner as Fn, { "sizes differ": () => [t3(), torch.ones(4)] }));
  out.push(...rows("torch.kron", torch.kron as Fn, { "other of the wrong type": () => [t3(), "x"] }));
  out.push(...rows("torch.addmm", torch.addmm as Fn, { "shapes that do not multiply": () => [torch.ones(2, 2), torch.ones(2, 3), torch.ones(2, 3)] }));
  return [...out, ...viewRows(), ...indexRows()];
}

function viewRows(): Row[] {
  return [
    ...rows("torch.reshape", torch.reshape as Fn, {
      "wrong number of elements": () => [t23(), [5]],
      "two inferred dims": () => [t23(), [-1, -1]],
      "shape NaN/string": [() => [t23(), [NaN]], () => [t23(), "x"]],
    }),
    ...rows("torch.flatten", torch.flatten as Fn, { "dim out of range": () => [t23(), 5] }),
    ...rows("torch.unflatten", torch.unflatten as Fn, { "sizes that do not multiply to the dim": () => [t23(), 1, [4, 4]] }),
    ...rows("torch.squeeze", torch.squeeze as Fn, { "dim out of range": () => [t23(), 5] }),
    ...rows("torch.unsqueeze", torch.unsqueeze as Fn, { "dim out of range": () => [t23(), 5], "no dim": () => [t23()] }),
    ...rows("torch.permute", torch.permute as Fn, { "wrong number of dims": () => [t23(), [0]], "repeated dim": () => [t23(), [0, 0]] }),
    ...rows("torch.transpose", torch.transpose as Fn, { "dim out of range": () => [t23(), 0, 5] }),
    ...rows("torch.swapaxes", torch.swapaxes as Fn, { "dim out of range": () => [t23(), 0, 5] }),
    ...rows("torch.swapdims", torch.swapdims as Fn, { "dim out of range": () => [t23(), 0, 5] }),
    ...rows("torch.movedim", torch.movedim as Fn, { "dim out of range": () => [t23(), 0, 5] }),
    ...rows("torch.t", torch.t as Fn, { "3-d input": () => [torch.ones(2, 2, 2)] }),
    ...rows("torch.narrow", torch.narrow as Fn, { "past the end": () => [t23(), 0, 0, 5], "negative length": () => [t23(), 0, 0, -1] }),
    ...rows("torch.flip", torch.flip as Fn, { "dim out of range": () => [t23(), [5]] }),
    ...rows("torch.roll", torch.roll as Fn, { "dim out of range": () => [t23(), 1, 5] }),
    ...rows("torch.chunk", torch.chunk as Fn, { "zero or negative chunks": [() => [t23(), 0], () => [t23(), -1]] }),
    ...rows("torch.split", torch.split as Fn, { "negative split size": () => [t23(), -1] }),
    ...rows("torch.unbind", torch.unbind as Fn, { "dim out of range": () => [t23(), 5] }),
    ...rows("torch.tril", torch.tril as Fn, { "1-d input": () => [t3()] }),
    ...rows("torch.triu", torch.triu as Fn, { "1-d input": () => [t3()] }),
    ...rows("torch.cat", torch.cat as Fn, {
      "not a list of Tensors": [() => ["x"], () => [[t3(), "x"]], () => [null]],
      "empty list": () => [[]],
      "shapes that differ": () => [[torch.ones(2, 3), torch.ones(3, 4)], 1],
      "dim out of range": () => [[t3(), t3()], 5],
      "a disposed tensor": () => [[t3(), disposed()]],
    }),
    ...rows("torch.concat", torch.concat as Fn, { "empty list": () => [[]], "shapes that differ": () => [[torch.ones(2, 3), torch.ones(3, 4)], 1] }),
    ...rows("torch.stack", torch.stack as Fn, {
      "not a list of Tensors": [() => ["x"], () => [[t3(), 1]]],
      "sizes that differ": () => [[t3(), torch.ones(4)]],
      "dim out of range": () => [[t3(), t3()], 5],
    }),
    ...rows("torch.hstack", torch.hstack as Fn, { "not a list of Tensors": () => ["x"], "empty list": () => [[]] }),
    ...rows("torch.vstack", torch.vstack as Fn, { "not a list of Tensors": () => ["x"], "sizes that differ": () => [[t3(), torch.ones(4)]] }),
    ...rows("torch.broadcast_tensors", torch.broadcast_tensors as Fn, { "shapes that do not broadcast": () => [t3(), torch.ones(4)], "not a Tensor": () => [t3(), "x"] }),
  ];
}

function indexRows(): Row[] {
  return [
    ...rows("torch.select", torch.select as Fn, { "index out of range": () => [t23(), 0, 5], "dim out of range": () => [t23(), 5, 0] }),
    ...rows("torch.index_select", torch.index_select as Fn, {
      "float index": () => [t23(), 0, t3()],
      "index out of range": () => [t23(), 0, torch.tensor([5n])],
      "index of the wrong type": () => [t23(), 0, [0]],
    }),
    ...rows("torch.gather", torch.gather as Fn, { "float index": () => [t23(), 1, torch.ones(2, 1)], "index out of range": () => [t23(), 1, torch.tensor([[5n], [0n]])] }),
    ...rows("torch.take", torch.take as Fn, { "index out of range": () => [t23(), torch.tensor([100n])] }),
    ...rows("torch.scatter", torch.scatter as Fn, { "float index": () => [t23(), 0, torch.ones(1, 3), t23()], "index out of range": () => [t23(), 0, torch.tensor([[9n, 0n, 0n]]), t23()] }),
    ...rows("torch.scatter_add", torch.scatter_add as Fn, { "float index": () => [t23(), 0, torch.ones(1, 3), t23()] }),
    ...rows("torch.masked_fill", torch.masked_fill as Fn, { "mask that does not broadcast": () => [t3(), torch.ones(4).bool(), 0] }),
    ...rows("torch.masked_select", torch.masked_select as Fn, { "float mask": () => [t3(), t3()] }),
    ...rows("torch.bernoulli", torch.bernoulli as Fn, { "probabilities outside [0, 1]": () => [torch.full([3], 2)], "NaN probability": () => [torch.tensor([NaN])] }),
    ...rows("torch.multinomial", torch.multinomial as Fn, {
      "negative probability": () => [torch.tensor([-1, 2]), 1],
      "NaN/Infinity probability": [() => [torch.tensor([NaN, 1]), 1], () => [torch.tensor([Infinity, 1]), 1]],
      "more samples than categories without replacement": () => [t3(), 5],
      "zero or negative samples": () => [t3(), -1],
    }),
    ...rows("torch.pow", torch.pow as Fn, {
      "base of the wrong type": [() => ["x", 2], () => [null, 2]],
      "exponent of the wrong type": [() => [t3(), "x"], () => [2, "x"]],
      "integer to a negative integer power": () => [i3(), -1],
      "disposed input": () => [disposed(), 2],
    }),
    ...rows("torch.equal", torch.equal as Fn, {
      "not Tensors": [() => ["x", t3()], () => [t3(), "x"], () => [t3(), 1], () => [t3(), null]],
      "other on another device": () => [t3(), meta(3)],
      "disposed input": [() => [disposed(), t23()], () => [t23(), disposed()]],
    }),
    ...["isclose", "allclose"].flatMap((name) => rows(`torch.${name}`, torch[name as "isclose"] as Fn, {
      "not Tensors": [() => ["x", t3()], () => [t3(), 1], () => [t3(), null]],
      "dtypes that differ": () => [t3(), i3()],
      "shapes that do not broadcast": () => [t3(), torch.ones(4)],
      "negative rtol or atol": [() => [t3(), t3(), -1], () => [t3(), t3(), { atol: -1 }]],
      "tolerances of the wrong type": [() => [t3(), t3(), "x"], () => [t3(), t3(), { rtol: "x" }], () => [t3(), t3(), { equal_nan: 1 }]],
      "other on another device": () => [t3(), meta(3)],
      "disposed input": () => [disposed(), t23()],
    })),
    ...rows("torch.where", torch.where as Fn, {
      "float condition": () => [t3(), t3(), t3()],
      "shapes that do not broadcast": () => [b3(), t3(), torch.ones(4)],
      "arguments of the wrong type": [() => ["x", t3(), t3()], () => [b3(), "x", t3()]],
      "input on another device": () => [b3(), meta(3), t3()],
      "disposed input": () => [b3(), disposed(), t3()],
    }),
  ];
}

// ---- global state, autograd, memory ------------------------------------------------------

function stateRows(): Row[] {
  return [
    ...rows("torch.manual_seed", torch.manual_seed as Fn, { "wrong type": [() => ["x"], () => [{}], () => [null]], "NaN/Infinity/fractional seed": [() => [NaN], () => [Infinity], () => [1.5]] }),
    ...rows("torch.set_rng_state", torch.set_rng_state as Fn, { "not a Tensor": () => ["x"], "wrong size/dtype": () => [t3()], "disposed": () => [disposed()] }),
    ...ctorRows("torch.Generator", torch.Generator, { "unknown device": () => ["gpu"], "wrong type": () => [Symbol("s")] }),
    ...rows("Generator.manual_seed", (s: unknown) => new torch.Generator().manual_seed(s as number), { "wrong type": () => ["x"], "NaN seed": () => [NaN] }),
    ...rows("Generator.set_state", (s: unknown) => new torch.Generator().set_state(s as torch.Tensor), { "not a Tensor": () => ["x"], "wrong size/dtype": () => [t3()] }),
    ...ctorRows("torch.device", torch.device, {
      "unknown type": [() => ["gpu"], () => ["cpu:0:1"]],
      "negative index": () => ["cuda", -1],
      "wrong type": [() => [123], () => [null]],
    }),
    ...rows("torch.set_default_dtype", torch.set_default_dtype as Fn, { "integer dtype": () => [torch.int64], "not a dtype": () => ["float64"] }),
    ...rows("torch.no_grad", torch.no_grad as Fn, { "not a function": () => ["x"] }),
    ...rows("torch.enable_grad", torch.enable_grad as Fn, { "not a function": () => [null] }),
    ...rows("torch.tidy", torch.tidy as Fn, { "not a function": () => ["x"], "async function": () => [async () => t3()] }),
    ...rows("torch.keep", torch.keep as Fn, { "not a Tensor": () => ["x"] }),
    ...rows("torch.tidyEach", torch.tidyEach as Fn, { "not iterable": [() => [42], () => [null], () => [{}], () => [undefined]] }),
    ...rows("torch.autograd.grad", torch.autograd.grad as Fn, {
      "outputs that need no grad": () => [t3().sum(), t3()],
      "not Tensors": () => ["x", t3()],
      "non-scalar output without grad_outputs": () => [torch.ones([2], { requires_grad: true }).mul(2), torch.ones([2], { requires_grad: true })],
    }),
    ...rows("torch.autograd.backward", torch.autograd.backward as Fn, {
      "not a Tensor": () => ["x"],
      "tensor that needs no grad": () => [t3().sum()],
      "gradient of the wrong shape": () => [torch.ones([3], { requires_grad: true }).mul(2), torch.ones(4)],
    }),
    ...rows("torch.cuda.manual_seed", torch.cuda.manual_seed as Fn, { "wrong type": () => ["x"] }),
    ...ctorRows("torch.Tensor", torch.Tensor as unknown as new () => unknown, { "not a Tensor": [() => [], () => ["x"]], "disposed tensor": () => [disposed()] }),
    // Last: these change global state when they do not throw.
    ...rows("torch.set_num_threads", torch.set_num_threads as Fn, { "zero or negative": [() => [0], () => [-1]], "NaN/fractional/string": [() => [NaN], () => [1.5], () => ["x"]] }),
    ...rows("torch.set_grad_enabled", torch.set_grad_enabled as Fn, { "mode not a boolean": () => ["x"] }),
  ];
}

// torch.finfo / torch.iinfo take a dtype of their kind.
function limitsRows(): Row[] {
  return [
    { name: "torch.finfo: not a floating dtype", cases: [["int32", () => new torch.finfo(torch.int32)], ["a string", () => new torch.finfo("float32" as never)]] },
    { name: "torch.iinfo: not an integer dtype", cases: [["bool", () => new torch.iinfo(torch.bool)], ["float32", () => new torch.iinfo(torch.float32)]] },
  ];
}

export function torchRows(): Row[] {
  return [...creationRows(), ...opRows(), ...limitsRows()];
}
export { stateRows };

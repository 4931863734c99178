/**
 * torch/functional.py's functions (lib/functional.ts) in their JS forms:
 * varargs and arrays, positional and keyword arguments, results and error
 * messages as PyTorch gives them (the expected values and messages were
 * printed by PyTorch 1.13 and 2.15 running the same calls).
 */
import test from "ava";
import * as torch from "../lib";
import { torchAtLeast } from "../lib/version";

const f32 = (n: number, shape: number[]) => torch.arange(n, { dtype: torch.float32 }).reshape(shape);
const long = (values: number[]) => torch.tensor(values, { dtype: torch.int64 });
const lists = (ts: torch.Tensor[]) => ts.map((t) => t.tolist());

test("einsum: the equation with varargs, with one array, and the sublist format", (t) => {
  const a = f32(6, [2, 3]);
  const b = f32(12, [3, 4]);
  const c = f32(8, [4, 2]);
  const ab = [[20, 23, 26, 29], [56, 68, 80, 92]];
  t.deepEqual(torch.einsum("ij,jk->ik", a, b).tolist(), ab);
  t.deepEqual(torch.einsum("ij,jk", [a, b]).tolist(), ab);
  t.deepEqual(torch.einsum(a, ["...", 0, 1], b, [1, 2], ["...", 0, 2]).tolist(), ab);
  t.deepEqual(torch.einsum("ij,jk,kl->il", a, b, c).tolist(), [[324, 422], [1008, 1304]]);
  t.is(torch.einsum("ii", f32(9, [3, 3])).item(), 12);
  t.throws(() => torch.einsum("i,j"), {
    instanceOf: torch.ValueError,
    message: "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
  });
  t.throws(() => torch.einsum(a, [0, 60]), {
    instanceOf: torch.ValueError,
    message: "einsum(): subscript in subscript list is not within the valid range [0, 52)",
  });
});

test("meshgrid: varargs or one array, with the indexing keyword", (t) => {
  const x = long([1, 2, 3]);
  const y = long([4, 5]);
  const xy = [[[1, 2, 3], [1, 2, 3]], [[4, 4, 4], [5, 5, 5]]];
  t.deepEqual(lists(torch.meshgrid(x, y, { indexing: "xy" })), xy);
  t.deepEqual(lists(torch.meshgrid([x, y], { indexing: "xy" })), xy);
  t.deepEqual(torch.meshgrid([x, y], { indexing: "ij" }).map((g) => [...g.shape]), [[3, 2], [3, 2]]);
  t.throws(() => torch.meshgrid(x, { indexing: "foo" as "ij" }), {
    instanceOf: torch.RuntimeError,
    message: 'torch.meshgrid: indexing must be one of "xy" or "ij", but received: foo',
  });
  t.throws(() => torch.meshgrid(x, { foo: 1 } as never), {
    instanceOf: torch.TorchTypeError,
    message: "meshgrid() got an unexpected keyword argument 'foo'",
  });
});

test("unique: a tensor, or an array when extra outputs are asked", (t) => {
  const x = long([3, 1, 2, 3, 1, 1]);
  t.deepEqual(torch.unique(x).tolist(), [1, 2, 3]);
  t.deepEqual(lists(torch.unique(x, { return_inverse: true, return_counts: true })), [[1, 2, 3], [2, 0, 1, 2, 0, 0], [3, 1, 2]]);
  t.deepEqual(lists(torch.unique(x, { return_counts: true })), [[1, 2, 3], [3, 1, 2]]);
  t.deepEqual(lists(torch.unique(long([2, 1, 2]), true, true) as torch.Tensor[]), [[1, 2], [1, 0, 1]]);
  const m = long([1, 2, 1, 2, 0, 5]).reshape([3, 2]);
  t.deepEqual(lists(torch.unique(m, { dim: 0, return_inverse: true })), [[[0, 5], [1, 2]], [1, 1, 0]]);
  // PyTorch's dispatch names the function it picked.
  t.throws(() => torch.unique(x, { sorted: true, foo: 1 } as never), {
    instanceOf: torch.TorchTypeError,
    message: "_return_output() got an unexpected keyword argument 'foo'",
  });
  t.throws(() => torch.unique(x, { return_inverse: 1 } as never), {
    instanceOf: torch.TorchTypeError,
    message: "_unique2(): argument 'return_inverse' must be bool, not int",
  });
});

test("unique_consecutive: keywords, and PyTorch's crosswise positional flags", (t) => {
  const x = long([3, 1, 2, 3, 1, 1]);
  t.deepEqual(lists(torch.unique_consecutive(x, { return_counts: true })), [[3, 1, 2, 3, 1], [1, 1, 1, 1, 2]]);
  // PyTorch reads return_inverse's truth at position 2 and return_counts's at 1: either flag alone gives the empty one.
  t.deepEqual(lists(torch.unique_consecutive(long([1, 1, 2]), true, false) as torch.Tensor[]), [[1, 2], []]);
  t.deepEqual(lists(torch.unique_consecutive(long([1, 1, 2]), false, true) as torch.Tensor[]), [[1, 2], []]);
});

test("tensordot: dims as an int, as two lists, or as a tensor", (t) => {
  const a = f32(6, [2, 3]);
  const b = f32(12, [3, 4]);
  const ab = [[20, 23, 26, 29], [56, 68, 80, 92]];
  t.deepEqual(torch.tensordot(a, b, 1).tolist(), ab);
  t.deepEqual(torch.tensordot(a, b, { dims: [[1], [0]] }).tolist(), ab);
  t.deepEqual(torch.tensordot(a, b, long([1, 0]).reshape([2, 1])).tolist(), ab);
  t.throws(() => torch.tensordot(a, b, { dims: -1 }), { instanceOf: torch.RuntimeError, message: "tensordot expects dims >= 0, but got dims=-1" });
  const types = torchAtLeast(2) ? "tuple[list[int], list[int]] or list[list[int]]" : "Tuple[List[int], List[int]] or List[List[int]]";
  t.throws(() => torch.tensordot(a, b, 1.5), {
    instanceOf: torch.RuntimeError,
    message: `tensordot expects dims to be int or ${types} containing two lists, but got dims=1.5`,
  });
  t.throws(() => torch.tensordot(a, b, [[0], [1], [1]] as never), { instanceOf: torch.ValueError, message: "too many values to unpack (expected 2)" });
  t.throws(() => (torch.tensordot as (...args: unknown[]) => unknown)(a, b, 2, null, 5), {
    instanceOf: torch.TorchTypeError,
    message: "tensordot() takes from 2 to 4 positional arguments but 5 were given",
  });
});

test("cdist: compute_mode by name, positional or keyword", (t) => {
  const a = f32(6, [2, 3]);
  t.deepEqual(torch.cdist(a, a, 1, "donot_use_mm_for_euclid_dist").tolist(), [[0, 9], [9, 0]]);
  t.deepEqual(torch.cdist(a, a, { p: 1, compute_mode: "use_mm_for_euclid_dist" }).tolist(), [[0, 9], [9, 0]]);
  t.throws(() => torch.cdist(a, a, { compute_mode: "foo" as "use_mm_for_euclid_dist" }), {
    instanceOf: torch.ValueError,
    message: "foo is not a valid value for compute_mode",
  });
  t.throws(() => torch.cdist(a, a, 2, { p: 3 }), { instanceOf: torch.TorchTypeError, message: "cdist() got multiple values for argument 'p'" });
  t.throws(() => (torch.cdist as (...args: unknown[]) => unknown)(a), {
    instanceOf: torch.TorchTypeError,
    message: "cdist() missing 1 required positional argument: 'x2'",
  });
});

test("broadcast_shapes: ints and lists, and the message of the running PyTorch", (t) => {
  t.deepEqual([...torch.broadcast_shapes([2], [3, 1], [1, 1, 1])], [1, 3, 2]);
  t.deepEqual([...torch.broadcast_shapes(5, [2, 1])], [2, 5]);
  t.true(torch.broadcast_shapes() instanceof torch.Size);
  t.throws(() => torch.broadcast_shapes([2, 3], [4]), {
    instanceOf: torch.RuntimeError,
    message: torchAtLeast(2)
      ? "Attempting to broadcast a dimension of length 4 at -1! Mismatching argument at index 1 had [4]; but expected shape should be broadcastable to [2, 3]"
      : "Shape mismatch: objects cannot be broadcast to a single shape",
  });
});

test("atleast_Nd, cartesian_prod, block_diag, chain_matmul: varargs and arrays", (t) => {
  const s = torch.tensor(1.5);
  t.deepEqual(torch.atleast_1d(s).shape, torch.Size.from_list([1]));
  t.deepEqual(torch.atleast_2d(s, s).map((x) => [...x.shape]), [[1, 1], [1, 1]]);
  t.deepEqual(torch.atleast_3d([s]).map((x) => [...x.shape]), [[1, 1, 1]]);
  t.deepEqual(torch.atleast_1d(), []);
  t.deepEqual(torch.cartesian_prod(long([1, 2]), long([3, 4])).tolist(), [[1, 3], [1, 4], [2, 3], [2, 4]]);
  t.deepEqual(torch.block_diag(long([1, 2]).reshape([1, 2]), torch.tensor(3, { dtype: torch.int64 })).tolist(), [[1, 2, 0], [0, 0, 3]]);
  const out = torch.empty([0]);
  t.is(torch.chain_matmul(f32(6, [2, 3]), f32(12, [3, 4]), f32(8, [4, 2]), { out }), out);
  t.deepEqual(out.tolist(), [[324, 422], [1008, 1304]]);
  t.throws(() => torch.chain_matmul(), { instanceOf: torch.RuntimeError, message: "chain_matmul(): Expected one or more matrices" });
});

test("lu: [LU, pivots], the infos third with get_infos, and out", (t) => {
  const A = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
  const [LU, pivots] = torch.lu(A);
  t.deepEqual(LU.tolist(), [[3, 4], [0.3333333432674408, 0.6666666269302368]]);
  t.deepEqual(pivots.tolist(), [2, 2]);
  t.is(pivots.dtype, torch.int32);
  t.is(torch.lu(A, true, true).length, 3);
  const [, , infos] = torch.lu(A, { get_infos: true });
  t.is(infos.item(), 0);
  const out: [torch.Tensor, torch.Tensor] = [torch.empty([0]), torch.empty([0], { dtype: torch.int32 })];
  t.is(torch.lu(A, { out }), out);
  t.deepEqual(out[1].tolist(), [2, 2]);
  t.throws(() => torch.lu(A, true, true, [A]), { instanceOf: torch.TorchTypeError, message: "expected tuple of 3 elements but got 1" });
  t.throws(() => torch.lu(A, { foo: 1 } as never), { instanceOf: torch.TorchTypeError, message: "_lu_no_infos() got an unexpected keyword argument 'foo'" });
});

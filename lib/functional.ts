/**
 * The torch.* functions PyTorch writes in Python (torch/functional.py), on
 * the generated bindings they call. Each follows the Python of the libtorch
 * it runs on (1.13 or 2.x, where they differ): the same binding calls, the
 * same results (a tensor, or an array where Python returns a tuple) and
 * PyTorch's error messages.
 *
 * Arguments are Python's: the positional ones in order, then one trailing
 * options object with PyTorch's keyword names
 * (`unique(x, { return_inverse: true, dim: 0 })`).
 */
import * as declarations from "./_generated/declarations";
import { fn } from "./_ops/install";
import type { OverloadDecl } from "./_ops/call";
import { AssertionError, RuntimeError, TorchTypeError, ValueError } from "./errors";
import { floatRepr, pyRepr, pyTypeName } from "./_pyformat";
import { Size } from "./size";
import { tensor } from "./creation";
import { checkTensor, Tensor } from "./tensor";
import { torchAtLeast } from "./version";
import { bindArgs, flag, or, splitOptions, truthy, varargs, type Optional } from "./_pydef";

// ---- the bindings Python's functions call (torch._VF.*, torch._C._VariableFunctions.*) ----

type IntList = readonly number[];

const vfEinsum = fn<(equation: unknown, tensors: unknown[]) => Tensor>("einsum", declarations.torch.einsum);
const vfMeshgrid = fn<(tensors: unknown, options?: { indexing?: unknown }) => Tensor[]>("meshgrid", declarations.torch.meshgrid);
const vfCartesianProd = fn<(tensors: unknown[]) => Tensor>("cartesian_prod", declarations.torch.cartesian_prod);
const vfBlockDiag = fn<(tensors: unknown[]) => Tensor>("block_diag", declarations.torch.block_diag);
const vfCdist = fn<(x1: unknown, x2: unknown, p: unknown, compute_mode: number | null) => Tensor>("cdist", declarations.torch.cdist);
const vfAtleast1d = fn<(tensors: unknown) => Tensor | Tensor[]>("atleast_1d", declarations.torch.atleast_1d);
const vfAtleast2d = fn<(tensors: unknown) => Tensor | Tensor[]>("atleast_2d", declarations.torch.atleast_2d);
const vfAtleast3d = fn<(tensors: unknown) => Tensor | Tensor[]>("atleast_3d", declarations.torch.atleast_3d);
const vfTensordot = fn<(a: unknown, b: unknown, dims_a: unknown, dims_b: unknown, options?: { out?: unknown }) => Tensor>(
  "tensordot",
  declarations.torch.tensordot,
);
const vfUniqueDim = fn<(input: unknown, dim: unknown, options: UniqueFlags) => Tensor[]>("unique_dim", declarations.torch.unique_dim);
const vfUniqueConsecutive = fn<(input: unknown, options: UniqueFlags & { dim: unknown }) => Tensor[]>(
  "unique_consecutive",
  declarations.torch.unique_consecutive,
);
const vfChainMatmul = fn<(matrices: unknown[], options?: { out?: unknown }) => Tensor>("chain_matmul", declarations.torch.chain_matmul);
const vfSplit = fn<(self: unknown, split_size: unknown, dim: unknown) => Tensor[]>("split", declarations.torch.split);
const vfSplitWithSizes = fn<(self: unknown, split_sizes: unknown, dim: unknown) => Tensor[]>("split_with_sizes", declarations.torch.split_with_sizes);

// torch._unique2 and torch._lu_with_info are private (underscored), so the
// generated tables leave them out; their schemas are the same in 1.13 and 2.x.
const UNIQUE2: OverloadDecl[] = [
  { schema: "_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)" },
];
const LU_WITH_INFO: OverloadDecl[] = [
  { schema: "_lu_with_info(Tensor self, bool pivot=True, bool check_errors=True) -> (Tensor LU, Tensor pivots, Tensor info)" },
];
const unique2 = fn<(input: unknown, options: UniqueFlags) => Tensor[]>("_unique2", UNIQUE2);
const luWithInfo = fn<(A: unknown, options: { pivot: unknown; check_errors: boolean }) => Tensor[]>("_lu_with_info", LU_WITH_INFO);

const isInt = (v: unknown): v is number | bigint => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
const asNumber = (v: unknown): unknown => (typeof v === "bigint" ? Number(v) : v);

/** What Python's str() (an f-string) prints for a value. */
function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Size) return v.toString();
  if (Array.isArray(v)) return `[${v.map((e) => (typeof e === "string" ? `'${e}'` : pyStr(e))).join(", ")}]`;
  if (v instanceof Tensor && v.dim() === 0) {
    // Tensor.__format__ prints a 0-d tensor as its item.
    const item = v.item();
    return typeof item === "number" && v.is_floating_point() ? floatRepr(item) : pyRepr(item);
  }
  if (v instanceof Tensor) return String(v);
  return pyRepr(v);
}

/** torch.Size(list): Python checks every size is an int. */
function toSize(sizes: readonly unknown[]): Size {
  sizes.forEach((s, i) => {
    if (!isInt(s)) throw new TorchTypeError(`torch.Size() takes an iterable of 'int' (item ${i} is '${pyTypeName(s)}')`);
  });
  return Size.from_list(sizes.map(Number));
}

// ---- torch/functional.py ---------------------------------------------------------

/** A shape for broadcast_shapes: an int (one dimension) or a list of sizes. */
export type ShapeLike = number | readonly number[];

/**
 * torch.broadcast_shapes(*shapes): the shape the given shapes broadcast to,
 * computed without making tensors (1.13 in functional.py, 2.x in
 * torch._refs._broadcast_shapes, each with its own messages).
 */
export function broadcast_shapes(...shapes: ShapeLike[]): Size {
  const given = shapes.map((s) => (Array.isArray(s) ? s.map(asNumber) : asNumber(s)));
  return torchAtLeast(2) ? broadcastShapes2(given) : broadcastShapes113(given);
}

function broadcastShapes113(shapes: readonly unknown[]): Size {
  let maxLen = 0;
  for (const shape of shapes) {
    if (isInt(shape)) maxLen = Math.max(maxLen, 1);
    else if (Array.isArray(shape)) maxLen = Math.max(maxLen, shape.length);
  }
  const result: unknown[] = new Array(maxLen).fill(1);
  for (let shape of shapes) {
    if (isInt(shape)) shape = [shape];
    if (!Array.isArray(shape)) {
      // RuntimeError(message, shape): Python prints the pair.
      throw new RuntimeError(`('Input shapes should be of type ints, a tuple of ints, or a list of ints, got ', ${pyRepr(shape)})`);
    }
    for (let i = -1; i >= -shape.length; i--) {
      const s = shape[shape.length + i];
      const r = maxLen + i;
      if (s < 0) throw new RuntimeError(`Trying to create tensor with negative dimension (${s}): (${s})`);
      if (s === 1 || s === result[r]) continue;
      if (result[r] !== 1) throw new RuntimeError("Shape mismatch: objects cannot be broadcast to a single shape");
      result[r] = s;
    }
  }
  return toSize(result);
}

function broadcastShapes2(given: readonly unknown[]): Size {
  // None is skipped, an int n is the shape (n,), and a str is a sequence (of one-letter strs).
  const shapes = given
    .filter((s) => s !== null && s !== undefined)
    .map((s) => (isInt(s) ? { list: [s], shown: `(${s},)` } : { list: typeof s === "string" ? Array.from(s) : s, shown: pyStr(s) }));
  if (shapes.length === 0) return Size.from_list([]);
  for (const { list, shown } of shapes) {
    if (!Array.isArray(list)) throw new RuntimeError(`Input shapes should be of type ints, a tuple of ints, or a list of ints, got ${shown}`);
  }
  const n = Math.max(...shapes.map((s) => (s.list as unknown[]).length));
  const common: unknown[] = new Array(n).fill(1);
  shapes.forEach(({ list, shown }, argIdx) => {
    const shape = list as unknown[];
    for (let idx = -1; idx >= -shape.length; idx--) {
      const s = shape[shape.length + idx];
      const c = n + idx;
      if (s === common[c]) continue;
      if (common[c] === 1) {
        if (typeof s !== "number") throw new TorchTypeError(`'<' not supported between instances of '${pyTypeName(s)}' and 'int'`);
        if (s < 0) throw new ValueError("Attempting to broadcast a dimension with negative length!");
        common[c] = s;
      }
      if (s === 1) continue;
      if (common[c] !== s) {
        throw new RuntimeError(
          `Attempting to broadcast a dimension of length ${pyStr(s)} at ${idx}! Mismatching argument at index ${argIdx} had ${shown}; ` +
            `but expected shape should be broadcastable to ${pyStr(common)}`,
        );
      }
    }
  });
  return toSize(common);
}

/** A sublist of einsum's sublist format: subscripts in [0, 52), and "..." for Python's Ellipsis. */
export type Sublist = readonly (number | "...")[];

/**
 * torch.einsum(equation, *operands): the varargs form, the list form
 * einsum("ij,jk", [a, b]), and the sublist format einsum(a, [0, 1], b, [1, 2], [0, 2])
 * (with "..." for Ellipsis), which Python turns into an equation. Python hands
 * the contraction order to the opt_einsum package where it is installed;
 * without it, as here, the operands are contracted left to right.
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor;
export function einsum(equation: string, operands: readonly Tensor[]): Tensor;
export function einsum(...sublistFormat: (Tensor | Sublist)[]): Tensor;
export function einsum(...args: unknown[]): Tensor {
  // Python's einsum(*args) takes no keywords: an options object is one.
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && Object.getPrototypeOf(last) === Object.prototype) {
    const key = Object.keys(last)[0];
    if (key !== undefined) throw new TorchTypeError(`einsum() got an unexpected keyword argument '${key}'`);
  }
  if (args.length < 2) {
    throw new ValueError(
      "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
    );
  }
  let equation: unknown;
  let operands: unknown[];
  if (args[0] instanceof Tensor) {
    const inputs = args.filter((_, i) => i % 2 === 1);
    equation = inputs.map(parseSublist).join(",");
    if (args.length % 2 === 1) {
      // The odd one out at the end is the output's sublist.
      equation += "->" + parseSublist(args[args.length - 1]);
      operands = args.slice(0, -1).filter((_, i) => i % 2 === 0);
    } else {
      operands = args.filter((_, i) => i % 2 === 0);
    }
  } else {
    equation = args[0];
    operands = args.slice(1);
  }
  if (operands.length === 1 && Array.isArray(operands[0])) {
    // The old interface: the operands as one list.
    return einsum(equation as string, ...(operands[0] as Tensor[]));
  }
  return vfEinsum(equation, operands);
}

function parseSublist(sublist: unknown): string {
  if (!Array.isArray(sublist)) throw new TorchTypeError(`'${pyTypeName(sublist)}' object is not iterable`);
  return sublist.map(parseSubscript).join("");
}

function parseSubscript(n: unknown): string {
  if (n === "...") return "...";
  if (typeof n !== "number") throw new TorchTypeError(`'>=' not supported between instances of '${pyTypeName(n)}' and 'int'`);
  if (!Number.isInteger(n)) throw new TorchTypeError(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
  if (n >= 0 && n < 26) return String.fromCharCode(65 + n);
  if (n >= 26 && n < 52) return String.fromCharCode(97 + n - 26);
  throw new ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)");
}

export type MeshgridOptions = { indexing?: "ij" | "xy" | null };

/**
 * torch.meshgrid(*tensors, indexing=None): the tensors as varargs or as one
 * array. Python passes `indexing` on only when given; without it libtorch
 * uses "ij" and warns (once) that the argument will become required, as
 * PyTorch does.
 */
export function meshgrid(...tensors: Tensor[]): Tensor[];
export function meshgrid(...args: [...tensors: Tensor[], options: MeshgridOptions]): Tensor[];
export function meshgrid(tensors: readonly Tensor[], options?: MeshgridOptions): Tensor[];
export function meshgrid(...args: unknown[]): Tensor[] {
  const [given, kw] = varargs("meshgrid", args, ["indexing"]);
  const tensors = given.length === 1 && Array.isArray(given[0]) ? given[0] : given;
  const indexing = kw.indexing ?? null;
  return indexing === null ? vfMeshgrid(tensors) : vfMeshgrid(tensors, { indexing });
}

/** torch.cartesian_prod(*tensors): the cartesian product of 1-D tensors, as rows of a 2-D tensor. */
export function cartesian_prod(...tensors: Tensor[]): Tensor {
  return vfCartesianProd(tensors);
}

/** torch.block_diag(*tensors): a block diagonal matrix of 0-, 1- or 2-D tensors. */
export function block_diag(...tensors: Tensor[]): Tensor {
  return vfBlockDiag(tensors);
}

export type CdistComputeMode = "use_mm_for_euclid_dist_if_necessary" | "use_mm_for_euclid_dist" | "donot_use_mm_for_euclid_dist";
export type CdistOptions = { p?: number; compute_mode?: CdistComputeMode };

// compute_mode as the int the binding takes.
const COMPUTE_MODES: Record<string, number | null> = {
  use_mm_for_euclid_dist_if_necessary: null,
  use_mm_for_euclid_dist: 1,
  donot_use_mm_for_euclid_dist: 2,
};

/**
 * torch.cdist(x1, x2, p=2., compute_mode='use_mm_for_euclid_dist_if_necessary'):
 * the p-norm distance between each pair of rows; the mode's name becomes
 * the binding's int (None, 1 or 2).
 */
export function cdist(x1: Tensor, x2: Tensor, ...rest: Optional<[p: number, compute_mode: CdistComputeMode], CdistOptions>): Tensor;
export function cdist(...args: unknown[]): Tensor {
  const a = bindArgs("cdist", ["x1", "x2", "p", "compute_mode"], 2, args);
  const mode = or(a.compute_mode, "use_mm_for_euclid_dist_if_necessary");
  if (typeof mode !== "string" || !Object.prototype.hasOwnProperty.call(COMPUTE_MODES, mode)) {
    throw new ValueError(`${pyStr(mode)} is not a valid value for compute_mode`);
  }
  return vfCdist(a.x1, a.x2, or(a.p, 2), COMPUTE_MODES[mode]);
}

// atleast_Nd(*tensors): one tensor in, one out; several (or one array) in, an array out.
function atleast(vf: (t: unknown) => Tensor | Tensor[], tensors: unknown[]): Tensor | Tensor[] {
  return vf(tensors.length === 1 ? tensors[0] : tensors);
}

/** torch.atleast_1d(*tensors): 0-d tensors viewed as 1-D; others as they are. */
export function atleast_1d(tensor: Tensor): Tensor;
export function atleast_1d(tensors: readonly Tensor[]): Tensor[];
export function atleast_1d(...tensors: Tensor[]): Tensor[];
export function atleast_1d(...tensors: unknown[]): Tensor | Tensor[] {
  return atleast(vfAtleast1d, tensors);
}

/** torch.atleast_2d(*tensors): tensors of fewer dimensions viewed as 2-D; others as they are. */
export function atleast_2d(tensor: Tensor): Tensor;
export function atleast_2d(tensors: readonly Tensor[]): Tensor[];
export function atleast_2d(...tensors: Tensor[]): Tensor[];
export function atleast_2d(...tensors: unknown[]): Tensor | Tensor[] {
  return atleast(vfAtleast2d, tensors);
}

/** torch.atleast_3d(*tensors): tensors of fewer dimensions viewed as 3-D; others as they are. */
export function atleast_3d(tensor: Tensor): Tensor;
export function atleast_3d(tensors: readonly Tensor[]): Tensor[];
export function atleast_3d(...tensors: Tensor[]): Tensor[];
export function atleast_3d(...tensors: unknown[]): Tensor | Tensor[] {
  return atleast(vfAtleast3d, tensors);
}

/** tensordot's dims: how many trailing/leading dimensions to contract, the dimensions of each, or a tensor of either. */
export type TensordotDims = number | readonly [IntList, IntList] | readonly IntList[] | Tensor;
export type TensordotOptions = { dims?: TensordotDims; out?: Tensor | null };

/**
 * torch.tensordot(a, b, dims=2, out=None): contracts the last `dims`
 * dimensions of a with the first of b, or the listed dimensions of each
 * ([dims_a, dims_b]); a tensor holds either form.
 */
export function tensordot(a: Tensor, b: Tensor, ...rest: Optional<[dims: TensordotDims], TensordotOptions>): Tensor;
export function tensordot(...args: unknown[]): Tensor {
  const { a, b, dims: given, out } = bindArgs("tensordot", ["a", "b", "dims", "out"], 2, args);
  // A bool is an int in Python.
  const dims = typeof given === "boolean" ? Number(given) : or(given, 2);
  if (!(Array.isArray(dims) || dims instanceof Tensor || isInt(dims))) {
    const types = torchAtLeast(2) ? "tuple[list[int], list[int]] or list[list[int]]" : "Tuple[List[int], List[int]] or List[List[int]]";
    throw new RuntimeError(`tensordot expects dims to be int or ${types} containing two lists, but got dims=${pyStr(dims)}`);
  }
  let dimsA: unknown = [];
  let dimsB: unknown = [];
  if (Array.isArray(dims)) {
    // Python's `dims_a, dims_b = dims`.
    if (dims.length > 2) throw new ValueError("too many values to unpack (expected 2)");
    if (dims.length < 2) throw new ValueError(`not enough values to unpack (expected 2, got ${dims.length})`);
    [dimsA, dimsB] = dims;
  } else if (dims instanceof Tensor) {
    if (dims.numel() > 1) {
      if (dims.size(0) !== 2) {
        throw new AssertionError(torchAtLeast(2) ? `dims tensor must have size 2 in first dimension, got ${dims.size(0)}` : "");
      }
      dimsA = dims.select(0, 0).tolist();
      dimsB = dims.select(0, 1).tolist();
    } else {
      const n = Math.trunc(Number(dims.item()));
      if (n < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${pyStr(dims)}`);
      [dimsA, dimsB] = contracted(n);
    }
  } else {
    const n = Number(dims);
    if (n < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${n}`);
    if (torchAtLeast(2) && n > Math.min((a as Tensor).dim(), (b as Tensor).dim())) {
      throw new RuntimeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${n}`);
    }
    [dimsA, dimsB] = contracted(n);
  }
  return out === undefined || out === null ? vfTensordot(a, b, dimsA, dimsB) : vfTensordot(a, b, dimsA, dimsB, { out });
}

// dims=n: a's last n dimensions with b's first n.
function contracted(n: number): [number[], number[]] {
  return [Array.from({ length: n }, (_, i) => i - n), Array.from({ length: n }, (_, i) => i)];
}

type UniqueFlags = { sorted?: unknown; return_inverse: unknown; return_counts: unknown };
export type UniqueOptions = { sorted?: boolean; return_inverse?: boolean; return_counts?: boolean; dim?: number | null };
export type UniqueConsecutiveOptions = { return_inverse?: boolean; return_counts?: boolean; dim?: number | null };

// What unique and unique_consecutive return: Python's boolean_dispatch picks
// the function by the flags' truth, each naming itself in TypeErrors.
function pick(all: Tensor[], inverse: boolean, counts: boolean): Tensor | Tensor[] {
  if (inverse && counts) return [all[0], all[1], all[2]];
  if (inverse) return [all[0], all[1]];
  if (counts) return [all[0], all[2]];
  return all[0];
}

/**
 * torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
 * the unique elements (or slices along dim), with the inverse indices and
 * counts when asked: a tensor, or an array [output, inverse?, counts?].
 */
export function unique(input: Tensor, options: UniqueOptions & { return_inverse: true; return_counts: true }): [Tensor, Tensor, Tensor];
export function unique(
  input: Tensor,
  options: UniqueOptions & ({ return_inverse: true; return_counts?: false } | { return_inverse?: false; return_counts: true }),
): [Tensor, Tensor];
export function unique(input: Tensor, options?: UniqueOptions & { return_inverse?: false; return_counts?: false }): Tensor;
export function unique(
  input: Tensor,
  ...rest: Optional<[sorted: boolean, return_inverse: boolean, return_counts: boolean, dim: number | null], UniqueOptions>
): Tensor | Tensor[];
export function unique(...args: unknown[]): Tensor | Tensor[] {
  // Python's dispatch reads the flags (keyword, else position 2 and 3) before binding.
  const [pos, kw] = splitOptions(args);
  const inverse = flag(pos, kw, "return_inverse", 2);
  const counts = flag(pos, kw, "return_counts", 3);
  const both = torchAtLeast(2) ? "_return_inverse_and_counts" : "_unique_impl";
  const name = inverse ? (counts ? both : "_return_inverse") : counts ? "_return_counts" : "_return_output";
  const a = bindArgs(name, ["input", "sorted", "return_inverse", "return_counts", "dim"], 1, args);
  const flags = { sorted: or(a.sorted, true), return_inverse: or(a.return_inverse, false), return_counts: or(a.return_counts, false) };
  const dim = a.dim ?? null;
  const all = dim !== null ? vfUniqueDim(a.input, dim, flags) : unique2(a.input, flags);
  return pick(all, inverse, counts);
}

/**
 * torch.unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
 * drops all but the first of each run of equal elements (or slices along
 * dim). As in PyTorch, given by position the two flags pick the result's form
 * crosswise (return_counts's position decides the inverse, return_inverse's
 * the counts); by keyword they mean what they say.
 */
export function unique_consecutive(
  input: Tensor,
  options: UniqueConsecutiveOptions & { return_inverse: true; return_counts: true },
): [Tensor, Tensor, Tensor];
export function unique_consecutive(
  input: Tensor,
  options: UniqueConsecutiveOptions & ({ return_inverse: true; return_counts?: false } | { return_inverse?: false; return_counts: true }),
): [Tensor, Tensor];
export function unique_consecutive(input: Tensor, options?: UniqueConsecutiveOptions & { return_inverse?: false; return_counts?: false }): Tensor;
export function unique_consecutive(
  input: Tensor,
  ...rest: Optional<[return_inverse: boolean, return_counts: boolean, dim: number | null], UniqueConsecutiveOptions>
): Tensor | Tensor[];
export function unique_consecutive(...args: unknown[]): Tensor | Tensor[] {
  // PyTorch's boolean_dispatch reads return_inverse at position 2 and return_counts at position 1.
  const [pos, kw] = splitOptions(args);
  const inverse = flag(pos, kw, "return_inverse", 2);
  const counts = flag(pos, kw, "return_counts", 1);
  const both = torchAtLeast(2) ? "_consecutive_return_inverse_and_counts" : "_unique_consecutive_impl";
  const name = inverse ? (counts ? both : "_consecutive_return_inverse") : counts ? "_consecutive_return_counts" : "_consecutive_return_output";
  const a = bindArgs(name, ["input", "return_inverse", "return_counts", "dim"], 1, args);
  const all = vfUniqueConsecutive(a.input, {
    return_inverse: or(a.return_inverse, false),
    return_counts: or(a.return_counts, false),
    dim: a.dim ?? null,
  });
  return pick(all, inverse, counts);
}

/**
 * torch.chain_matmul(*matrices, out=None): the product of the matrices in
 * the cheapest order (deprecated in PyTorch for torch.linalg.multi_dot).
 */
export function chain_matmul(...matrices: Tensor[]): Tensor;
export function chain_matmul(...args: [...matrices: Tensor[], options: { out?: Tensor | null }]): Tensor;
export function chain_matmul(...args: unknown[]): Tensor {
  const [matrices, kw] = varargs("chain_matmul", args, ["out"]);
  const out = kw.out ?? null;
  return out === null ? vfChainMatmul(matrices) : vfChainMatmul(matrices, { out });
}

export type LuOptions = { pivot?: boolean; get_infos?: boolean; out?: Tensor[] | null };

/**
 * torch.lu(A, pivot=True, get_infos=False, out=None): the LU factorization
 * [LU, pivots], with the infos third when get_infos (then failures are not
 * raised). `out` receives the results, resized, and is returned.
 */
export function lu(A: Tensor, options: LuOptions & { get_infos: true }): [Tensor, Tensor, Tensor];
export function lu(A: Tensor, pivot: boolean, get_infos: true, options?: LuOptions): [Tensor, Tensor, Tensor];
export function lu(A: Tensor, options?: LuOptions & { get_infos?: false }): [Tensor, Tensor];
export function lu(A: Tensor, pivot: boolean, options?: LuOptions & { get_infos?: false }): [Tensor, Tensor];
export function lu(A: Tensor, pivot: boolean, get_infos: false, options?: LuOptions): [Tensor, Tensor];
export function lu(A: Tensor, ...rest: Optional<[pivot: boolean, get_infos: boolean, out: Tensor[] | null], LuOptions>): Tensor[];
export function lu(...args: unknown[]): Tensor[] {
  const [pos, kw] = splitOptions(args);
  const infos = flag(pos, kw, "get_infos", 2);
  const a = bindArgs(infos ? "_lu_with_infos" : "_lu_no_infos", ["A", "pivot", "get_infos", "out"], 1, args);
  const getInfos = truthy(or(a.get_infos, false));
  const result = luWithInfo(a.A, { pivot: or(a.pivot, true), check_errors: !getInfos });
  const out = or(a.out, null);
  if (out === null) return infos ? result : [result[0], result[1]];
  // Python's _check_list_size: len(out) first, then its type.
  const n = Array.isArray(out) ? out.length : out instanceof Tensor ? out.size(0) : 0;
  if (n !== 2 + Number(getInfos)) throw new TorchTypeError(`expected tuple of ${2 + Number(getInfos)} elements but got ${n}`);
  if (!Array.isArray(out)) throw new TorchTypeError(`argument 'out' must be tuple of Tensors, not ${pyTypeName(out)}`);
  out.forEach((t: Tensor, i) => t.resize_as_(result[i]).copy_(result[i]));
  return out;
}

/**
 * torch.split(tensor, split_size_or_sections, dim=0): chunks of
 * split_size_or_sections along dim (the last one smaller), or one chunk per
 * listed size; a one-element tensor counts as its int. Views of the tensor.
 */
export function split(tensor: Tensor, split_size_or_sections: number | IntList | Tensor, ...rest: Optional<[dim: number], { dim?: number }>): Tensor[];
export function split(...args: unknown[]): Tensor[] {
  const a = bindArgs("split", ["tensor", "split_size_or_sections", "dim"], 2, args);
  checkTensor(a.tensor, "split", "tensor");
  // Tensor.split (torch/_tensor.py): an int splits evenly, anything else by sizes.
  let size = a.split_size_or_sections;
  if (size instanceof Tensor && size.numel() === 1) size = Math.trunc(Number(size.item()));
  const dim = or(a.dim, 0);
  return isInt(size) ? vfSplit(a.tensor, size, dim) : vfSplitWithSizes(a.tensor, size, dim);
}

/**
 * torch.unravel_index(indices, shape): the coordinates, one tensor per
 * dimension, of flat indices into a tensor of `shape` (PyTorch 2.2's
 * Python function; offered on every libtorch, since it only composes ops).
 */
export function unravel_index(indices: Tensor, shape: number | bigint | readonly (number | bigint)[]): Tensor[] {
  checkTensor(indices, "unravel_index", "indices");
  if (indices.is_floating_point() || indices.dtype.name === "bool" || indices.dtype.name.startsWith("complex")) {
    throw new TorchTypeError(`expected 'indices' to be integer dtype, but got torch.${indices.dtype.name}`);
  }
  if (typeof shape !== "number" && typeof shape !== "bigint" && !Array.isArray(shape)) {
    throw new TorchTypeError(`expected 'shape' to be int or sequence of ints, but got <class '${pyTypeName(shape)}'>`);
  }
  const given: unknown[] = typeof shape === "number" || typeof shape === "bigint" ? [shape] : [...(shape as unknown[])];
  for (const d of given) {
    if (typeof d !== "bigint" && (typeof d !== "number" || !Number.isInteger(d))) {
      throw new TorchTypeError(`expected 'shape' sequence to only contain ints, but got <class '${pyTypeName(d)}'>`);
    }
  }
  // In BigInt: a dimension may be any int64 (Python's are unbounded ints).
  const dims = given.map((d) => BigInt(d as number | bigint));
  const shown = `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
  if (dims.some((d) => d < 0n)) throw new ValueError(`'shape' cannot have negative values, but got ${shown}`);
  if (dims.some((d) => d === 0n) && indices.numel() !== 0) {
    throw new ValueError(`'shape' cannot have zero dimensions when 'indices' is non-empty, but got ${shown}`);
  }
  // Row-major strides: the products of the sizes after each dimension.
  const coefs = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1n));
  const int64 = (values: bigint[]) => tensor(values, { device: indices.device });
  return indices.unsqueeze(-1).floor_divide(int64(coefs)).remainder(int64(dims)).unbind(-1);
}

/**
 * torch/nn/utils/rnn.py: PackedSequence and the functions that pack and pad
 * batches of sequences of different lengths for the recurrent layers.
 */
import { arange, empty_like, sort } from "../../_generated/torch";
import { as_tensor } from "../../creation";
import { pad_sequence as nnPadSequence } from "../../_generated/nn";
import { fn } from "../../_ops/install";
import type { OverloadDecl } from "../../_ops/call";
import { binder } from "../../_pydef";
import { pyTypeName } from "../../_pyformat";
import { AssertionError, RuntimeError, TorchTypeError, ValueError } from "../../errors";
import { float32, float64, int64 } from "../../dtype";
import { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";

const V2 = torchAtLeast(2);

// torch._VF._pack_padded_sequence and _pad_packed_sequence are private
// (underscored), so the generated tables leave them out; their schemas are the
// same in 1.13 and 2.x.
const PACK: OverloadDecl[] = [{ schema: "_pack_padded_sequence(Tensor input, Tensor lengths, bool batch_first) -> (Tensor, Tensor)" }];
const PAD: OverloadDecl[] = [
  { schema: "_pad_packed_sequence(Tensor data, Tensor batch_sizes, bool batch_first, Scalar padding_value, int total_length) -> (Tensor, Tensor)" },
];
const vfPackPaddedSequence = fn<(input: Tensor, lengths: Tensor, batch_first: boolean) => [Tensor, Tensor]>("_pack_padded_sequence", PACK);
const vfPadPackedSequence = fn<(data: Tensor, batch_sizes: Tensor, batch_first: boolean, padding_value: number, total_length: number) => [Tensor, Tensor]>(
  "_pad_packed_sequence",
  PAD,
);

/**
 * nn.utils.rnn.PackedSequence: the data of a batch of packed sequences and
 * the list of batch sizes at each step. Like PyTorch's named tuple it also
 * destructures as `[data, batch_sizes, sorted_indices, unsorted_indices]`.
 * Make one with pack_padded_sequence or pack_sequence, not by hand.
 */
export class PackedSequence implements Iterable<Tensor | null> {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;
  readonly length = 4;

  constructor(data: Tensor | [Tensor, Tensor], batch_sizes: Tensor | null = null, sorted_indices: Tensor | null = null, unsorted_indices: Tensor | null = null) {
    [this.data, this.batch_sizes, this.sorted_indices, this.unsorted_indices] = _packed_sequence_init_args(data, batch_sizes, sorted_indices, unsorted_indices);
  }

  get 0(): Tensor {
    return this.data;
  }
  get 1(): Tensor {
    return this.batch_sizes;
  }
  get 2(): Tensor | null {
    return this.sorted_indices;
  }
  get 3(): Tensor | null {
    return this.unsorted_indices;
  }
  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }

  /** to(...args): data moved or cast as Tensor.to does; the indices follow data's device, batch_sizes stays on the CPU. */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as (...a: unknown[]) => Tensor)(...args);
    if (data === this.data) return this;
    const callTo = (t: Tensor | null) => (t === null ? null : t.to(data.device));
    return new PackedSequence(data, this.batch_sizes, callTo(this.sorted_indices), callTo(this.unsorted_indices));
  }
  cuda(): PackedSequence {
    return this.to("cuda");
  }
  cpu(): PackedSequence {
    return this.to("cpu");
  }
  double(): PackedSequence {
    return this.to(float64);
  }
  float(): PackedSequence {
    return this.to(float32);
  }
  get is_cuda(): boolean {
    return this.data.is_cuda;
  }
}

function _packed_sequence_init_args(
  data: Tensor | [Tensor, Tensor], batch_sizes: Tensor | null, sorted_indices: Tensor | null, unsorted_indices: Tensor | null,
): [Tensor, Tensor, Tensor | null, Tensor | null] {
  // Only sorted_indices is given for a new PackedSequence; unsorted_indices follows from it.
  if (unsorted_indices === null) unsorted_indices = invert_permutation(sorted_indices);
  if (batch_sizes !== null) {
    if (batch_sizes.device.type !== "cpu") {
      throw new ValueError(
        "batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. " +
          "They should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. " +
          "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence",
      );
    }
    return [data as Tensor, batch_sizes, sorted_indices, unsorted_indices];
  }
  if (!(Array.isArray(data) && data.length === 2)) throw new AssertionError(V2 ? "Expected data to be a list or tuple of length 2" : "");
  return [data[0], data[1], sorted_indices, unsorted_indices];
}

/** invert_permutation(permutation): the permutation that undoes it (null for null). */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null) return null;
  const output = empty_like(permutation);
  output.scatter_(0, permutation, arange(0, permutation.numel(), { device: permutation.device }));
  return output;
}

const PACK_PADDED = "input: Tensor, lengths, batch_first=False, enforce_sorted=True";
const PAD_PACKED = "sequence, batch_first=False, padding_value=0.0, total_length=None";

/**
 * nn.utils.rnn.pack_padded_sequence(input, lengths, batch_first = False, enforce_sorted = True):
 * packs a padded batch of sequences (T x B x *, or B x T x * with batch_first).
 * @example const packed = pack_padded_sequence(x, [3, 2, 1]);
 */
export function pack_padded_sequence(...args: unknown[]): PackedSequence {
  const [given, lengths, batch_first, enforce_sorted] = binder("pack_padded_sequence", PACK_PADDED)(args) as [Tensor, Tensor | number[], boolean, boolean];
  let input = given;
  let lengthsT = lengths instanceof Tensor ? lengths.to({ dtype: int64 }) : as_tensor(lengths, { dtype: int64, device: "cpu" });
  let sorted_indices: Tensor | null = null;
  if (!enforce_sorted) {
    const sorted = sort(lengthsT, { descending: true }) as unknown as [Tensor, Tensor];
    lengthsT = sorted[0];
    sorted_indices = sorted[1].to(input.device);
    const batch_dim = batch_first ? 0 : 1;
    input = input.index_select(batch_dim, sorted_indices);
  }
  const [data, batch_sizes] = vfPackPaddedSequence(input, lengthsT, batch_first);
  return new PackedSequence(data, batch_sizes, sorted_indices, null);
}

/**
 * nn.utils.rnn.pad_packed_sequence(sequence, batch_first = False, padding_value = 0.0, total_length = None):
 * the inverse of pack_padded_sequence, as [padded, lengths].
 */
export function pad_packed_sequence(...args: unknown[]): [Tensor, Tensor] {
  const [sequence, batch_first, padding_value, total_length] = binder("pad_packed_sequence", PAD_PACKED)(args) as [PackedSequence, boolean, number, number | null];
  // PyTorch reads sequence.batch_sizes first: anything without one fails there (its AttributeError, here a TypeError).
  if (typeof sequence !== "object" || sequence === null || !("batch_sizes" in sequence)) {
    throw new TorchTypeError(`'${pyTypeName(sequence)}' object has no attribute 'batch_sizes'`);
  }
  let max_seq_length = sequence.batch_sizes.size(0);
  if (total_length !== null) {
    if (total_length < max_seq_length) {
      throw new ValueError(
        "Expected total_length to be at least the length of the longest sequence in input, but got " +
          `total_length=${total_length} and max sequence length being ${max_seq_length}`,
      );
    }
    max_seq_length = total_length;
  }
  const [padded_output, lengths] = vfPadPackedSequence(sequence.data, sequence.batch_sizes, batch_first, padding_value, max_seq_length);
  const unsorted_indices = sequence.unsorted_indices;
  if (unsorted_indices !== null) {
    const batch_dim = batch_first ? 0 : 1;
    return [padded_output.index_select(batch_dim, unsorted_indices), lengths.index(unsorted_indices.cpu())];
  }
  return [padded_output, lengths];
}

/**
 * nn.utils.rnn.pad_sequence(sequences, batch_first = False, padding_value = 0.0[, padding_side = 'right'] in 2.x):
 * stacks sequences of different lengths, padded to the longest.
 */
export function pad_sequence(...args: unknown[]): Tensor {
  const spec = V2 ? "sequences, batch_first=False, padding_value=0.0, padding_side='right'" : "sequences, batch_first=False, padding_value=0.0";
  const [sequences, batch_first, padding_value, padding_side] = binder("pad_sequence", spec)(args) as [Iterable<Tensor>, boolean, number, string | undefined];
  if (sequences === null || typeof (sequences as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new RuntimeError(`pad_sequence: Expected iterable for input sequences, but got arg of type: <class '${pyTypeName(sequences)}'>`);
  }
  const list = [...sequences];
  const call = nnPadSequence as unknown as (...a: unknown[]) => Tensor;
  return V2 ? call(list, batch_first, padding_value, padding_side) : call(list, batch_first, padding_value);
}

/** nn.utils.rnn.unpad_sequence(padded_sequences, lengths, batch_first = False): the list of sequences, padding removed. */
export function unpad_sequence(...args: unknown[]): Tensor[] {
  const [given, lengths, batch_first] = binder("unpad_sequence", "padded_sequences: Tensor, lengths: Tensor, batch_first=False")(args) as [Tensor, Tensor, boolean];
  let padded_sequences = given;
  const unpadded_sequences: Tensor[] = [];
  // PyTorch transposes its argument in place here.
  if (!batch_first) padded_sequences = padded_sequences.transpose_(0, 1);
  const max_length = padded_sequences.shape[1];
  const idx = V2 ? arange(max_length, { device: lengths.device }) : arange(max_length);
  const seqs = [...(padded_sequences as unknown as Iterable<Tensor>)];
  const lens = [...(lengths as unknown as Iterable<Tensor>)];
  if (V2 && seqs.length !== lens.length) throw new ValueError(`zip() argument 2 is ${lens.length < seqs.length ? "shorter" : "longer"} than argument 1`);
  for (let i = 0; i < Math.min(seqs.length, lens.length); i++) {
    const mask = idx.lt(lens[i]);
    unpadded_sequences.push(seqs[i].index(mask));
  }
  return unpadded_sequences;
}

/** nn.utils.rnn.pack_sequence(sequences, enforce_sorted = True): packs a list of sequences of different lengths. */
export function pack_sequence(...args: unknown[]): PackedSequence {
  const [sequences, enforce_sorted] = binder("pack_sequence", "sequences, enforce_sorted=True")(args) as [Tensor[], boolean];
  const lengths = as_tensor(sequences.map((v) => v.size(0)), { dtype: int64 });
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted });
}

/** nn.utils.rnn.unpack_sequence(packed_sequences): the list of sequences a PackedSequence holds. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  const [padded_sequences, lengths] = pad_packed_sequence(packed_sequences, { batch_first: true });
  return unpad_sequence(padded_sequences, lengths, { batch_first: true });
}

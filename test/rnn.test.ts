/**
 * The recurrent layers (lib/nn/modules/rnn.ts) and the packing utilities
 * (lib/nn/utils/rnn.ts) against PyTorch: scripts/golden_rnn.py, run here by
 * the PyTorch of this libtorch, records for each configuration the initial
 * parameters, outputs, hidden states and gradients; they must be equal bit
 * for bit. Then PyTorch's checks and messages, and the packing round trips.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import type { Tensor } from "../lib";
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type RNNBase } from "../lib/nn/modules/rnn";
import {
  PackedSequence, invert_permutation, pack_padded_sequence, pack_sequence, pad_packed_sequence, pad_sequence, unpack_sequence, unpad_sequence,
} from "../lib/nn/utils/rnn";
import { torchAtLeast } from "../lib/version";
import { PYTHON } from "./helpers/fixtures";

type Case = {
  name: string; cls: string; args: number[]; kwargs: Record<string, unknown>; input_shape: number[];
  opts: { hx?: boolean; train?: boolean; double?: boolean; lengths?: number[]; enforce_sorted?: boolean };
  params: Record<string, string>; outputs: string[]; hidden: string[]; grads: Record<string, string>; input_grad: string; hx_grads: string[]; repr: string;
};

const V2 = torchAtLeast(2);
const classes: Record<string, new (...args: unknown[]) => torch.nn.Module> = { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell };
const b64 = (t: Tensor): string => {
  const a = t.detach().contiguous().toTypedArray() as unknown as ArrayLike<number> & { buffer: ArrayBuffer; byteOffset: number; byteLength: number };
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
};

function golden(): { torch_version: string; cases: Case[] } {
  const r = spawnSync(PYTHON, [path.join(__dirname, "..", "scripts", "golden_rnn.py")], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

// The shapes of the initial state(s) the module expects for this input (as the script's hidden_shapes).
function hiddenShapes(m: RNNBase & { proj_size: number }, x: Tensor, cell: boolean): number[][] {
  if (cell) {
    const h = (m as unknown as { hidden_size: number }).hidden_size;
    const shape = x.dim() === 2 ? [x.size(0), h] : [h];
    return m instanceof LSTMCell ? [shape, shape] : [shape];
  }
  const d = m.bidirectional ? 2 : 1;
  const batched = x.dim() === 3;
  const lead = [m.num_layers * d, ...(batched ? [x.size(m.batch_first ? 0 : 1)] : [])];
  const h = [...lead, m.proj_size > 0 ? m.proj_size : m.hidden_size];
  return m instanceof LSTM ? [h, [...lead, m.hidden_size]] : [h];
}

function replay(c: Case) {
  torch.manual_seed(7);
  const kwargs = { ...c.kwargs };
  if (kwargs.dtype) kwargs.dtype = torch.float64;
  const m = new classes[c.cls](...c.args, kwargs) as RNNBase;
  m.train(Boolean(c.opts.train));
  const params = Object.fromEntries([...m.named_parameters()].map(([n, p]) => [n, b64(p)]));
  const dtype = c.opts.double ? torch.float64 : torch.float32;
  const x = torch.randn(c.input_shape, { dtype, requires_grad: true });
  const cell = c.cls.endsWith("Cell");
  let hx: Tensor | [Tensor, Tensor] | null = null;
  if (c.opts.hx) {
    const hs = hiddenShapes(m as never, x, cell).map((s) => torch.randn(s, { dtype, requires_grad: true }));
    hx = hs.length === 2 ? [hs[0], hs[1]] : hs[0];
  }
  const inp: Tensor | PackedSequence = c.opts.lengths ? pack_padded_sequence(x, c.opts.lengths, { batch_first: m.batch_first ?? false, enforce_sorted: c.opts.enforce_sorted }) : x;
  let outs: Tensor[];
  let hidden: Tensor[] = [];
  if (cell) {
    const res = m(inp, hx) as Tensor | Tensor[];
    outs = Array.isArray(res) ? res : [res];
  } else {
    const [out, h] = m(inp, hx) as [Tensor | PackedSequence, Tensor | Tensor[]];
    hidden = Array.isArray(h) ? h : [h];
    if (out instanceof PackedSequence) {
      const [padded, lengths] = pad_packed_sequence(out, { batch_first: m.batch_first });
      outs = [out.data, padded, lengths.to(torch.int64)];
    } else outs = [out];
  }
  // Python's sum(): 0 + t0 + t1 + ...
  const parts = [...outs, ...hidden].filter((t) => t.is_floating_point()).map((t) => t.sum());
  const total = parts.reduce((a: Tensor | number, b) => (typeof a === "number" ? b.add(a) : a.add(b)), 0) as Tensor;
  total.backward();
  const given = hx === null ? [] : Array.isArray(hx) ? hx : [hx];
  return {
    params, outputs: outs.map(b64), hidden: hidden.map(b64),
    grads: Object.fromEntries([...m.named_parameters()].map(([n, p]) => [n, b64(p.grad!)])),
    input_grad: b64(x.grad!), hx_grads: given.map((h) => b64(h.grad!)), repr: String(m),
  };
}

test("RNN, LSTM, GRU and the cells equal PyTorch bit for bit: parameters, outputs, states and gradients", (t) => {
  const { torch_version, cases } = golden();
  t.true(cases.length >= 25);
  for (const c of cases) {
    const got = replay(c);
    t.deepEqual(Object.keys(got.params), Object.keys(c.params), `${c.name}: parameter names and order`);
    t.deepEqual(got.params, c.params, `${c.name}: initial parameters`);
    t.deepEqual(got.outputs, c.outputs, `${c.name}: outputs`);
    t.deepEqual(got.hidden, c.hidden, `${c.name}: hidden states`);
    t.deepEqual(got.grads, c.grads, `${c.name}: parameter gradients`);
    t.is(got.input_grad, c.input_grad, `${c.name}: input gradient`);
    t.deepEqual(got.hx_grads, c.hx_grads, `${c.name}: hidden state gradients`);
    t.is(got.repr, c.repr, `${c.name}: repr`);
  }
  t.log(`${cases.length} configurations equal to PyTorch ${torch_version}`);
});

test("constructor checks and warnings use PyTorch's messages", (t) => {
  t.throws(() => new LSTM(3, 4, { dropout: 1.5 }), { message: "dropout should be a number in range [0, 1] representing the probability of an element being zeroed" });
  t.throws(() => new GRU(3, 4, { proj_size: 2 }), { message: "proj_size argument is only supported for LSTM, not RNN or GRU" });
  t.throws(() => new LSTM(3, 4, { proj_size: 4 }), { message: "proj_size has to be smaller than hidden_size" });
  t.throws(() => new LSTM(3, 4, { proj_size: -1 }), { message: "proj_size should be a positive integer or zero to disable projections" });
  t.throws(() => new RNN(3, 4, { nonlinearity: "sigmoid" }), {
    message: V2 ? "Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'." : "Unknown nonlinearity 'sigmoid'",
  });
  t.throws(() => new LSTM(3, 4, { foo: 1 }), { message: "LSTM() got an unexpected keyword argument 'foo'" });
  if (V2) {
    t.throws(() => new LSTM(0, 4), { message: "input_size must be greater than zero" });
    t.throws(() => new LSTM(3, 4, { bias: 1 }), { message: "bias should be of type bool, got: int" });
    t.throws(() => new LSTM(3, 4, 0), { message: "num_layers must be greater than zero" });
    t.is(String(new RNN(3, 4, 1, "relu")), "RNN(3, 4)");
  }
  const warnings: string[] = [];
  const listener = (w: Error) => warnings.push(w.message);
  process.on("warning", listener);
  new GRU(3, 4, { dropout: 0.25 });
  return new Promise<void>((resolve) => setImmediate(() => {
    process.off("warning", listener);
    t.deepEqual(warnings, ["dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.25 and num_layers=1"]);
    resolve();
  }));
});

test("forward checks the input and hidden shapes with PyTorch's messages", (t) => {
  const lstm = new LSTM(3, 4, 2);
  const x = torch.randn(5, 2, 3);
  t.throws(() => lstm(torch.randn(5, 2, 2)), { message: "input.size(-1) must be equal to input_size. Expected 3, got 2" });
  t.throws(() => lstm(x, [torch.zeros(2, 3, 4), torch.zeros(2, 2, 4)]), { message: "Expected hidden[0] size (2, 2, 4), got [2, 3, 4]" });
  t.throws(() => lstm(x, [torch.zeros(2, 2, 4), torch.zeros(1, 2, 4)]), { message: "Expected hidden[1] size (2, 2, 4), got [1, 2, 4]" });
  t.throws(() => lstm(x, [torch.zeros(2, 4), torch.zeros(2, 2, 4)]), { message: "For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors" });
  const gru = new GRU(3, 4);
  t.throws(() => gru(x, torch.zeros(2, 2, 4)), { message: "Expected hidden size (1, 2, 4), got [2, 2, 4]" });
  t.throws(() => gru(torch.randn(5, 3), torch.zeros(1, 1, 4)), { message: "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor" });
  if (V2) {
    t.throws(() => gru(torch.randn(1, 5, 2, 3)), { message: "GRU: Expected input to be 2D or 3D, got 4D instead" });
    t.throws(() => gru(torch.randn(5, 2, 3, { dtype: torch.float64 })), {
      message: "RNN input dtype (torch.float64) does not match weight dtype (torch.float32). Convert input: input.to(torch.float32), or convert model: model.to(torch.float64)",
    });
    t.throws(() => new GRUCell(3, 4)(torch.randn(1, 2, 3)), { message: "GRUCell: Expected input to be 1D or 2D, got 3D instead" });
    t.throws(() => new LSTMCell(3, 4)(torch.randn(2, 3), [torch.zeros(4), torch.zeros(1, 1, 4)]), { message: "LSTMCell: Expected hx[1] to be 1D or 2D, got 3D instead" });
  } else {
    t.throws(() => gru(torch.randn(1, 5, 2, 3)), { message: "input must have 3 dimensions, got 5" });
    t.throws(() => new RNNCell(3, 4)(torch.randn(1, 2, 3)), { message: "RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor" });
  }
});

test("parameters, _flat_weights, all_weights, state_dict keys and flatten_parameters", (t) => {
  const lstm = new LSTM(3, 4, { num_layers: 2, bidirectional: true, bias: false });
  const names = ["weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse"];
  t.deepEqual(Object.keys(lstm.state_dict()), names);
  t.deepEqual(lstm._flat_weights_names, names);
  t.is(lstm._flat_weights[4], (lstm as unknown as Record<string, Tensor>).weight_ih_l1);
  t.deepEqual(lstm.all_weights.map((ws) => ws.length), [2, 2, 2, 2]);
  lstm.flatten_parameters();
  lstm.double();
  t.is(lstm._flat_weights[0]!.dtype, torch.float64);
  t.is(String(lstm), "LSTM(3, 4, num_layers=2, bias=False, bidirectional=True)");
  t.is(String(new GRU(3, 4, 2, { dropout: 0.5, batch_first: true })), "GRU(3, 4, num_layers=2, batch_first=True, dropout=0.5)");
  t.is(String(new RNNCell(3, 4, { bias: false, nonlinearity: "relu" })), "RNNCell(3, 4, bias=False, nonlinearity=relu)");
});

test("pack_padded_sequence / pad_packed_sequence / pad_sequence / pack_sequence round trips, as PyTorch computes them", (t) => {
  const seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6, 7, 8, 9])];
  const padded = pad_sequence(seqs, { batch_first: true, padding_value: -1 });
  t.deepEqual(padded.tolist(), [[1, 2, 3, -1], [4, 5, -1, -1], [6, 7, 8, 9]]);
  t.throws(() => pack_sequence(seqs), { message: /must be sorted in decreasing order|`lengths` array must be sorted/ });
  const packed = pack_sequence(seqs, { enforce_sorted: false });
  const [data, batch_sizes, sorted_indices, unsorted_indices] = packed;
  t.deepEqual(data!.tolist(), [6, 1, 4, 7, 2, 5, 8, 3, 9]);
  t.deepEqual(batch_sizes!.tolist(), [3, 3, 2, 1]);
  t.deepEqual(sorted_indices!.tolist(), [2, 0, 1]);
  t.deepEqual(unsorted_indices!.tolist(), [1, 2, 0]);
  t.is(packed.length, 4);
  t.is(packed[1], batch_sizes);
  const [back, lengths] = pad_packed_sequence(packed, { batch_first: true, total_length: 5 });
  t.deepEqual(back.tolist(), [[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [6, 7, 8, 9, 0]]);
  t.deepEqual(lengths.tolist(), [3, 2, 4]);
  t.throws(() => pad_packed_sequence(packed, { total_length: 2 }), {
    message: "Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and max sequence length being 4",
  });
  t.deepEqual(unpack_sequence(packed).map((s) => s.tolist()), seqs.map((s) => s.tolist()));
  t.deepEqual(unpad_sequence(back, lengths, { batch_first: true }).map((s) => s.tolist()), seqs.map((s) => s.tolist()));
  t.deepEqual(invert_permutation(torch.tensor([2n, 0n, 1n]))!.tolist(), [1, 2, 0]);
  t.is(invert_permutation(null), null);
  t.throws(() => new PackedSequence(torch.zeros(3), torch.zeros(2).to("meta")), { message: /^batch_sizes should always be on CPU/ });
  // A PackedSequence through an LSTM, and the same sequences one at a time: the same last states
  // (to rounding: 2.x runs the unpacked input through oneDNN's kernel, the packed one not).
  torch.manual_seed(0);
  const lstm = new LSTM(2, 3);
  const xs = [torch.randn(3, 2), torch.randn(2, 2), torch.randn(4, 2)];
  const [, [h]] = lstm(pack_sequence(xs, { enforce_sorted: false }));
  xs.forEach((x, i) => t.true(torch.allclose(lstm(x)[1][0].squeeze(0), h.index([0, i]), { atol: 1e-6 })));
});

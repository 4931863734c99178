/**
 * nn.MultiheadAttention, F.multi_head_attention_forward and the Transformer
 * family against real PyTorch, bit for bit: scripts/golden_transformer.py runs
 * under the Python of this libtorch, and every case it records (initial
 * parameters after the seed, output, attention weights, gradients of
 * output.sum()) is replayed here from the same description.
 */
import test from "ava";
import * as torch from "../lib";
import type { Tensor } from "../lib";
import * as F from "../lib/nn/functional";
import { multi_head_attention_forward } from "../lib/nn/_multi_head_attention";
import { MultiheadAttention } from "../lib/nn/modules/multihead_attention";
import { LayerNorm } from "../lib/nn/modules/normalization";
import {
  Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer, deepcopyModule,
} from "../lib/nn/modules/transformer";
import { sameTorch, goldenDocument } from "./helpers/fixtures";
import { Module } from "../lib/nn/modules/module";

type MaskSpec = { dtype: "bool" | "float"; values: unknown[] };
type Expected = {
  params: Record<string, number[]>; output: number[]; shape: number[]; weights: number[] | null;
  grads?: Record<string, number[]>; input_grads?: (number[] | null)[];
};
type Case = {
  name: string; kind: string; seed: number; ctor: Record<string, unknown>; inputs: number[][]; share?: string; masks?: Record<string, MaskSpec>;
  call?: Record<string, unknown>; train?: boolean; grad?: boolean; num_layers?: number; norm?: boolean; stack?: Record<string, unknown>; expected: Expected;
};
type Golden = { torch_version: string; cases: Case[]; square_subsequent_mask_5: number[] };

const golden = (): Golden => goldenDocument<Golden>("golden_transformer.py", 240_000);

const bits = (t: Tensor): number[] => {
  const f = t.detach().contiguous().toTypedArray() as Float32Array;
  return Array.from(new Int32Array(f.buffer, f.byteOffset, f.length));
};

function mask(spec: MaskSpec): Tensor {
  if (spec.dtype === "bool") return torch.tensor(spec.values as boolean[]);
  const row = (r: unknown): unknown => (Array.isArray(r) ? r.map(row) : r === null ? -Infinity : r);
  return torch.tensor(row(spec.values) as number[][]);
}

function build(c: Case): Module {
  const kw: Record<string, unknown> = { ...c.ctor };
  if (kw.activation === "silu") kw.activation = F.silu;
  switch (c.kind) {
    case "mha": return new MultiheadAttention(kw);
    case "encoder_layer": return new TransformerEncoderLayer(kw);
    case "decoder_layer": return new TransformerDecoderLayer(kw);
    case "encoder": {
      const norm = c.norm ? new LayerNorm(kw.d_model) : null;
      return new TransformerEncoder(new TransformerEncoderLayer(kw), c.num_layers, norm, c.stack ?? {});
    }
    case "decoder": {
      const norm = c.norm ? new LayerNorm(kw.d_model) : null;
      return new TransformerDecoder(new TransformerDecoderLayer(kw), c.num_layers, norm);
    }
    case "transformer": return new Transformer(kw);
  }
  throw new Error(c.kind);
}

function replay(c: Case): Expected {
  torch.manual_seed(c.seed);
  const m = build(c);
  const params = Object.fromEntries([...m.named_parameters()].map(([n, p]) => [n, bits(p)]));
  const inputs = c.inputs.map((shape) => torch.randn(shape));
  const options = { ...Object.fromEntries(Object.entries(c.masks ?? {}).map(([k, v]) => [k, mask(v)])), ...(c.call ?? {}) };
  let args: Tensor[] = inputs;
  if (c.kind === "mha" && c.share === "qkv") args = [inputs[0], inputs[0], inputs[0]];
  if (c.kind === "mha" && c.share === "kv") args = [inputs[0], inputs[1], inputs[1]];
  if (c.train === false) m.eval();
  const grad = c.grad !== false;
  if (grad) inputs.forEach((x) => x.requires_grad_(true));
  const result = grad ? m(...args, options) : torch.no_grad(() => m(...args, options));
  const [output, weights] = Array.isArray(result) ? (result as [Tensor, Tensor | null]) : [result as Tensor, null];
  const got: Expected = { params, output: bits(output), shape: [...output.shape], weights: weights === null ? null : bits(weights) };
  if (grad) {
    output.sum().backward();
    got.grads = Object.fromEntries([...m.named_parameters()].filter(([, p]) => p.grad !== null).map(([n, p]) => [n, bits(p.grad!)]));
    got.input_grads = inputs.map((x) => (x.grad === null ? null : bits(x.grad)));
  }
  return got;
}

const doc = golden();
torch.set_num_threads(1);

test("the goldens come from the PyTorch of this libtorch", (t) => {
  t.regex(doc.torch_version, sameTorch());
});

for (const c of doc.cases) {
  test(`${c.name}: parameters, output, weights and gradients equal PyTorch's bits`, (t) => {
    const got = replay(c);
    t.deepEqual(Object.keys(got.params), Object.keys(c.expected.params), "parameter names and order");
    for (const [name, want] of Object.entries(c.expected.params)) t.deepEqual(got.params[name], want, `initial ${name}`);
    t.deepEqual(got.shape, c.expected.shape, "output shape");
    t.deepEqual(got.output, c.expected.output, "output");
    t.deepEqual(got.weights, c.expected.weights, "attention weights");
    if (c.expected.grads) {
      t.deepEqual(Object.keys(got.grads!), Object.keys(c.expected.grads), "parameters with gradients");
      for (const [name, want] of Object.entries(c.expected.grads)) t.deepEqual(got.grads![name], want, `grad of ${name}`);
      t.deepEqual(got.input_grads, c.expected.input_grads, "input gradients");
    }
  });
}

test("Transformer.generate_square_subsequent_mask(5) equals PyTorch's", (t) => {
  t.deepEqual(bits(Transformer.generate_square_subsequent_mask(5)), doc.square_subsequent_mask_5);
});

test("F.multi_head_attention_forward: PyTorch's AssertionErrors for bad shapes", (t) => {
  const q = torch.randn(3, 2, 8), w = torch.randn(24, 8), ow = torch.randn(8, 8);
  const call = (query: Tensor, key: Tensor, value: Tensor, opts = {}) =>
    () => multi_head_attention_forward(query, key, value, 8, 2, w, null, null, null, false, 0.0, ow, null, opts);
  t.throws(call(torch.randn(8), q, q), { message: "query should be unbatched 2D or batched 3D tensor but received 1-D query tensor" });
  t.throws(call(q, torch.randn(3, 8), q), { message: "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors respectively" });
  t.throws(call(q, q, q, { key_padding_mask: torch.zeros(2, 3, 1) }), { message: "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found 3-D tensor instead" });
  t.throws(call(q, q, q, { attn_mask: torch.zeros(3, 4) }), { message: "The shape of the 2D attn_mask is torch.Size([3, 4]), but should be (3, 3)." });
  t.throws(call(torch.randn(3, 2, 6), torch.randn(3, 2, 6), torch.randn(3, 2, 6)), { message: "was expecting embedding dimension of 8, but got 6" });
  t.throws(() => new MultiheadAttention(10, 3), { message: "embed_dim must be divisible by num_heads" });
});

test("deepcopyModule: equal parameters, separate storage, no random numbers drawn", (t) => {
  torch.manual_seed(0);
  const layer = new TransformerEncoderLayer(8, 2, 16);
  const before = torch.randn(1);
  torch.manual_seed(0);
  const layer2 = new TransformerEncoderLayer(8, 2, 16);
  const copy = deepcopyModule(layer2);
  t.deepEqual(bits(torch.randn(1)), bits(before));
  t.true(copy instanceof TransformerEncoderLayer);
  t.deepEqual(Object.keys(copy.state_dict()), Object.keys(layer.state_dict()));
  for (const [name, p] of layer2.named_parameters()) {
    const q = [...copy.named_parameters()].find(([n]) => n === name)![1];
    t.deepEqual(bits(q), bits(p), name);
    t.not(q, p);
  }
  torch.no_grad(() => layer2.linear1.weight.add_(1));
  t.notDeepEqual(bits(copy.linear1.weight), bits(layer2.linear1.weight));
  t.is(copy.activation, layer2.activation);
  t.is(String(copy).split("\n")[0], "TransformerEncoderLayer(");
});

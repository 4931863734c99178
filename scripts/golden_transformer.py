"""Goldens for nn.MultiheadAttention and the Transformer family, from real PyTorch.

Usage: python scripts/golden_transformer.py OUT.json

Each case says how it is built (module, constructor arguments, input shapes,
masks, call options, train or eval + no_grad); test/transformer.test.ts reads
the cases from OUT.json and replays them in torchnode. Recorded, as float32
bit patterns (int32): the initial parameters after torch.manual_seed, the
output, the attention weights, and the gradients of output.sum() with
respect to every parameter and input.
"""
import json
import sys

import torch
import torch.nn.functional as F
from torch import nn

NEG = float("-inf")
V2 = int(torch.__version__.split(".")[0]) >= 2


def bits(t):
    return t.detach().contiguous().view(torch.int32).flatten().tolist()


def mask(spec):
    if spec["dtype"] == "bool":
        return torch.tensor(spec["values"], dtype=torch.bool)
    return torch.tensor([[NEG if v is None else v for v in row] for row in spec["values"]])


ACTIVATIONS = {"relu": "relu", "gelu": "gelu", "silu": F.silu}


def build(case):
    kw = dict(case.get("ctor", {}))
    if "activation" in kw:
        kw["activation"] = ACTIVATIONS[kw["activation"]]
    kind = case["kind"]
    if kind == "mha":
        return nn.MultiheadAttention(**kw)
    if kind == "encoder_layer":
        return nn.TransformerEncoderLayer(**kw)
    if kind == "decoder_layer":
        return nn.TransformerDecoderLayer(**kw)
    if kind == "encoder":
        norm = nn.LayerNorm(kw["d_model"]) if case.get("norm") else None
        return nn.TransformerEncoder(nn.TransformerEncoderLayer(**kw), case["num_layers"], norm, **case.get("stack", {}))
    if kind == "decoder":
        norm = nn.LayerNorm(kw["d_model"]) if case.get("norm") else None
        return nn.TransformerDecoder(nn.TransformerDecoderLayer(**kw), case["num_layers"], norm)
    if kind == "transformer":
        return nn.Transformer(**kw)
    raise ValueError(kind)


def arguments(case, inputs):
    kind = case["kind"]
    if kind == "mha":
        q = inputs[0]
        share = case.get("share", "none")
        if share == "qkv":
            return [q, q, q]
        if share == "kv":
            return [q, inputs[1], inputs[1]]
        return inputs
    return inputs


def run(case):
    torch.manual_seed(case["seed"])
    m = build(case)
    out = {"params": {n: bits(p) for n, p in m.named_parameters()}}
    inputs = [torch.randn(*shape) for shape in case["inputs"]]
    masks = {k: mask(v) for k, v in case.get("masks", {}).items()}
    call = dict(case.get("call", {}))
    if not case.get("train", True):
        m.eval()
    if case.get("grad", True):
        for x in inputs:
            x.requires_grad_(True)
        result = m(*arguments(case, inputs), **masks, **call)
    else:
        with torch.no_grad():
            result = m(*arguments(case, inputs), **masks, **call)
    output, weights = result if isinstance(result, tuple) else (result, None)
    out["output"] = bits(output)
    out["shape"] = list(output.shape)
    out["weights"] = None if weights is None else bits(weights)
    if case.get("grad", True):
        output.sum().backward()
        out["grads"] = {n: bits(p.grad) for n, p in m.named_parameters() if p.grad is not None}
        out["input_grads"] = [None if x.grad is None else bits(x.grad) for x in inputs]
    return out


def mha_cases():
    E, H = 8, 2
    base = {"kind": "mha", "seed": 0, "ctor": {"embed_dim": E, "num_heads": H}}
    L, S, N = 3, 4, 2
    causal = {"dtype": "float", "values": [[0.0, None, None], [0.0, 0.0, None], [0.0, 0.0, 0.0]]}
    attn_bool = {"dtype": "bool", "values": [[False, True, False, False], [False, False, True, False], [True, False, False, False]]}
    kpm_bool = {"dtype": "bool", "values": [[False, False, True, True], [False, False, False, True]]}
    kpm_float = {"dtype": "float", "values": [[0.0, -1.5, None, 0.25], [0.0, 0.0, 0.5, None]]}
    cases = [
        dict(base, name="mha self-attention, seq-first", inputs=[[L, N, E]], share="qkv"),
        dict(base, name="mha cross-attention k is v", inputs=[[L, N, E], [S, N, E]], share="kv", seed=1),
        dict(base, name="mha distinct q k v", inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=2),
        dict(base, name="mha need_weights=False", inputs=[[L, N, E], [S, N, E], [S, N, E]], call={"need_weights": False}, seed=3),
        dict(base, name="mha per-head weights", inputs=[[L, N, E], [S, N, E], [S, N, E]], call={"average_attn_weights": False}, seed=4),
        dict(base, name="mha bool attn_mask + bool key_padding_mask", inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=5,
             masks={"attn_mask": attn_bool, "key_padding_mask": kpm_bool}),
        dict(base, name="mha float key_padding_mask, need_weights=False", inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=6,
             masks={"key_padding_mask": kpm_float}, call={"need_weights": False}),
        dict(base, name="mha causal float mask, self-attention", inputs=[[L, N, E]], share="qkv", seed=7, masks={"attn_mask": causal}),
        dict(base, name="mha batch_first self-attention", ctor={"embed_dim": E, "num_heads": H, "batch_first": True}, inputs=[[N, L, E]], share="qkv", seed=8),
        dict(base, name="mha kdim/vdim", ctor={"embed_dim": E, "num_heads": H, "kdim": 5, "vdim": 6}, inputs=[[L, N, E], [S, N, 5], [S, N, 6]], seed=9),
        dict(base, name="mha add_bias_kv + add_zero_attn + masks", ctor={"embed_dim": E, "num_heads": H, "add_bias_kv": True, "add_zero_attn": True},
             inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=10, masks={"attn_mask": attn_bool, "key_padding_mask": kpm_bool}),
        dict(base, name="mha bias=False", ctor={"embed_dim": E, "num_heads": H, "bias": False}, inputs=[[L, N, E]], share="qkv", seed=11),
        dict(base, name="mha unbatched", inputs=[[L, E], [S, E], [S, E]], seed=12, masks={"key_padding_mask": {"dtype": "bool", "values": [False, True, False, False]}}),
        dict(base, name="mha dropout in training", ctor={"embed_dim": E, "num_heads": H, "dropout": 0.3}, inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=13),
        dict(base, name="mha dropout in training, need_weights=False", ctor={"embed_dim": E, "num_heads": H, "dropout": 0.3},
             inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=14, call={"need_weights": False}),
        dict(base, name="mha eval + no_grad, batch_first self-attention (fast path)", ctor={"embed_dim": E, "num_heads": H, "batch_first": True},
             inputs=[[N, L, E]], share="qkv", seed=15, train=False, grad=False),
        dict(base, name="mha eval + no_grad fast path, key_padding_mask, need_weights=False", ctor={"embed_dim": E, "num_heads": H, "batch_first": True},
             inputs=[[N, S, E]], share="qkv", seed=16, train=False, grad=False, masks={"key_padding_mask": kpm_bool}, call={"need_weights": False}),
        dict(base, name="mha eval + no_grad, seq-first (slow path)", inputs=[[L, N, E], [S, N, E], [S, N, E]], seed=17, train=False, grad=False),
    ]
    return cases


def transformer_cases():
    d = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0}
    causal = {"dtype": "float", "values": [[0.0, None, None], [0.0, 0.0, None], [0.0, 0.0, 0.0]]}
    kpm = {"dtype": "bool", "values": [[False, False, True, True], [False, False, False, True]]}
    return [
        {"name": "encoder layer post-norm relu", "kind": "encoder_layer", "seed": 20, "ctor": d, "inputs": [[4, 2, 8]]},
        {"name": "encoder layer norm_first gelu, batch_first, key_padding_mask", "kind": "encoder_layer", "seed": 21,
         "ctor": dict(d, activation="gelu", norm_first=True, batch_first=True), "inputs": [[2, 4, 8]], "masks": {"src_key_padding_mask": kpm}},
        {"name": "encoder layer callable activation, dropout in training", "kind": "encoder_layer", "seed": 22,
         "ctor": dict(d, activation="silu", dropout=0.2, layer_norm_eps=1e-3), "inputs": [[4, 2, 8]]},
        {"name": "encoder layer eval + no_grad batch_first (fast path)", "kind": "encoder_layer", "seed": 23,
         "ctor": dict(d, batch_first=True), "inputs": [[2, 4, 8]], "train": False, "grad": False},
        {"name": "encoder layer eval + no_grad batch_first gelu norm_first, key_padding_mask (fast path)", "kind": "encoder_layer", "seed": 24,
         "ctor": dict(d, batch_first=True, activation="gelu", norm_first=True), "inputs": [[2, 4, 8]], "train": False, "grad": False,
         "masks": {"src_key_padding_mask": kpm}},
        {"name": "decoder layer with masks", "kind": "decoder_layer", "seed": 25, "ctor": d, "inputs": [[3, 2, 8], [4, 2, 8]],
         "masks": {"tgt_mask": causal, "memory_key_padding_mask": kpm}},
        {"name": "decoder layer norm_first batch_first dropout", "kind": "decoder_layer", "seed": 26,
         "ctor": dict(d, norm_first=True, batch_first=True, dropout=0.25), "inputs": [[2, 3, 8], [2, 4, 8]]},
        {"name": "encoder stack of 2 with norm", "kind": "encoder", "seed": 27, "ctor": d, "num_layers": 2, "norm": True, "inputs": [[4, 2, 8]],
         "masks": {"mask": {"dtype": "float", "values": [[0.0, None, None, None], [0.0, 0.0, None, None], [0.0, 0.0, 0.0, None], [0.0, 0.0, 0.0, 0.0]]}}},
        {"name": "encoder stack eval + no_grad batch_first (fast path layers)", "kind": "encoder", "seed": 28, "ctor": dict(d, batch_first=True),
         "num_layers": 2, "inputs": [[2, 4, 8]], "train": False, "grad": False},
        {"name": "encoder stack eval + no_grad batch_first, src_key_padding_mask (nested-tensor path)", "kind": "encoder", "seed": 32,
         "ctor": dict(d, batch_first=True), "num_layers": 2, "norm": True, "inputs": [[2, 4, 8]], "train": False, "grad": False, "masks": {"src_key_padding_mask": kpm}},
        {"name": "encoder stack eval + no_grad batch_first, mask_check=False, float padding mask", "kind": "encoder", "seed": 33,
         "ctor": dict(d, batch_first=True, activation="gelu"), "num_layers": 2, "stack": {"mask_check": False}, "inputs": [[2, 4, 8]], "train": False, "grad": False,
         "masks": {"src_key_padding_mask": {"dtype": "float", "values": [[0.0, 0.0, None, None], [0.0, 0.0, 0.0, None]]}}},
        {"name": "decoder stack of 2", "kind": "decoder", "seed": 29, "ctor": d, "num_layers": 2, "norm": True, "inputs": [[3, 2, 8], [4, 2, 8]],
         "masks": {"tgt_mask": causal}},
        {"name": "Transformer small", "kind": "transformer", "seed": 30,
         "ctor": dict(d, num_encoder_layers=2, num_decoder_layers=1), "inputs": [[4, 2, 8], [3, 2, 8]], "masks": {"tgt_mask": causal}},
        {"name": "Transformer batch_first dropout in training", "kind": "transformer", "seed": 31,
         "ctor": dict(d, num_encoder_layers=1, num_decoder_layers=1, batch_first=True, dropout=0.1), "inputs": [[2, 4, 8], [2, 3, 8]]},
    ]


def main():
    torch.set_num_threads(1)  # reductions split their work by thread; the test runs on one too
    cases = mha_cases() + transformer_cases()
    for case in cases:
        case["expected"] = run(case)
    mask5 = nn.Transformer.generate_square_subsequent_mask(5)
    doc = {"torch_version": torch.__version__, "cases": cases, "square_subsequent_mask_5": bits(mask5)}
    with open(sys.argv[1], "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()

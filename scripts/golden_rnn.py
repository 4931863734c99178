"""Goldens for the recurrent layers (test/rnn.test.ts), written by real PyTorch.

    python scripts/golden_rnn.py > rnn.json

Each case is a small recipe that test/rnn.test.ts replays in torchnode:
torch.manual_seed(seed); build the module from `cls`, `args` and `kwargs`
(train or eval mode); draw the input with torch.randn(input_shape) (float64
where `double`) and, where asked, the initial hidden state(s) with
torch.randn; optionally pack the input (pack_padded_sequence with `lengths`,
`enforce_sorted`); run forward; sum everything it returns into one scalar
and call backward. Recorded, as the little-endian bytes of each tensor in
base64: the initial parameters by name, the outputs (the packed data, or
the padded output of pad_packed_sequence), the hidden states, and the
gradients of every parameter, of the input and of the given hidden state.
"""
import base64
import json
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CASES = [
    # name, cls, args, kwargs, input shape, options
    ("rnn_tanh", "RNN", [3, 5], {}, [4, 2, 3], {}),
    ("rnn_relu_2layers_hx", "RNN", [3, 5, 2], {"nonlinearity": "relu"}, [4, 2, 3], {"hx": True}),
    ("rnn_bidir_batch_first", "RNN", [3, 5], {"bidirectional": True, "batch_first": True}, [2, 4, 3], {}),
    ("rnn_unbatched_hx", "RNN", [3, 4, 2], {}, [6, 3], {"hx": True}),
    ("rnn_no_bias", "RNN", [3, 4], {"bias": False}, [4, 2, 3], {}),
    ("lstm", "LSTM", [3, 5], {}, [4, 2, 3], {}),
    ("lstm_2layers_bidir_hx", "LSTM", [3, 5, 2], {"bidirectional": True}, [4, 3, 3], {"hx": True}),
    ("lstm_proj", "LSTM", [3, 6], {"proj_size": 2, "num_layers": 2}, [5, 2, 3], {"hx": True}),
    ("lstm_proj_bidir_batch_first", "LSTM", [3, 6], {"proj_size": 4, "bidirectional": True, "batch_first": True}, [2, 5, 3], {}),
    ("lstm_dropout_train", "LSTM", [3, 5, 3], {"dropout": 0.5}, [4, 2, 3], {"train": True}),
    ("lstm_dropout_eval", "LSTM", [3, 5, 3], {"dropout": 0.5}, [4, 2, 3], {}),
    ("lstm_unbatched", "LSTM", [3, 4], {"batch_first": True}, [5, 3], {"hx": True}),
    ("lstm_double", "LSTM", [3, 4, 2], {"dtype": "float64"}, [4, 2, 3], {"double": True}),
    ("gru", "GRU", [3, 5], {}, [4, 2, 3], {}),
    ("gru_3layers_dropout_train_bidir", "GRU", [3, 4, 3], {"dropout": 0.3, "bidirectional": True}, [5, 2, 3], {"train": True, "hx": True}),
    ("gru_unbatched", "GRU", [3, 4], {}, [5, 3], {}),
    ("lstm_packed_sorted", "LSTM", [3, 5], {}, [4, 3, 3], {"lengths": [4, 3, 1], "enforce_sorted": True}),
    ("lstm_packed_unsorted_hx", "LSTM", [3, 5, 2], {"bidirectional": True}, [4, 3, 3], {"lengths": [2, 4, 3], "enforce_sorted": False, "hx": True}),
    ("gru_packed_batch_first", "GRU", [3, 4], {"batch_first": True}, [3, 5, 3], {"lengths": [3, 5, 2], "enforce_sorted": False}),
    ("rnn_packed_relu", "RNN", [3, 4, 2], {"nonlinearity": "relu"}, [4, 2, 3], {"lengths": [4, 2], "enforce_sorted": True}),
    ("rnncell", "RNNCell", [3, 5], {}, [2, 3], {"hx": True}),
    ("rnncell_relu_unbatched", "RNNCell", [3, 5], {"nonlinearity": "relu"}, [3], {}),
    ("lstmcell", "LSTMCell", [3, 5], {}, [2, 3], {"hx": True}),
    ("lstmcell_unbatched_no_bias", "LSTMCell", [3, 5], {"bias": False}, [3], {"hx": True}),
    ("grucell", "GRUCell", [3, 5], {}, [2, 3], {}),
]


def enc(t):
    return base64.b64encode(t.detach().contiguous().numpy().tobytes()).decode()


def hidden_shapes(m, x, cell):
    """The shapes of the initial state(s) PyTorch expects for this input."""
    if cell:
        shape = [x.size(0), m.hidden_size] if x.dim() == 2 else [m.hidden_size]
        return [shape, shape] if isinstance(m, nn.LSTMCell) else [shape]
    d = 2 if m.bidirectional else 1
    batched = x.dim() == 3
    batch = x.size(0 if m.batch_first else 1) if batched else None
    lead = [m.num_layers * d] + ([batch] if batched else [])
    h = lead + [m.proj_size if m.proj_size > 0 else m.hidden_size]
    return [h, lead + [m.hidden_size]] if isinstance(m, nn.LSTM) else [h]


def run(case):
    name, cls, args, kwargs, shape, opts = case
    torch.manual_seed(7)
    kw = dict(kwargs)
    if "dtype" in kw:
        kw["dtype"] = getattr(torch, kw["dtype"])
    m = getattr(nn, cls)(*args, **kw)
    m.train(bool(opts.get("train")))
    params = {n: enc(p) for n, p in m.named_parameters()}
    dtype = torch.float64 if opts.get("double") else torch.float32
    x = torch.randn(shape, dtype=dtype, requires_grad=True)
    cell = cls.endswith("Cell")
    hx = None
    if opts.get("hx"):
        hs = [torch.randn(s, dtype=dtype, requires_grad=True) for s in hidden_shapes(m, x, cell)]
        hx = tuple(hs) if len(hs) == 2 else hs[0]
    inp = x
    if "lengths" in opts:
        inp = pack_padded_sequence(x, opts["lengths"], batch_first=m.batch_first, enforce_sorted=opts["enforce_sorted"])
    if cell:
        res = m(inp, hx)
        outs = list(res) if isinstance(res, tuple) else [res]
        hidden = []
    else:
        out, h = m(inp, hx)
        hidden = list(h) if isinstance(h, tuple) else [h]
        if "lengths" in opts:
            padded, lengths = pad_packed_sequence(out, batch_first=m.batch_first)
            outs = [out.data, padded, lengths.to(torch.int64)]
        else:
            outs = [out]
    total = sum(t.sum() for t in outs + hidden if t.is_floating_point())
    total.backward()
    given = [] if hx is None else (list(hx) if isinstance(hx, tuple) else [hx])
    return {
        "name": name, "cls": cls, "args": args, "kwargs": kwargs, "input_shape": shape, "opts": opts,
        "params": params,
        "outputs": [enc(t) for t in outs], "hidden": [enc(t) for t in hidden],
        "grads": {n: enc(p.grad) for n, p in m.named_parameters()},
        "input_grad": enc(x.grad), "hx_grads": [enc(h.grad) for h in given],
        "repr": repr(m),
    }


def main():
    out = {"torch_version": torch.__version__, "cases": [run(c) for c in CASES]}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

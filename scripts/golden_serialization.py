"""Writes .pt files with Debian's PyTorch 1.13 for torchnode's torch.load tests,
and a JSON manifest of what each holds (values as raw little-endian bytes).

    /usr/bin/python3 scripts/golden_serialization.py test/fixtures/pt
"""
import argparse
import base64
import collections
import json
import os
import sys

import numpy
import torch
from torch import nn

manifest = {}


# Dtypes NumPy has; the rest (bfloat16, complex32, PyTorch 2.x's 8-bit floats
# and unsigned ints) are described by their raw bytes.
NUMPY_DTYPES = (torch.float32, torch.float64, torch.float16, torch.int64, torch.int32, torch.int16, torch.int8,
                torch.uint8, torch.bool, torch.complex64, torch.complex128)


def enc(t):
    t = t.detach().cpu().contiguous()
    if t.dtype in NUMPY_DTYPES:
        data = t.numpy().tobytes()
    elif t.dtype == torch.bfloat16:
        data = t.view(torch.int16).numpy().tobytes()
    else:
        data = t.reshape(-1).view(torch.uint8).numpy().tobytes()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": base64.b64encode(data).decode()}


def describe(v):
    if isinstance(v, torch.Tensor):
        d = {"tensor": enc(v), "requires_grad": v.requires_grad, "parameter": isinstance(v, nn.Parameter),
             "stride": list(v.stride()), "offset": v.storage_offset()}
        return d
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, torch.Size):
        return {"size": list(v)}
    if isinstance(v, torch.device):
        return {"device": str(v)}
    if isinstance(v, tuple):
        return {"tuple": [describe(x) for x in v]}
    if isinstance(v, list):
        return [describe(x) for x in v]
    if isinstance(v, dict):
        d = {"dict": [[describe(k), describe(x)] for k, x in v.items()]}
        if hasattr(v, "_metadata"):
            d["metadata"] = [[k, m] for k, m in v._metadata.items()]
        return d
    raise TypeError(type(v))


def write(name, obj, legacy=False):
    torch.save(obj, os.path.join(out, name + ".pt"), _use_new_zipfile_serialization=not legacy)
    manifest[name] = describe(obj)


class MLP_BN(nn.Module):
    def __init__(self):
        super().__init__()
        self.h1 = nn.Linear(28 * 28, 16)
        self.bn1 = nn.BatchNorm1d(16)
        self.out = nn.Linear(16, 10)

    def forward(self, X):
        return self.out(torch.relu(self.bn1(self.h1(X.flatten(1)))))


if sys.argv[1] == "--describe":
    # What Python's torch.load makes of a file (torchnode's tests check files it wrote).
    weights_only = len(sys.argv) > 3 and sys.argv[3] == "--weights-only"
    obj = torch.load(sys.argv[2], weights_only=True) if weights_only else torch.load(sys.argv[2])
    print(json.dumps(describe(obj), sort_keys=True))
    sys.exit(0)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)

torch.manual_seed(0)
model = MLP_BN()
opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-2, momentum=0.9)
X, y = torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))
for _ in range(3):
    opt.zero_grad()
    nn.CrossEntropyLoss()(model(X), y).backward()
    opt.step()
write("lab_checkpoint", {"parameters": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3})
adam = torch.optim.Adam(model.parameters(), lr=1e-3)
nn.CrossEntropyLoss()(model(X), y).backward()
adam.step()
write("adam_state", adam.state_dict())

torch.manual_seed(1)
dtypes = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16,
          torch.int8, torch.uint8, torch.bool]
write("every_dtype", {str(d).replace("torch.", ""): (torch.randn(3, 4) * 50).to(d) for d in dtypes})
# PyTorch 2.x's newer dtypes, which torch.save writes as an UntypedStorage and
# _rebuild_tensor_v3 (only where this PyTorch has them).
newer = [getattr(torch, n) for n in ("float8_e5m2", "float8_e4m3fn", "float8_e5m2fnuz", "float8_e4m3fnuz",
                                     "uint16", "uint32", "uint64", "float8_e8m0fnu") if hasattr(torch, n)]
if newer:
    torch.manual_seed(4)
    write("newer_dtypes", {str(d).replace("torch.", ""): (torch.rand(3, 4) * 50).to(d) for d in newer})

base = torch.arange(24, dtype=torch.float32)
write("views", {"base": base, "t": base.view(4, 6).t(), "narrow": base[5:17:3], "row": base.view(4, 6)[2],
                "scalar": torch.tensor(3.5), "empty": torch.zeros(0, 3), "expand": torch.ones(1, 3).expand(4, 3)})
write("plain", {"int": 7, "big": 2 ** 70, "neg": -5, "float": 1.0, "pi": 3.25, "str": "héllo", "none": None,
                "true": True, "list": [1, 2.5, "x"], "tuple": (1, (2, 3)), "size": torch.Size([2, 3]),
                "device": torch.device("cpu"), "intkeys": {0: "a", 1: "b"}, "nested": {"a": {"b": [torch.ones(2)]}}})
write("parameter", {"p": nn.Parameter(torch.ones(2, 2)), "frozen": nn.Parameter(torch.zeros(3), requires_grad=False)})

# The pre-1.6 format, which old checkpoints still use.
torch.manual_seed(2)
legacy_model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
write("legacy", {"parameters": legacy_model.state_dict(), "epoch": 2, "x": torch.arange(6.0).view(2, 3).t(),
                 "half": torch.ones(3, dtype=torch.float16), "n": 1.0}, legacy=True)

# Objects with no JavaScript twin, as real checkpoints hold them (a run's
# argparse options, NumPy scalars for metrics, sets, bytes): loaded only with
# weights_only=False, and kept out of the manifest, which lists what loads by default.
torch.manual_seed(3)
objects = {"args": argparse.Namespace(lr=0.1, epochs=3, name="run-1", layers=[16, 10]),
           "best_acc": numpy.float64(0.9812), "f32": numpy.float32(0.5), "step": numpy.int64(7),
           "flag": numpy.bool_(True), "tags": {3, 1, 2}, "blob": b"\x00\x01\xff", "weights": torch.randn(2, 3)}
torch.save(objects, os.path.join(out, "python_objects.pt"))
with open(os.path.join(out, "python_objects.json"), "w") as f:
    json.dump({"args": vars(objects["args"]), "best_acc": float(objects["best_acc"]), "f32": float(objects["f32"]),
               "step": int(objects["step"]), "flag": bool(objects["flag"]), "tags": sorted(objects["tags"]),
               "blob": list(objects["blob"]), "weights": enc(objects["weights"])}, f, indent=1, sort_keys=True)

# A checkpoint saved on a GPU ("cuda:0" storages), written here by telling
# torch.save that location: without a GPU torch.load refuses it with advice,
# and map_location="cpu" loads it.
torch.manual_seed(5)
cuda_saved = {"w": torch.randn(2, 3), "step": 4}
location_tag = torch.serialization.location_tag
torch.serialization.location_tag = lambda storage: "cuda:0"
try:
    torch.save(cuda_saved, os.path.join(out, "cuda_saved.pt"))
finally:
    torch.serialization.location_tag = location_tag
try:
    torch.load(os.path.join(out, "cuda_saved.pt"))
    cuda_error = None  # a machine with a GPU
except RuntimeError as e:
    cuda_error = {"type": type(e).__name__, "message": str(e)}
with open(os.path.join(out, "cuda_saved.json"), "w") as f:
    json.dump({"error": cuda_error, "map_location_cpu": describe(torch.load(os.path.join(out, "cuda_saved.pt"), map_location="cpu"))},
              f, indent=1, sort_keys=True)

with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump({"torch": torch.__version__, "files": manifest}, f, indent=1, sort_keys=True)
print(f"wrote {len(manifest)} files to {out}")

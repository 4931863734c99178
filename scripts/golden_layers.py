"""
Goldens for torch.nn's layers (test/layers.test.ts runs this at test time with
the Python of the libtorch in use, /usr/bin/python3 or $TORCHNODE_PYTHON).

    python scripts/golden_layers.py OUT.json

For each case: torch.manual_seed(seed), construct the module (positional
arguments, then keywords) and record its repr and state_dict (keys, dtypes,
shapes and bytes); then, for each mode (train, and eval where it matters),
run forward on the case's inputs (recorded here as bytes, so no random draw
is needed to make them) and record the output, the state_dict after it, and
the gradients of output.sum() with respect to the inputs marked `grad` and to
the parameters. Tensors are written as their raw little-endian bytes (base64).
"""
import base64
import json
import sys
import warnings

import torch
from torch import nn

warnings.simplefilter("ignore")
V = tuple(int(x) for x in torch.__version__.split("+")[0].split(".")[:2])


def full(t):
    t = t.detach().cpu().contiguous()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "b64": base64.b64encode(t.numpy().tobytes()).decode()}


class In:
    """An input made from its own generator: kind randn, rand, pm1 (±1), int (0..hi), or a fixed list."""

    def __init__(self, shape, kind="randn", grad=True, hi=None, value=None, dtype=None):
        self.shape, self.kind, self.grad, self.hi, self.value, self.dtype = shape, kind, grad, hi, value, dtype

    def make(self, g):
        if self.kind == "value":
            return torch.tensor(self.value, dtype=self.dtype)
        if self.kind == "int":
            return torch.randint(0, self.hi, self.shape, generator=g)
        if self.kind == "rand":
            return torch.rand(self.shape, generator=g)
        if self.kind == "pm1":
            return torch.randint(0, 2, self.shape, generator=g).float() * 2 - 1
        return torch.randn(self.shape, generator=g)


def T(value, dtype=None):
    """A tensor argument of a constructor, written into the fixture."""
    return ("tensor", value, dtype)


def M(cls, *args, **kwargs):
    """A module argument (of a container), built in argument order."""
    return {"module": cls, "args": list(args), "kwargs": kwargs}


def C(cls, *args, inputs=(), modes=("train",), ctor=None, since=(1, 0), **kwargs):
    return {"cls": cls, "args": list(args), "kwargs": kwargs, "inputs": list(inputs), "modes": list(modes), "ctor": ctor, "since": since}


X4 = In([3, 4])
X23 = In([2, 3, 5])
IMG = In([2, 3, 4, 4])
TE = ("train", "eval")

CASES = [
    # ---- activation.py
    C("Threshold", 0.1, 20.0, inputs=[X4]), C("Threshold", threshold=-0.5, value=1.5, inputs=[X4]),
    C("Threshold", 0.1, 2.0, True, inputs=[In([3, 4], grad=False)]),
    C("ReLU", inputs=[X4]), C("ReLU", True, inputs=[In([3, 4], grad=False)]), C("ReLU", inplace=False, inputs=[X4]),
    C("RReLU", inputs=[In([4, 5])], modes=TE), C("RReLU", 0.2, 0.4, inputs=[In([4, 5])], modes=TE), C("RReLU", lower=0.05, upper=0.5, inplace=True, inputs=[In([4, 5], grad=False)], modes=TE),
    C("Hardtanh", inputs=[X4]), C("Hardtanh", -0.5, 0.5, inputs=[X4]), C("Hardtanh", min_val=-2.0, max_val=0.25, inputs=[X4]),
    C("ReLU6", inputs=[In([3, 4])]), C("ReLU6", inplace=True, inputs=[In([3, 4], grad=False)]),
    C("Sigmoid", inputs=[X4]), C("Hardsigmoid", inputs=[X4]), C("Hardsigmoid", True, inputs=[In([3, 4], grad=False)]),
    C("Tanh", inputs=[X4]), C("SiLU", inputs=[X4]), C("SiLU", inplace=True, inputs=[In([3, 4], grad=False)]),
    C("Mish", inputs=[X4]), C("Hardswish", inputs=[X4]),
    C("ELU", inputs=[X4]), C("ELU", 0.5, inputs=[X4]), C("ELU", alpha=2.0, inplace=True, inputs=[In([3, 4], grad=False)]),
    C("CELU", inputs=[X4]), C("CELU", 1.5, inputs=[X4]), C("CELU", alpha=0.3, inputs=[X4]),
    C("SELU", inputs=[X4]), C("SELU", True, inputs=[In([3, 4], grad=False)]),
    C("GLU", inputs=[In([3, 4])]), C("GLU", 0, inputs=[In([4, 3])]), C("GLU", dim=1, inputs=[In([2, 6, 3])]),
    C("GELU", inputs=[X4]), C("GELU", "tanh", inputs=[X4]), C("GELU", approximate="none", inputs=[X4]),
    C("Hardshrink", inputs=[X4]), C("Hardshrink", 0.8, inputs=[X4]), C("Hardshrink", lambd=0.1, inputs=[X4]),
    C("LeakyReLU", inputs=[X4]), C("LeakyReLU", 0.2, inputs=[X4]), C("LeakyReLU", negative_slope=0.05, inplace=True, inputs=[In([3, 4], grad=False)]),
    C("LogSigmoid", inputs=[X4]),
    C("Softplus", inputs=[X4]),
    # JS numbers carry no int/float: torchnode prints the type the release annotates (1.13: int, 2.x: float).
    C("Softplus", *((2.0, 1.0) if V >= (2, 0) else (2, 1)), inputs=[X4]), C("Softplus", beta=0.5, threshold=10.0 if V >= (2, 0) else 10, inputs=[X4]),
    C("Softshrink", inputs=[X4]), C("Softshrink", 0.3, inputs=[X4]), C("Softshrink", lambd=1.0, inputs=[X4]),
    C("PReLU", inputs=[X4]), C("PReLU", 3, inputs=[In([2, 3, 4])]), C("PReLU", num_parameters=4, init=0.1, inputs=[X4]),
    C("Softsign", inputs=[X4]), C("Tanhshrink", inputs=[X4]),
    C("Softmin", 1, inputs=[X4]), C("Softmin", dim=0, inputs=[X4]),
    C("Softmax", 1, inputs=[X4]), C("Softmax", dim=-1, inputs=[X23]), C("Softmax2d", inputs=[IMG]), C("Softmax2d", inputs=[In([3, 4, 4])]),
    C("LogSoftmax", 1, inputs=[X4]), C("LogSoftmax", dim=0, inputs=[X23]),
    # ---- normalisation
    C("BatchNorm1d", 4, inputs=[X4], modes=TE), C("BatchNorm1d", 3, 1e-3, 0.2, inputs=[X23], modes=TE),
    C("BatchNorm1d", num_features=4, momentum=None, inputs=[X4], modes=TE), C("BatchNorm1d", 4, affine=False, track_running_stats=False, inputs=[X4], modes=TE),
    C("BatchNorm2d", 3, inputs=[IMG], modes=TE), C("BatchNorm2d", 3, eps=0.01, affine=False, inputs=[IMG], modes=TE),
    C("BatchNorm2d", 3, 1e-05, 0.1, True, False, inputs=[IMG], modes=TE),
    C("BatchNorm3d", 2, inputs=[In([2, 2, 3, 3, 3])], modes=TE), C("BatchNorm3d", num_features=2, momentum=0.5, inputs=[In([2, 2, 2, 3, 3])], modes=TE),
    C("InstanceNorm1d", 3, inputs=[X23], modes=TE), C("InstanceNorm1d", 3, affine=True, inputs=[X23], modes=TE),
    C("InstanceNorm1d", 3, 1e-3, 0.2, True, True, inputs=[X23], modes=TE), C("InstanceNorm1d", 3, inputs=[In([3, 5])], modes=TE),
    C("InstanceNorm2d", 3, inputs=[IMG], modes=TE), C("InstanceNorm2d", num_features=3, affine=True, track_running_stats=True, inputs=[IMG], modes=TE),
    C("InstanceNorm3d", 2, inputs=[In([2, 2, 3, 3, 3])], modes=TE), C("InstanceNorm3d", 2, affine=True, inputs=[In([2, 3, 3, 3])], modes=TE),
    C("LayerNorm", 5, inputs=[X23]), C("LayerNorm", [3, 5], inputs=[X23]), C("LayerNorm", [5], 1e-3, False, inputs=[X23]),
    C("LayerNorm", normalized_shape=[4, 4], eps=1e-6, inputs=[IMG]),
    C("GroupNorm", 1, 3, inputs=[IMG]), C("GroupNorm", 2, 4, inputs=[In([2, 4, 3])]), C("GroupNorm", 3, 3, 1e-3, False, inputs=[IMG]),
    C("GroupNorm", num_groups=2, num_channels=6, eps=1e-4, inputs=[In([2, 6, 2, 2])]),
    C("LocalResponseNorm", 2, inputs=[IMG]), C("LocalResponseNorm", 3, 1e-3, 0.5, 2.0, inputs=[IMG]), C("LocalResponseNorm", size=2, alpha=0.01, beta=0.9, k=1.5, inputs=[X23]),
    C("RMSNorm", 5, inputs=[X23], since=(2, 4)), C("RMSNorm", [3, 5], 1e-4, inputs=[X23], since=(2, 4)),
    C("RMSNorm", normalized_shape=[5], elementwise_affine=False, inputs=[X23], since=(2, 4)),
    # ---- loss.py
    C("L1Loss", inputs=[X4, In([3, 4], grad=False)]), C("L1Loss", reduction="sum", inputs=[X4, In([3, 4], grad=False)]),
    C("L1Loss", None, False, inputs=[X4, In([3, 4], grad=False)]), C("L1Loss", size_average=False, inputs=[X4, In([3, 4], grad=False)]),
    C("MSELoss", inputs=[X4, In([3, 4], grad=False)]), C("MSELoss", reduction="none", inputs=[X4, In([3, 4], grad=False)]), C("MSELoss", True, True, "sum", inputs=[X4, In([3, 4], grad=False)]),
    C("NLLLoss", inputs=[X4, In([3], "int", False, 4)]), C("NLLLoss", T([0.5, 1.0, 2.0, 0.25]), inputs=[X4, In([3], "int", False, 4)]),
    C("NLLLoss", ignore_index=1, reduction="sum", inputs=[X4, In([3], "int", False, 4)]), C("NLLLoss", None, None, -100, False, inputs=[X4, In([3], "int", False, 4)]),
    C("CrossEntropyLoss", inputs=[X4, In([3], "int", False, 4)]), C("CrossEntropyLoss", T([0.5, 1.0, 2.0, 0.25]), label_smoothing=0.1, inputs=[X4, In([3], "int", False, 4)]),
    C("CrossEntropyLoss", reduction="none", inputs=[X4, In([3, 4], "rand", False)]), C("CrossEntropyLoss", ignore_index=2, inputs=[X4, In([3], "int", False, 4)]),
    C("PoissonNLLLoss", inputs=[X4, In([3, 4], "rand", False)]), C("PoissonNLLLoss", False, True, inputs=[In([3, 4], "rand"), In([3, 4], "rand", False)]),
    C("PoissonNLLLoss", log_input=True, full=True, eps=1e-6, reduction="sum", inputs=[X4, In([3, 4], "rand", False)]),
    C("GaussianNLLLoss", inputs=[X4, In([3, 4], grad=False), In([3, 4], "rand")]), C("GaussianNLLLoss", full=True, eps=1e-3, reduction="sum", inputs=[X4, In([3, 4], grad=False), In([3, 1], "rand")]),
    C("KLDivLoss", reduction="batchmean", inputs=[X4, In([3, 4], "rand", False)]), C("KLDivLoss", None, None, "sum", True, inputs=[X4, In([3, 4], grad=False)]),
    C("KLDivLoss", log_target=True, reduction="none", inputs=[X4, In([3, 4], grad=False)]),
    C("BCELoss", inputs=[In([3, 4], "rand"), In([3, 4], "rand", False)]), C("BCELoss", T([1.0, 2.0, 0.5, 0.25]), inputs=[In([3, 4], "rand"), In([3, 4], "rand", False)]),
    C("BCELoss", reduction="sum", inputs=[In([3, 4], "rand"), In([3, 4], "rand", False)]),
    C("BCEWithLogitsLoss", inputs=[X4, In([3, 4], "rand", False)]), C("BCEWithLogitsLoss", pos_weight=T([1.0, 2.0, 3.0, 0.5]), inputs=[X4, In([3, 4], "rand", False)]),
    C("BCEWithLogitsLoss", T([[0.5], [1.0], [2.0]]), None, None, "none", inputs=[X4, In([3, 4], "rand", False)]),
    C("HingeEmbeddingLoss", inputs=[X4, In([3, 4], "pm1", False)]), C("HingeEmbeddingLoss", 0.5, reduction="sum", inputs=[X4, In([3, 4], "pm1", False)]),
    C("MultiLabelMarginLoss", inputs=[X4, In(None, "value", False, value=[[3, 0, -1, 1], [0, 1, 2, 3], [1, -1, 0, 0]], dtype=torch.long)]),
    C("MultiLabelMarginLoss", reduction="none", inputs=[X4, In(None, "value", False, value=[[2, -1, 0, 0], [1, 2, -1, 3], [0, 3, 1, -1]], dtype=torch.long)]),
    C("SmoothL1Loss", inputs=[X4, In([3, 4], grad=False)]), C("SmoothL1Loss", beta=0.5, inputs=[X4, In([3, 4], grad=False)]), C("SmoothL1Loss", None, None, "sum", 2.0, inputs=[X4, In([3, 4], grad=False)]),
    C("HuberLoss", inputs=[X4, In([3, 4], grad=False)]), C("HuberLoss", "sum", 0.5, inputs=[X4, In([3, 4], grad=False)]), C("HuberLoss", delta=2.0, reduction="none", inputs=[X4, In([3, 4], grad=False)]),
    C("SoftMarginLoss", inputs=[X4, In([3, 4], "pm1", False)]), C("SoftMarginLoss", reduction="none", inputs=[X4, In([3, 4], "pm1", False)]),
    C("MultiLabelSoftMarginLoss", inputs=[X4, In([3, 4], "int", False, 2)]), C("MultiLabelSoftMarginLoss", T([1.0, 0.5, 2.0, 1.5]), reduction="sum", inputs=[X4, In([3, 4], "int", False, 2)]),
    C("CosineEmbeddingLoss", inputs=[X4, In([3, 4]), In([3], "pm1", False)]), C("CosineEmbeddingLoss", 0.5, reduction="none", inputs=[X4, In([3, 4]), In([3], "pm1", False)]),
    C("MarginRankingLoss", inputs=[In([5]), In([5]), In([5], "pm1", False)]), C("MarginRankingLoss", margin=0.3, reduction="sum", inputs=[In([5]), In([5]), In([5], "pm1", False)]),
    C("MultiMarginLoss", inputs=[X4, In([3], "int", False, 4)]), C("MultiMarginLoss", 2, 0.5, inputs=[X4, In([3], "int", False, 4)]),
    C("MultiMarginLoss", p=1, weight=T([1.0, 2.0, 0.5, 1.5]), reduction="none", inputs=[X4, In([3], "int", False, 4)]),
    C("TripletMarginLoss", inputs=[X4, In([3, 4]), In([3, 4])]), C("TripletMarginLoss", 0.5, 1.0, inputs=[X4, In([3, 4]), In([3, 4])]),
    C("TripletMarginLoss", margin=2.0, swap=True, reduction="sum", inputs=[X4, In([3, 4]), In([3, 4])]),
    C("TripletMarginWithDistanceLoss", inputs=[X4, In([3, 4]), In([3, 4])]), C("TripletMarginWithDistanceLoss", margin=0.5, swap=True, reduction="none", inputs=[X4, In([3, 4]), In([3, 4])]),
    C("CTCLoss", inputs=[In([6, 2, 4]), In(None, "value", False, value=[[1, 2, 2], [3, 1, 0]], dtype=torch.long),
                         In(None, "value", False, value=[6, 5], dtype=torch.long), In(None, "value", False, value=[3, 2], dtype=torch.long)]),
    C("CTCLoss", 3, "sum", True, inputs=[In([6, 2, 4]), In(None, "value", False, value=[[1, 2, 0], [0, 1, 0]], dtype=torch.long),
                                         In(None, "value", False, value=[6, 4], dtype=torch.long), In(None, "value", False, value=[3, 2], dtype=torch.long)]),
    # ---- sparse.py, linear.py, flatten.py, fold.py, pixelshuffle.py, channelshuffle.py, upsampling.py, distance.py, padding.py
    C("Embedding", 10, 3, inputs=[In([2, 4], "int", False, 10)]), C("Embedding", 10, 3, padding_idx=0, inputs=[In([2, 4], "int", False, 10)]),
    C("Embedding", 10, 3, -2, 1.0, inputs=[In([2, 4], "int", False, 10)]), C("Embedding", num_embeddings=5, embedding_dim=2, norm_type=1.0, scale_grad_by_freq=True, inputs=[In([6], "int", False, 5)]),
    C("Embedding", T([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), ctor="from_pretrained", inputs=[In([4], "int", False, 3)]),
    C("Embedding", T([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), False, 1, inputs=[In([4], "int", False, 3)], ctor="from_pretrained"),
    C("EmbeddingBag", 10, 3, inputs=[In([2, 4], "int", False, 10)]), C("EmbeddingBag", 10, 3, mode="sum", inputs=[In([8], "int", False, 10), In(None, "value", False, value=[0, 3], dtype=torch.long)]),
    C("EmbeddingBag", 10, 3, None, 2.0, False, "max", inputs=[In([2, 4], "int", False, 10)]), C("EmbeddingBag", 6, 2, padding_idx=1, include_last_offset=True, inputs=[In([6], "int", False, 6), In(None, "value", False, value=[0, 2, 6], dtype=torch.long)]),
    C("EmbeddingBag", T([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), ctor="from_pretrained", mode="sum", inputs=[In([2, 3], "int", False, 3)]),
    C("Linear", 4, 3, inputs=[X4]), C("Linear", 4, 2, False, inputs=[X4]), C("Linear", in_features=4, out_features=5, inputs=[X4]),
    C("Bilinear", 4, 3, 2, inputs=[X4, In([3, 3])]), C("Bilinear", 4, 3, 2, False, inputs=[X4, In([3, 3])]), C("Bilinear", in1_features=2, in2_features=4, out_features=3, inputs=[In([3, 2]), X4]),
    C("Identity", inputs=[X4]), C("Identity", 3, unused="x", inputs=[X4]),
    C("Flatten", inputs=[IMG]), C("Flatten", 0, 2, inputs=[IMG]), C("Flatten", start_dim=2, inputs=[IMG]),
    C("Unflatten", 1, [2, 2], inputs=[X4]), C("Unflatten", dim=-1, unflattened_size=[5, 1], inputs=[X23]),
    C("Fold", [4, 5], 2, inputs=[In([1, 12, 12])]), C("Fold", [3, 3], [2, 2], 1, 1, 2, inputs=[In([2, 8, 4])]),
    C("Fold", output_size=4, kernel_size=2, stride=2, inputs=[In([1, 4, 4])]),
    C("Unfold", 2, inputs=[IMG]), C("Unfold", [2, 3], 1, 1, 2, inputs=[IMG]), C("Unfold", kernel_size=3, dilation=2, padding=1, inputs=[IMG]),
    C("PixelShuffle", 2, inputs=[In([1, 8, 2, 3])]), C("PixelShuffle", upscale_factor=3, inputs=[In([9, 2, 2])]),
    C("PixelUnshuffle", 2, inputs=[IMG]), C("PixelUnshuffle", downscale_factor=2, inputs=[In([1, 2, 4, 6])]),
    C("ChannelShuffle", 2, inputs=[In([1, 4, 2, 2], grad=False)]), C("ChannelShuffle", groups=3, inputs=[In([2, 6, 3], grad=False)]),
    C("Upsample", scale_factor=2.0, inputs=[IMG]), C("Upsample", [5, 7], None, "bilinear", False, inputs=[IMG]),
    C("Upsample", scale_factor=[1.5, 2.0], mode="bicubic", align_corners=True, inputs=[IMG]), C("Upsample", size=7, mode="linear", inputs=[X23]),
    C("Upsample", scale_factor=2.0, mode="trilinear", recompute_scale_factor=True, inputs=[In([1, 1, 2, 3, 2])]),
    C("UpsamplingNearest2d", scale_factor=2.0, inputs=[IMG]), C("UpsamplingNearest2d", [6, 5], inputs=[IMG]),
    C("UpsamplingBilinear2d", scale_factor=2.0, inputs=[IMG]), C("UpsamplingBilinear2d", size=[3, 6], inputs=[IMG]),
    C("PairwiseDistance", inputs=[X4, In([3, 4])]), C("PairwiseDistance", 1.0, 1e-3, True, inputs=[X4, In([3, 4])]), C("PairwiseDistance", p=3.0, inputs=[X4, In([4])]),
    C("CosineSimilarity", inputs=[X4, In([3, 4])]), C("CosineSimilarity", 0, 1e-6, inputs=[X4, In([3, 4])]), C("CosineSimilarity", dim=-1, inputs=[X23, In([2, 3, 5])]),
    C("ConstantPad1d", 2, 3.5, inputs=[X23]), C("ConstantPad1d", [1, 3], -1.0, inputs=[In([3, 4])]), C("ConstantPad2d", padding=[1, 0, 2, 1], value=0.5, inputs=[IMG]),
    C("ConstantPad3d", 1, 2.0, inputs=[In([1, 1, 2, 2, 2])]), C("ZeroPad2d", 1, inputs=[IMG]), C("ZeroPad2d", [0, 1, 2, 0], inputs=[IMG]),
    C("ZeroPad1d", 2, inputs=[X23], since=(2, 1)), C("ZeroPad3d", padding=[1, 0, 0, 1, 1, 0], inputs=[In([1, 1, 2, 2, 2])], since=(2, 1)),
    C("ReflectionPad1d", 2, inputs=[X23]), C("ReflectionPad2d", [1, 0, 2, 1], inputs=[IMG]), C("ReflectionPad3d", padding=1, inputs=[In([1, 1, 2, 3, 3])]),
    C("ReplicationPad1d", [3, 1], inputs=[X23]), C("ReplicationPad2d", 2, inputs=[IMG]), C("ReplicationPad3d", padding=[1, 2, 0, 1, 1, 0], inputs=[In([1, 1, 2, 3, 3])]),
    # ---- container.py (a list argument becomes a tuple here: any iterable does)
    C("ModuleList"), C("ModuleList", [M("Linear", 3, 2), M("Linear", 3, 2), M("ReLU")]),
    C("ModuleList", [M("Linear", 4, 4), M("Linear", 4, 4), M("Linear", 4, 4), M("ReLU"), M("ReLU")]),
    C("ModuleList", modules=[M("Conv2d", 1, 2, 3), M("Sequential", M("Linear", 2, 2), M("ReLU"))]),
    C("ModuleDict", {"a": M("Linear", 2, 3), "b": M("ReLU"), "c": M("BatchNorm1d", 3)}), C("ModuleDict", modules={"x": M("Softmax", 1)}),
    C("ParameterList", [T([1.0, 2.0]), T([[1.0, 2.0], [3.0, 4.0]])]), C("ParameterList", values=[T([1.5])]), C("ParameterList"),
    C("ParameterDict", {"w": T([1.0, 2.0, 3.0]), "b": T([0.5])}), C("ParameterDict", parameters={"only": T([[1.0], [2.0]])}),
    # ---- the rest of torch.nn: deprecated aliases, wrappers, and 2.x's LinearCrossEntropyLoss
    C("NLLLoss2d", inputs=[In([2, 3, 2, 2]), In([2, 2, 2], "int", False, 3)]),
    C("NLLLoss2d", T([0.5, 1.0, 2.0]), None, 1, None, "sum", inputs=[In([2, 3, 2, 2]), In([2, 2, 2], "int", False, 3)]),
    C("NLLLoss2d", reduction="none", inputs=[X4, In([3], "int", False, 4)]),
    # DataParallel without a CUDA device: the module itself, under "module."
    C("DataParallel", M("Linear", 4, 3), inputs=[X4]), C("DataParallel", M("Sequential", M("Linear", 4, 4), M("BatchNorm1d", 4)), inputs=[X4], modes=TE),
    # (a module= keyword would read as a module spec in test/helpers/nn_golden.ts decodeArg)
    C("DataParallel", M("Conv2d", 3, 2, 3), None, None, 0, inputs=[IMG]), C("DataParallel", M("ReLU"), device_ids=None, dim=1, inputs=[X4]),
    C("LinearCrossEntropyLoss", 4, 3, inputs=[X4, In([3], "int", False, 3)], since=(2, 15)),
    C("LinearCrossEntropyLoss", 4, 3, bias=True, weight=T([1.0, 2.0, 0.5]), label_smoothing=0.1, reduction="sum", inputs=[X4, In([3], "int", False, 3)], since=(2, 15)),
    C("LinearCrossEntropyLoss", 4, 3, out_features=[2], bias=True, ignore_index=1, reduction="none", inputs=[X4, In([3, 2], "int", False, 3)], since=(2, 15)),
    C("LinearCrossEntropyLoss", in_features=4, num_classes=3, inputs=[X4, In([3, 3], "rand", False)], since=(2, 15)),
    C("LinearCrossEntropyLoss", 4, 5, out_features=[2, 2], inputs=[X4, In([3, 2, 2], "int", False, 5)], since=(2, 15)),
    C("LinearCrossEntropyLoss", 4, 3, inputs=[In([4]), In(None, "value", False, value=2, dtype=torch.long)], since=(2, 15)),
    C("AdaptiveLogSoftmaxWithLoss", 8, 10, [3, 6], inputs=[In([6, 8]), In([6], "int", False, 10)]),
    C("AdaptiveLogSoftmaxWithLoss", 8, 12, [2, 5, 9], 2.0, True, inputs=[In([7, 8]), In([7], "int", False, 12)]),
    C("AdaptiveLogSoftmaxWithLoss", in_features=6, n_classes=5, cutoffs=[4], head_bias=True, inputs=[In([6]), In(None, "value", False, value=4, dtype=torch.long)]),
    C("CircularPad1d", 2, inputs=[X23], since=(2, 1)), C("CircularPad2d", [1, 0, 2, 1], inputs=[IMG], since=(2, 1)), C("CircularPad3d", padding=1, inputs=[In([1, 1, 2, 3, 3])], since=(2, 1)),
]


def arg(v):
    """A constructor argument: the tensors written with T(), lists as tuples (JS arrays stand for Python's tuples)."""
    if isinstance(v, tuple) and v and v[0] == "tensor":
        return torch.tensor(v[1], dtype=v[2])
    if isinstance(v, dict) and "module" in v:
        return getattr(nn, v["module"])(*[arg(a) for a in v["args"]], **{k: arg(x) for k, x in v["kwargs"].items()})
    if isinstance(v, dict):
        return {k: arg(x) for k, x in v.items()}
    if isinstance(v, list):
        return tuple(arg(x) for x in v)
    return v


def enc_arg(v):
    if isinstance(v, tuple) and v and v[0] == "tensor":
        return {"t": full(arg(v))}
    if isinstance(v, list):
        return [enc_arg(x) for x in v]
    if isinstance(v, dict):
        return {k: enc_arg(x) for k, x in v.items()}
    return v


def run_case(i, case):
    out = {"cls": case["cls"], "ctor": case["ctor"], "args": [enc_arg(a) for a in case["args"]],
           "kwargs": {k: enc_arg(v) for k, v in case["kwargs"].items()}, "seed": 1000 + i, "modes": []}
    torch.manual_seed(1000 + i)
    cls = getattr(nn, case["cls"])
    args, kwargs = [arg(a) for a in case["args"]], {k: arg(v) for k, v in case["kwargs"].items()}
    m = getattr(cls, case["ctor"])(*args, **kwargs) if case["ctor"] else cls(*args, **kwargs)
    out["repr"] = repr(m)
    out["state"] = [[k, full(v)] for k, v in m.state_dict().items()]
    g = torch.Generator().manual_seed(2000 + i)
    made = [(spec.make(g), spec.grad) for spec in case["inputs"]]
    out["inputs"] = [{"t": full(t), "grad": grad} for t, grad in made]
    for mode in case["modes"] if case["inputs"] else []:  # containers have no forward
        m.train(mode == "train")
        xs = [t.clone().requires_grad_(grad) for t, grad in made]
        y = m(*xs)
        # a named tuple (AdaptiveLogSoftmaxWithLoss's [output, loss]): each element recorded, their sums summed for backward
        ys = list(y) if isinstance(y, tuple) else [y]
        y = ys[0]
        rec = {"mode": mode, "out": full(y), "more_outs": [full(t) for t in ys[1:]], "grads": [], "param_grads": []}
        if y.requires_grad:
            sum(t.sum() for t in ys).backward()
            rec["grads"] = [full(x.grad) if x.grad is not None else None for x in xs]
            rec["param_grads"] = [[n, full(p.grad) if p.grad is not None else None] for n, p in m.named_parameters()]
            for p in m.parameters():
                p.grad = None
        rec["state"] = [[k, full(v)] for k, v in m.state_dict().items()]
        out["modes"].append(rec)
    return out


def main():
    torch.set_num_threads(1)
    cases = [run_case(i, c) for i, c in enumerate(CASES) if V >= c["since"]]
    json.dump({"torch_version": torch.__version__, "cases": cases}, open(sys.argv[1], "w"))


if __name__ == "__main__":
    main()

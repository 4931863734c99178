/**
 * The invalid-input table, part 3: the nn modules added after part 2
 * (convolutions, pooling, padding, resampling, activations, dropout, norms,
 * embeddings, recurrent layers, attention, transformers, containers) with
 * their nn.functional counterparts. The rest of the losses, nn.init,
 * nn.utils, optimizers, lr schedulers and utils.data sit with their areas in
 * part 2. See invalid_input_rows.ts for what a row is. Most rows give
 * PyTorch's own arguments, so that the error is PyTorch's too.
 */
import * as torch from "../../lib";
import { nn, optim } from "../../lib";
import { torchAtLeast } from "../../lib/version";
import { ctorRows, disposed, i3, rows, t23, t3, type Row } from "./invalid_input_rows";

type Fn = (...args: never[]) => unknown;
type Ctor = new (...args: never[]) => unknown;
type Call = (...a: unknown[]) => unknown;
const F = nn.functional;
const ones = (...shape: number[]) => torch.ones(shape);
const long = (values: number[]) => torch.tensor(values.map(BigInt));
const leaf = () => [torch.ones([2], { requires_grad: true })];
/** new C(...args), then call it on `input`: for modules whose forward checks what the constructor kept. */
const make = (C: Ctor, ...args: unknown[]) => new (C as new (...x: unknown[]) => Call)(...args);
/** A module's forward: the module built by `build`, called with the row's arguments. */
const forward = (build: () => unknown) => ((...args: unknown[]) => (build() as Call)(...args)) as Fn;
/** Rows for `input not a Tensor` and `disposed input` of a module's forward. */
const notTensorRows = (api: string, build: () => unknown, extra: unknown[] = []) => rows(`${api} forward`, forward(build), {
  "input not a Tensor": [() => ["x", ...extra], () => [null, ...extra]],
  "disposed input": () => [disposed(), ...extra],
});

// ---- convolutions, pooling, padding, resampling ------------------------------------------

function convRows(): Row[] {
  const out: Row[] = [];
  const inputs = [ones(1, 2, 5), ones(1, 2, 5, 5), ones(1, 2, 4, 4, 4)];
  for (const n of [1, 2, 3] as const) {
    const Conv = [nn.Conv1d, nn.Conv2d, nn.Conv3d][n - 1] as Ctor;
    const ConvT = [nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d][n - 1] as Ctor;
    const x = () => inputs[n - 1];
    const small = () => torch.ones([1, 2, ...Array(n).fill(1)]);
    out.push(...ctorRows(`nn.Conv${n}d`, Conv, {
      "missing kernel_size": () => [2, 4],
      "groups that do not divide the channels": [() => [3, 4, 1, { groups: 2 }], () => [2, 3, 1, { groups: 2 }]],
      "zero groups": () => [2, 4, 1, { groups: 0 }],
      "unknown padding string": () => [2, 4, 3, { padding: "full" }],
      "padding='same' with a stride": () => [2, 4, 3, { stride: 2, padding: "same" }],
      "unknown padding_mode": () => [2, 4, 3, { padding_mode: "mirror" }],
      "unexpected keyword": () => [2, 4, 3, { kernel: 3 }],
    }));
    out.push(...rows(`nn.Conv${n}d forward`, forward(() => make(Conv, 2, 4, 3)), {
      "wrong channel count": () => [torch.ones([1, 3, ...Array(n).fill(5)])],
      "input smaller than the kernel": () => [small()],
      "integer input": () => [x().to(torch.int64)],
      "input not a Tensor": [() => ["x"], () => [null]],
      "disposed input": () => [disposed()],
    }));
    out.push(...ctorRows(`nn.ConvTranspose${n}d`, ConvT, {
      "missing kernel_size": () => [2, 4],
      "padding_mode other than zeros": () => [2, 4, 3, { padding_mode: "reflect" }],
      "groups that do not divide the channels": () => [3, 4, 1, { groups: 2 }],
    }));
    out.push(...rows(`nn.ConvTranspose${n}d forward`, forward(() => make(ConvT, 2, 4, 3)), {
      "wrong channel count": () => [torch.ones([1, 3, ...Array(n).fill(4)])],
      "output_size of the wrong length": () => [x(), [1, 2, 3, 4, 5, 6, 7]],
      "input not a Tensor": () => ["x"],
    }));
    const conv = [F.conv1d, F.conv2d, F.conv3d][n - 1] as Fn;
    out.push(...rows(`F.conv${n}d`, conv, {
      "weight with the wrong channel count": () => [x(), torch.ones([4, 3, ...Array(n).fill(1)])],
      "weight with the wrong number of dims": () => [x(), ones(4, 2)],
      "arguments not Tensors": [() => ["x", torch.ones([4, 2, ...Array(n).fill(1)])], () => [x(), "w"]],
    }));
  }
  return out;
}

function poolRows(): Row[] {
  const out: Row[] = [];
  const xs = [() => ones(1, 2, 6), () => ones(1, 2, 6, 6), () => ones(1, 2, 4, 4, 4)];
  for (const n of [1, 2, 3] as const) {
    const x = xs[n - 1];
    const flat = () => ones(6);
    const M = nn as unknown as Record<string, Ctor>;
    out.push(
      ...ctorRows(`nn.MaxPool${n}d`, M[`MaxPool${n}d`], { "missing kernel_size": () => [], "unexpected keyword": () => [2, { size: 2 }] }),
      ...rows(`nn.MaxPool${n}d forward`, forward(() => make(M[`MaxPool${n}d`], 2, { padding: 2 })), { "padding above half the kernel": () => [x()] }),
      ...notTensorRows(`nn.MaxPool${n}d`, () => make(M[`MaxPool${n}d`], 2)),
      ...ctorRows(`nn.AvgPool${n}d`, M[`AvgPool${n}d`], { "missing kernel_size": () => [] }),
      ...rows(`nn.AvgPool${n}d forward`, forward(() => make(M[`AvgPool${n}d`], 2, { padding: 2 })), { "padding above half the kernel": () => [x()] }),
      ...rows(`nn.AvgPool${n}d forward`, forward(() => make(M[`AvgPool${n}d`], 2)), { "too few dims": () => [flat()], "input not a Tensor": () => ["x"] }),
      ...ctorRows(`nn.AdaptiveAvgPool${n}d`, M[`AdaptiveAvgPool${n}d`], { "missing output_size": () => [] }),
      ...rows(`nn.AdaptiveAvgPool${n}d forward`, forward(() => make(M[`AdaptiveAvgPool${n}d`], Array(n + 2).fill(1))), { "output_size of the wrong length": () => [x()] }),
      ...rows(`nn.AdaptiveAvgPool${n}d forward`, forward(() => make(M[`AdaptiveAvgPool${n}d`], 1)), { "too few dims": () => [flat()], "input not a Tensor": () => ["x"] }),
      ...ctorRows(`nn.AdaptiveMaxPool${n}d`, M[`AdaptiveMaxPool${n}d`], { "missing output_size": () => [] }),
      ...rows(`nn.AdaptiveMaxPool${n}d forward`, forward(() => make(M[`AdaptiveMaxPool${n}d`], 1)), { "too few dims": () => [flat()], "input not a Tensor": () => ["x"] }),
      ...ctorRows(`nn.MaxUnpool${n}d`, M[`MaxUnpool${n}d`], { "missing kernel_size": () => [] }),
      ...rows(`nn.MaxUnpool${n}d forward`, forward(() => make(M[`MaxUnpool${n}d`], 2)), {
        "indices of another shape": () => [x(), torch.zeros([1, 2, ...Array(n).fill(1)], { dtype: torch.int64 })],
        "indices not a Tensor": () => [x(), "i"],
        "float indices": () => [x(), x()],
      }),
    );
    if (`LPPool${n}d` in M) {
      out.push(
        ...ctorRows(`nn.LPPool${n}d`, M[`LPPool${n}d`], { "missing kernel_size": () => [2] }),
        ...rows(`nn.LPPool${n}d forward`, forward(() => make(M[`LPPool${n}d`], 2, 2)), { "too few dims": () => [flat()], "input not a Tensor": () => ["x"] }),
      );
    }
  }
  for (const n of [2, 3] as const) {
    const Frac = (n === 2 ? nn.FractionalMaxPool2d : nn.FractionalMaxPool3d) as Ctor;
    out.push(...ctorRows(`nn.FractionalMaxPool${n}d`, Frac, {
      "neither output_size nor output_ratio": () => [2],
      "both output_size and output_ratio": () => [2, { output_size: 2, output_ratio: 0.5 }],
      "output_ratio outside (0, 1)": [() => [2, { output_ratio: 1.5 }], () => [2, { output_ratio: 0 }]],
    }));
    out.push(...notTensorRows(`nn.FractionalMaxPool${n}d`, () => make(Frac, 2, { output_ratio: 0.5 })));
  }
  out.push(
    ...rows("F.max_pool2d", F.max_pool2d as Fn, { "input not a Tensor": () => ["x", 2], "padding above half the kernel": () => [ones(1, 2, 6, 6), 2, 2, 3] }),
    ...rows("F.avg_pool2d", F.avg_pool2d as Fn, { "zero divisor_override": () => [ones(1, 2, 6, 6), 2, { divisor_override: 0 }], "input not a Tensor": () => ["x", 2] }),
    ...rows("F.adaptive_avg_pool2d", F.adaptive_avg_pool2d as Fn, { "too few dims": () => [ones(6), 1], "input not a Tensor": () => ["x", 1] }),
    ...rows("F.adaptive_max_pool1d", F.adaptive_max_pool1d as Fn, { "too few dims": () => [ones(6), 1] }),
    ...rows("F.max_unpool2d", F.max_unpool2d as Fn, { "indices not a Tensor": () => [ones(1, 2, 3, 3), "x", 2] }),
    ...rows("F.lp_pool2d", F.lp_pool2d as Fn, { "input not a Tensor": () => ["x", 2, 2] }),
    ...rows("F.fractional_max_pool2d", F.fractional_max_pool2d as Fn, { "neither output_size nor output_ratio": () => [ones(1, 2, 6, 6), 2] }),
  );
  return out;
}

function paddingRows(): Row[] {
  const out: Row[] = [];
  const M = nn as unknown as Record<string, Ctor>;
  for (const n of [1, 2, 3] as const) {
    const tooSmall = () => torch.ones([1, 1, ...Array(n).fill(2)]);
    for (const kind of ["Reflection", "Replication", "Constant", "Zero", "Circular"]) {
      const name = `${kind}Pad${n}d`;
      if (!(name in M)) continue;
      const args = kind === "Constant" ? [3, 0.5] : [3];
      out.push(...ctorRows(`nn.${name}`, M[name], { "missing padding": () => (kind === "Constant" ? [3] : []) }));
      out.push(...rows(`nn.${name} forward`, forward(() => make(M[name], ...args)), {
        ...(kind === "Reflection" || kind === "Circular" ? { "padding larger than the input": () => [tooSmall()] } : {}),
        "input not a Tensor": kind === "Circular" ? [() => ["x"], () => [null]] : () => ["x"],
      }));
    }
  }
  out.push(...rows("F.pad", F.pad as Fn, {
    "odd padding length": () => [t23(), [1, 2, 3]],
    "padding longer than the dims": () => [t3(), [1, 1, 1, 1]],
    "unknown mode": () => [ones(1, 2, 3), [1, 1], { mode: "mirror" }],
    "input not a Tensor": () => ["x", [1, 1]],
  }));
  return out;
}

function resamplingRows(): Row[] {
  const x4 = () => ones(1, 4, 2, 2);
  return [
    ...ctorRows("nn.PixelShuffle", nn.PixelShuffle as Ctor, { "missing upscale_factor": () => [] }),
    ...rows("nn.PixelShuffle forward", forward(() => new nn.PixelShuffle(3)), { "channels not divisible by the factor squared": () => [x4()], "too few dims": () => [t3()] }),
    ...rows("nn.PixelUnshuffle forward", forward(() => new nn.PixelUnshuffle(3)), { "size not divisible by the factor": () => [x4()], "input not a Tensor": () => ["x"] }),
    ...rows("nn.ChannelShuffle forward", forward(() => new nn.ChannelShuffle(3)), { "channels not divisible by groups": () => [x4()] }),
    ...ctorRows("nn.ChannelShuffle", nn.ChannelShuffle as Ctor, { "missing groups": () => [] }),
    ...rows("nn.Upsample forward", (o: unknown, x: unknown) => make(nn.Upsample, o)(x), {
      "neither size nor scale_factor": () => [{}, x4()],
      "both size and scale_factor": () => [{ size: 4, scale_factor: 2 }, x4()],
      "unknown mode": () => [{ scale_factor: 2, mode: "cubic" }, x4()],
      "align_corners with nearest": () => [{ scale_factor: 2, align_corners: true }, x4()],
      "size of the wrong length": () => [{ size: [1, 2, 3] }, x4()],
      "input not a Tensor": () => [{ scale_factor: 2 }, "x"],
    }),
    ...notTensorRows("nn.UpsamplingNearest2d", () => new nn.UpsamplingNearest2d({ scale_factor: 2 } as never)),
    ...rows("nn.UpsamplingBilinear2d forward", forward(() => new nn.UpsamplingBilinear2d({ scale_factor: 2 } as never)), { "3-d input": () => [ones(1, 2, 3)] }),
    ...rows("F.interpolate", F.interpolate as Fn, {
      "neither size nor scale_factor": () => [x4()],
      "bilinear on a 3-d input": () => [ones(1, 2, 3), { scale_factor: 2, mode: "bilinear" }],
      "input not a Tensor": () => ["x", { scale_factor: 2 }],
    }),
    ...rows("F.pixel_shuffle", F.pixel_shuffle as Fn, { "channels not divisible": () => [x4(), 3], "input not a Tensor": () => ["x", 2] }),
    ...ctorRows("nn.Fold", nn.Fold as Ctor, { "missing kernel_size": () => [[4, 4]] }),
    ...rows("nn.Fold forward", forward(() => new nn.Fold([4, 4] as never, 2 as never)), { "blocks that do not fit": () => [ones(1, 4, 5)], "input not a Tensor": () => ["x"] }),
    ...ctorRows("nn.Unfold", nn.Unfold as Ctor, { "missing kernel_size": () => [] }),
    ...rows("nn.Unfold forward", forward(() => new nn.Unfold(2 as never)), { "2-d input": () => [t23()], "kernel larger than the input": () => [ones(1, 1, 1, 1)] }),
    ...rows("F.unfold", F.unfold as Fn, { "input not a Tensor": () => ["x", 2] }),
    ...rows("F.fold", F.fold as Fn, { "input not a Tensor": () => ["x", [4, 4], 2] }),
    ...rows("F.grid_sample", F.grid_sample as Fn, {
      "unknown mode": () => [ones(1, 1, 2, 2), ones(1, 2, 2, 2), { mode: "cubic" }],
      "unknown padding_mode": () => [ones(1, 1, 2, 2), ones(1, 2, 2, 2), { padding_mode: "wrap" }],
      "grid of the wrong shape": () => [ones(1, 1, 2, 2), ones(1, 2, 2, 3)],
    }),
  ];
}

// ---- activations, dropout, normalization --------------------------------------------------

function activationRows(): Row[] {
  const out: Row[] = [];
  const plain = ["ReLU6", "Sigmoid", "Hardsigmoid", "Tanh", "SiLU", "Mish", "Hardswish", "ELU", "CELU", "SELU", "GELU", "Hardshrink", "LeakyReLU",
    "LogSigmoid", "Softplus", "Softshrink", "PReLU", "Softsign", "Tanhshrink", "RReLU", "Hardtanh", "Identity"] as const;
  const M = nn as unknown as Record<string, Ctor>;
  for (const name of plain) {
    if (name === "Identity") continue; // takes anything, as PyTorch's does
    out.push(...notTensorRows(`nn.${name}`, () => make(M[name])));
  }
  out.push(
    ...ctorRows("nn.Threshold", nn.Threshold as Ctor, { "missing threshold and value": [() => [], () => [0.1]] }),
    ...notTensorRows("nn.Threshold", () => new nn.Threshold(0.1, 0)),
    ...ctorRows("nn.GELU", nn.GELU as Ctor, { "unexpected keyword": () => [{ approx: "tanh" }] }),
    ...rows("nn.GELU forward", forward(() => new nn.GELU("sigmoid" as never)), { "unknown approximate": () => [t3()] }),
    ...rows("nn.GLU forward", forward(() => new nn.GLU()), { "odd size along dim": () => [t23()], "dim out of range": () => [t3(), 5] }),
    ...rows("nn.GLU", (d: unknown) => new nn.GLU(d as number)(ones(2, 4)), { "dim out of range": () => [5] }),
    ...rows("nn.Softmax2d forward", forward(() => new nn.Softmax2d()), { "2-d input": () => [t23()], "input not a Tensor": [() => ["x"], () => [null]] }),
    ...rows("nn.Softmin forward", forward(() => new nn.Softmin(5)), { "dim out of range": () => [t23()], "input not a Tensor": () => ["x"] }),
    ...rows("nn.PReLU forward", forward(() => new nn.PReLU(4)), { "num_parameters other than the channel count": () => [t23()] }),
    ...rows("nn.RReLU forward", forward(() => new nn.RReLU(0.5, 0.1)), { "lower above upper": () => [t3()] }),
    ...rows("nn.ELU(inplace) forward", forward(() => new nn.ELU(1, true)), { "leaf that requires grad": leaf }),
    ...rows("nn.LeakyReLU(inplace) forward", forward(() => new nn.LeakyReLU(0.1, true)), { "leaf that requires grad": leaf }),
    ...rows("F.glu", F.glu as Fn, { "odd size along dim": () => [t23()], "0-d input": () => [torch.tensor(1.0)] }),
    ...rows("F.gelu", F.gelu as Fn, { "unknown approximate": () => [t3(), { approximate: "sigmoid" }], "input not a Tensor": () => ["x"] }),
    ...rows("F.hardtanh", F.hardtanh as Fn, { "input not a Tensor": () => ["x"] }),
    ...ctorRows("nn.Hardtanh", nn.Hardtanh as Ctor, { "max_val not above min_val": [() => [1, -1], () => [1, 1]] }),
    ...rows("F.elu", F.elu as Fn, { "input not a Tensor": () => ["x"], "integer input": () => [i3()] }),
    ...rows("F.leaky_relu", F.leaky_relu as Fn, { "input not a Tensor": () => ["x"] }),
    ...rows("F.silu", F.silu as Fn, { "input not a Tensor": () => ["x"], "leaf in place": () => [leaf()[0], { inplace: true }] }),
    ...rows("F.softplus", F.softplus as Fn, { "input not a Tensor": () => ["x"] }),
    ...rows("F.threshold", F.threshold as Fn, { "missing value": () => [t3(), 0.5], "input not a Tensor": () => ["x", 0.5, 0] }),
    ...rows("F.prelu", F.prelu as Fn, { "weight of the wrong size": () => [t23(), ones(4)], "weight not a Tensor": () => [t23(), "w"] }),
    ...rows("F.softmin", F.softmin as Fn, { "dim out of range": () => [t23(), 5] }),
    ...rows("F.gumbel_softmax", F.gumbel_softmax as Fn, { "dim out of range": () => [t23(), { dim: 5 }], "logits not a Tensor": () => ["x"] }),
    ...rows("F.normalize", F.normalize as Fn, { "dim out of range": () => [t23(), { dim: 5 }], "input not a Tensor": () => ["x"] }),
    ...rows("F.one_hot", F.one_hot as Fn, {
      "negative class": () => [long([-1, 0])],
      "num_classes too small": () => [long([0, 5]), 3],
      "float input": () => [t3()],
    }),
    ...rows("F.cosine_similarity", F.cosine_similarity as Fn, { "shapes that do not broadcast": () => [t23(), ones(2, 4)], "not Tensors": () => ["x", t3()] }),
    ...rows("F.pairwise_distance", F.pairwise_distance as Fn, { "shapes that do not broadcast": () => [t23(), ones(2, 4)] }),
    ...rows("F.pdist", F.pdist as Fn, { "1-d input": () => [t3()] }),
    ...rows("nn.PairwiseDistance forward", forward(() => new nn.PairwiseDistance()), { "shapes that do not broadcast": () => [t23(), ones(2, 4)], "input not a Tensor": () => ["x", t23()] }),
    ...rows("nn.CosineSimilarity forward", forward(() => new nn.CosineSimilarity()), { "shapes that do not broadcast": () => [t23(), ones(2, 4)], "dim out of range": () => [t3(), t3()] }),
    ...rows("nn.Unflatten", (d: unknown, s: unknown) => new nn.Unflatten(d as number, s as number[])(t23()), { "sizes whose product differs": () => [1, [2, 2]], "missing sizes": () => [1] }),
    ...rows("nn.Bilinear forward", forward(() => new nn.Bilinear(2, 3, 4)), { "wrong in1_features": () => [t23(), t23()], "input not a Tensor": () => ["x", t23()] }),
    ...ctorRows("nn.Bilinear", nn.Bilinear as Ctor, { "missing out_features": () => [2, 3] }),
  );
  return out;
}

function dropoutRows(): Row[] {
  const out: Row[] = [];
  for (const name of ["Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] as const) {
    const D = nn[name] as Ctor;
    out.push(...ctorRows(`nn.${name}`, D, { "p outside [0, 1]": [() => [-0.1], () => [1.5]] }));
    out.push(...notTensorRows(`nn.${name}`, () => make(D)));
  }
  out.push(
    ...rows("nn.Dropout1d forward", forward(() => new nn.Dropout1d()), { "4-d input": () => [ones(1, 2, 3, 4)] }),
    ...rows("F.dropout2d", F.dropout2d as Fn, { "p outside [0, 1]": () => [ones(1, 2, 3, 3), 2] }),
    ...rows("F.alpha_dropout", F.alpha_dropout as Fn, { "p outside [0, 1]": () => [t3(), -1], "input not a Tensor": () => ["x"] }),
    ...rows("F.feature_alpha_dropout", F.feature_alpha_dropout as Fn, { "p outside [0, 1]": () => [t3(), 1.5] }),
  );
  return out;
}

function normRows(): Row[] {
  const out: Row[] = [];
  for (const [n, B, I] of [[2, nn.BatchNorm2d, nn.InstanceNorm2d], [3, nn.BatchNorm3d, nn.InstanceNorm3d], [1, nn.BatchNorm1d, nn.InstanceNorm1d]] as const) {
    if (n !== 1) {
      out.push(
        ...ctorRows(`nn.BatchNorm${n}d`, B as Ctor, { "missing num_features": () => [], "num_features of the wrong type": () => ["a"] }),
        ...rows(`nn.BatchNorm${n}d forward`, forward(() => make(B as Ctor, 3)), {
          "wrong number of dims": () => [t23()],
          "wrong number of features": () => [torch.ones([2, 4, ...Array(n).fill(3)])],
          "input not a Tensor": () => ["x"],
          "disposed input": () => [disposed()],
        }),
      );
    }
    out.push(
      ...ctorRows(`nn.InstanceNorm${n}d`, I as Ctor, { "missing num_features": () => [] }),
      ...rows(`nn.InstanceNorm${n}d forward`, forward(() => make(I as Ctor, 3, { affine: true })), {
        "wrong number of dims": () => [torch.ones(Array(n + 3).fill(2))],
        "wrong number of features": () => [torch.ones([2, 4, ...Array(n).fill(3)])],
        "input not a Tensor": [() => ["x"], () => [null]],
      }),
    );
  }
  out.push(
    ...ctorRows("nn.LayerNorm", nn.LayerNorm as Ctor, { "missing normalized_shape": () => [] }),
    ...rows("nn.LayerNorm forward", forward(() => new nn.LayerNorm(4)), { "last dim of another size": () => [t23()], "input not a Tensor": () => ["x"], "disposed input": () => [disposed()] }),
    ...ctorRows("nn.GroupNorm", nn.GroupNorm as Ctor, { "channels not divisible by groups": () => [2, 3], "missing num_channels": () => [2] }),
    ...rows("nn.GroupNorm forward", forward(() => new nn.GroupNorm(2, 4)), { "wrong number of channels": () => [ones(2, 6, 3)], "input not a Tensor": () => ["x"] }),
    ...ctorRows("nn.LocalResponseNorm", nn.LocalResponseNorm as Ctor, { "missing size": () => [] }),
    ...rows("nn.LocalResponseNorm forward", forward(() => new nn.LocalResponseNorm(2)), { "2-d input": () => [t23()], "input not a Tensor": () => ["x"] }),
    ...rows("F.layer_norm", F.layer_norm as Fn, { "normalized_shape that does not match": () => [t23(), [4]], "weight of the wrong shape": () => [t23(), [3], ones(4)] }),
    ...rows("F.group_norm", F.group_norm as Fn, { "channels not divisible by groups": () => [ones(2, 3, 2), 2], "input not a Tensor": () => ["x", 1] }),
    ...rows("F.instance_norm", F.instance_norm as Fn, { "running stats of the wrong size": () => [ones(2, 3, 4), ones(4), ones(4)], "input not a Tensor": () => ["x"] }),
    ...rows("F.local_response_norm", F.local_response_norm as Fn, { "2-d input": () => [t23(), 2] }),
  );
  if ("RMSNorm" in nn) {
    out.push(
      ...ctorRows("nn.RMSNorm", nn.RMSNorm as Ctor, { "missing normalized_shape": () => [] }),
      ...rows("nn.RMSNorm forward", forward(() => new nn.RMSNorm(4 as never)), { "last dim of another size": () => [t23()], "input not a Tensor": () => ["x"] }),
    );
  }
  return out;
}

// ---- embeddings, recurrent layers, attention, transformers ---------------------------------

function sparseRows(): Row[] {
  const ids = () => long([0, 1, 2]);
  return [
    ...ctorRows("nn.Embedding", nn.Embedding as Ctor, {
      "missing embedding_dim": () => [10],
      "padding_idx out of range": [() => [10, 3, { padding_idx: 10 }], () => [10, 3, { padding_idx: -11 }]],
      "_weight of the wrong shape": () => [10, 3, { _weight: ones(4, 4) }],
    }),
    ...rows("nn.Embedding forward", forward(() => new nn.Embedding(5, 3)), {
      "index out of range": () => [long([7])],
      "float indices": () => [t3()],
      "input not a Tensor": [() => ["x"], () => [[1, 2]]],
      "disposed input": () => [disposed()],
    }),
    ...rows("nn.Embedding.from_pretrained", nn.Embedding.from_pretrained as Fn, { "1-d embeddings": () => [t3()], "not a Tensor": () => ["x"] }),
    ...ctorRows("nn.EmbeddingBag", nn.EmbeddingBag as Ctor, {
      "padding_idx out of range": () => [10, 3, { padding_idx: 11 }],
      "missing embedding_dim": () => [10],
    }),
    ...rows("nn.EmbeddingBag forward", forward(() => new nn.EmbeddingBag(5, 3)), {
      "2-d input with offsets": () => [long([0, 1]).view(1, 2), long([0])],
      "1-d input without offsets": () => [ids()],
      "offsets not a Tensor": () => [ids(), "x"],
      "3-d input": () => [long([0, 1]).view(1, 1, 2)],
    }),
    ...rows("nn.EmbeddingBag", (o: unknown) => new nn.EmbeddingBag(5 as never, 3 as never, o as never)(long([0, 1]).view(1, 2)), { "unknown mode": () => [{ mode: "median" }] }),
    ...rows("nn.EmbeddingBag.from_pretrained", nn.EmbeddingBag.from_pretrained as Fn, { "1-d embeddings": () => [t3()] }),
    ...rows("F.embedding", F.embedding as Fn, { "index out of range": () => [long([7]), ones(5, 3)], "weight not a Tensor": () => [ids(), "w"], "float indices": () => [t3(), ones(5, 3)] }),
    ...rows("F.embedding_bag", F.embedding_bag as Fn, { "1-d input without offsets": () => [ids(), ones(5, 3)], "unknown mode": () => [ids().view(1, 3), ones(5, 3), { mode: "median" }] }),
  ];
}

function rnnRows(): Row[] {
  const out: Row[] = [];
  for (const name of ["RNN", "LSTM", "GRU"] as const) {
    const R = nn[name] as Ctor;
    out.push(
      ...ctorRows(`nn.${name}`, R, {
        "missing hidden_size": () => [4],
        "dropout outside [0, 1]": [() => [4, 3, { dropout: 1.5 }], () => [4, 3, { dropout: -0.1 }]],
        // PyTorch 2.0 on checks num_layers (1.13 builds no layers).
        ...(torchAtLeast(2) ? { "zero num_layers": () => [4, 3, { num_layers: 0 }] } : {}),
        "zero hidden_size": () => [4, 0],
        "unexpected keyword": () => [4, 3, { layers: 2 }],
        "num_layers of the wrong type": [() => [4, 3, { num_layers: 1.5 }], () => [4, 3, { num_layers: "2" }]],
      }),
      ...rows(`nn.${name} forward`, forward(() => make(R, 4, 3)), {
        "input of another feature size": () => [ones(5, 2, 3)],
        "4-d input": () => [ones(5, 2, 4, 1)],
        "input not a Tensor": [() => ["x"], () => [null]],
        "hidden state of the wrong shape": () => [ones(5, 2, 4), name === "LSTM" ? [ones(1, 3, 3), ones(1, 3, 3)] : ones(2, 2, 3)],
        "disposed input": () => [disposed()],
      }),
    );
  }
  out.push(...ctorRows("nn.RNN", nn.RNN as Ctor, { "unknown nonlinearity": () => [4, 3, { nonlinearity: "sigmoid" }] }));
  for (const name of ["RNNCell", "LSTMCell", "GRUCell"] as const) {
    const C = nn[name] as Ctor;
    out.push(
      ...ctorRows(`nn.${name}`, C, { "missing hidden_size": () => [4] }),
      ...rows(`nn.${name} forward`, forward(() => make(C, 4, 3)), {
        "input of another feature size": () => [ones(2, 3)],
        "3-d input": () => [ones(1, 2, 4)],
        "input not a Tensor": [() => ["x"], () => [null]],
        "hidden state of another batch size": () => [ones(2, 4), name === "LSTMCell" ? [ones(5, 3), ones(5, 3)] : ones(5, 3)],
        "disposed input": () => [disposed()],
      }),
    );
  }
  out.push(...rows("nn.RNNCell forward", forward(() => new nn.RNNCell(4 as never, 3 as never, { nonlinearity: "sigmoid" } as never)), { "unknown nonlinearity": () => [ones(2, 4)] }));
  return out;
}

function attentionRows(): Row[] {
  const q = () => ones(3, 2, 4);
  const mha = () => new nn.MultiheadAttention(4, 2);
  const encLayer = () => new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8, dropout: 0 } as never);
  const decLayer = () => new nn.TransformerDecoderLayer(4, 2, { dim_feedforward: 8, dropout: 0 } as never);
  const small = () => new nn.Transformer({ d_model: 4, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 8, dropout: 0 } as never);
  return [
    ...ctorRows("nn.MultiheadAttention", nn.MultiheadAttention as Ctor, {
      "embed_dim not divisible by num_heads": () => [5, 2],
      "missing num_heads": () => [4],
    }),
    ...rows("nn.MultiheadAttention forward", forward(mha), {
      "query of another embed_dim": () => [ones(3, 2, 5), ones(3, 2, 5), ones(3, 2, 5)],
      "key and value of different lengths": () => [q(), ones(3, 2, 4), ones(2, 2, 4)],
      "4-d query": () => [ones(1, 3, 2, 4), ones(1, 3, 2, 4), ones(1, 3, 2, 4)],
      "attn_mask of the wrong shape": () => [q(), q(), q(), { attn_mask: ones(2, 2) }],
      "arguments not Tensors": [() => ["x", q(), q()], () => [q(), q(), "v"]],
    }),
    ...ctorRows("nn.TransformerEncoderLayer", nn.TransformerEncoderLayer as Ctor, {
      "d_model not divisible by nhead": () => [5, 2],
      "unknown activation": () => [4, 2, { activation: "swish" }],
      "missing nhead": () => [4],
    }),
    ...rows("nn.TransformerEncoderLayer forward", forward(encLayer), { "input of another d_model": () => [ones(3, 2, 5)], "input not a Tensor": () => ["x"] }),
    ...ctorRows("nn.TransformerDecoderLayer", nn.TransformerDecoderLayer as Ctor, { "d_model not divisible by nhead": () => [5, 2], "unknown activation": () => [4, 2, { activation: "swish" }] }),
    ...rows("nn.TransformerDecoderLayer forward", forward(decLayer), { "memory of another d_model": () => [q(), ones(3, 2, 5)], "memory not a Tensor": () => [q(), "m"] }),
    ...ctorRows("nn.TransformerEncoder", nn.TransformerEncoder as Ctor, { "missing num_layers": () => [encLayer()] }),
    ...rows("nn.TransformerEncoder forward", forward(() => new nn.TransformerEncoder(encLayer(), 1 as never)), { "input of another d_model": () => [ones(3, 2, 5)], "input not a Tensor": () => ["x"] }),
    ...ctorRows("nn.TransformerDecoder", nn.TransformerDecoder as Ctor, { "missing num_layers": () => [decLayer()] }),
    ...rows("nn.TransformerDecoder forward", forward(() => new nn.TransformerDecoder(decLayer(), 1 as never)), { "memory of another d_model": () => [q(), ones(3, 2, 5)] }),
    ...ctorRows("nn.Transformer", nn.Transformer as Ctor, { "d_model not divisible by nhead": () => [{ d_model: 5, nhead: 2 }], "unknown activation": () => [{ d_model: 4, nhead: 2, activation: "swish" }] }),
    ...rows("nn.Transformer forward", forward(small), {
      "src and tgt batch sizes differ": () => [ones(3, 2, 4), ones(3, 1, 4)],
      "feature size other than d_model": () => [ones(3, 2, 5), ones(3, 2, 5)],
      "arguments not Tensors": () => ["x", q()],
    }),
    ...rows("nn.Transformer.generate_square_subsequent_mask", nn.Transformer.generate_square_subsequent_mask as Fn, { "negative size": () => [-1] }),
  ];
}

function containerRows(): Row[] {
  return [
    ...rows("nn.Sequential index", (i: unknown) => new nn.Sequential(new nn.ReLU()).at(i as number), { "out of range": () => [5] }),
    ...ctorRows("nn.ModuleList", nn.ModuleList as Ctor, { "not Modules": [() => [["x"]], () => [[1, new nn.ReLU()]]], "not iterable": () => [42] }),
    ...rows("nn.ModuleList.append", (m: unknown) => new nn.ModuleList().append(m as nn.Module), { "not a Module": () => ["x"] }),
    ...rows("nn.ModuleList index", (i: unknown) => new nn.ModuleList([new nn.ReLU()]).at(i as number), { "out of range": () => [5] }),
    ...ctorRows("nn.ModuleDict", nn.ModuleDict as Ctor, {
      "values not Modules": () => [{ a: "x" }],
      "not iterable": () => [42],
      "items not pairs": [() => [[1]], () => [[["a"]]]],
    }),
    ...rows("nn.ModuleDict.__getitem__", (k: unknown) => new nn.ModuleDict({ a: new nn.ReLU() }).get(k as string), { "missing key": () => ["b"] }),
    ...ctorRows("nn.ParameterList", nn.ParameterList as Ctor, { "not iterable": () => [42] }),
    ...ctorRows("nn.AdaptiveLogSoftmaxWithLoss", nn.AdaptiveLogSoftmaxWithLoss as Ctor, { "cutoffs not increasing within n_classes": [() => [8, 10, [5, 20]], () => [8, 10, [5, 3]]] }),
    ...rows("nn.AdaptiveLogSoftmaxWithLoss forward", forward(() => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [5])), {
      "batch sizes that differ": () => [ones(2, 8), torch.tensor([1n, 2n, 3n])],
    }),
    ...rows("nn.ParameterList.append", (p: unknown) => new nn.ParameterList().append(p as torch.Tensor), { "not a Tensor": () => ["x"] }),
    ...rows("nn.ParameterList index", (i: unknown) => new nn.ParameterList([new nn.Parameter(t3())]).at(i as number), { "out of range": () => [5] }),
    ...ctorRows("nn.ParameterDict", nn.ParameterDict as Ctor, { "values not Tensors": () => [{ a: "x" }], "not iterable": () => [42] }),
    ...rows("nn.ParameterDict.__getitem__", (k: unknown) => new nn.ParameterDict({ a: new nn.Parameter(t3()) }).get(k as string), { "missing key": () => ["b"] }),
  ];
}

/** torch.* added since part 1 (its rows live there otherwise). */
function laterTorchRows(): Row[] {
  return [...rows("torch.pyFormat", torch.pyFormat as Fn, {
    "unknown format spec": [() => [1.5, "q"], () => [1.5, ".xf"]],
    "a number spec for a string": [() => ["a", ".2f"], () => ["a", "+5"]],
    "spec not a string": [() => [1, 5], () => [1, null]],
    "a spec for a value with no __format__": [() => [{}, "5"], () => [null, ".2f"], () => [[1], "q"]],
  })];
}

/** Classes of later releases: on an earlier one the constructor throws NotImplementedError, also a typed error. */
function laterReleaseRows(): Row[] {
  const w = () => [torch.ones([2, 2], { requires_grad: true })];
  return [
    ...ctorRows("nn.LinearCrossEntropyLoss", nn.LinearCrossEntropyLoss as Ctor, {
      "label_smoothing above 1": () => [4, 3, { label_smoothing: 1.5 }],
      "weight of the wrong size": () => [4, 3, { weight: ones(5) }],
      "missing num_classes": () => [4],
    }),
    ...rows("nn.NLLLoss2d forward", forward(() => new nn.NLLLoss2d()), { "target class out of range": () => [ones(1, 3, 2, 2), long([5, 0, 0, 0]).view(1, 2, 2)], "input not a Tensor": () => ["x", long([0])] }),
    ...ctorRows("nn.DataParallel", nn.DataParallel as Ctor, { "missing module": () => [] }),
    ...ctorRows("optim.Adafactor", optim.Adafactor as Ctor, { "negative lr": () => [w(), { lr: -1 }], "positive beta2_decay": () => [w(), { beta2_decay: 0.5 }], "params of the wrong type": () => ["x"] }),
    ...ctorRows("optim.Muon", optim.Muon as Ctor, { "negative lr": () => [w(), { lr: -1 }], "1-d parameter": () => [leaf()], "params of the wrong type": () => ["x"] }),
  ];
}

export function nn2ModuleRows(): Row[] {
  return [...laterTorchRows(), ...laterReleaseRows(), ...convRows(), ...poolRows(), ...paddingRows(), ...resamplingRows(), ...activationRows(), ...dropoutRows(), ...normRows(), ...sparseRows(), ...rnnRows(), ...attentionRows(), ...containerRows()];
}

/**
 * The invalid-input table, part 2: nn (layers, losses, functional, init),
 * optim, torchnode/utils/data, datasets, transforms, torch.save/load and
 * safetensors. See invalid_input_rows.ts for what a row is.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../../lib";
import { nn, optim } from "../../lib";
import { FashionMNIST, MNIST, readIdx } from "../../lib/datasets";
import * as safetensors from "../../lib/safetensors";
import { Compose, Lambda, Normalize, ToTensor } from "../../lib/transforms";
import {
  BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, DistributedSampler, IterableDataset, RandomSampler, SequentialSampler, Subset,
  SubsetRandomSampler, TensorDataset, WeightedRandomSampler, default_collate, random_split,
} from "../../lib/utils/data";
import { ctorRows, disposed, i3, rows, t23, t3, type Row } from "./invalid_input_rows";
import { torchAtLeast } from "../../lib/version";

type Fn = (...args: never[]) => unknown;
const F = nn.functional;
const leaf = () => [torch.ones([2], { requires_grad: true })];
/** A module's forward, called as the module is: `m(...args)`. */
const forward = (make: () => unknown) => ((...args: unknown[]) => (make() as (...a: unknown[]) => unknown)(...args)) as Fn;
/** Construct, then call: for options a constructor keeps and the forward checks, as PyTorch's do. */
const constructAndCall = (make: (...a: unknown[]) => unknown, ...input: (() => unknown)[]) =>
  ((...args: unknown[]) => (make(...args) as (...a: unknown[]) => unknown)(...input.map((f) => f()))) as Fn;

function layerRows(): Row[] {
  return [
    ...ctorRows("nn.Linear", nn.Linear, {
      "sizes of the wrong type": [() => ["a", 2], () => [2, {}]],
      "NaN/Infinity sizes": [() => [NaN, 2], () => [Infinity, 2]],
      "negative sizes": [() => [-1, 2], () => [2, -1]],
      "fractional size": () => [1.5, 2],
      "missing out_features": [() => [2], () => [{ in_features: 2 }]],
    }),
    ...rows("nn.Linear forward", forward(() => new nn.Linear(3, 2)), {
      "input of the wrong width": () => [torch.ones(2, 4)],
      "integer input": () => [torch.ones([2, 3], { dtype: torch.int64 })],
      "input not a Tensor": [() => ["x"], () => [null]],
      "disposed input": () => [disposed()],
    }),
    ...rows("nn.ReLU forward", forward(() => new nn.ReLU()), { "input not a Tensor": () => ["x"], "disposed input": () => [disposed()] }),
    ...rows("nn.ReLU(inplace) forward", forward(() => new nn.ReLU(true)), { "leaf that requires grad": leaf }),
    ...rows("nn.Softmax forward", forward(() => new nn.Softmax(5)), { "dim out of range": () => [t23()] }),
    ...rows("nn.LogSoftmax forward", forward(() => new nn.LogSoftmax(5)), { "dim out of range": () => [t23()] }),
    ...rows("nn.Softmax", constructAndCall((d) => new nn.Softmax(d as number), t23), { "dim of the wrong type": () => ["x"] }),
    ...rows("nn.Flatten forward", forward(() => new nn.Flatten(5)), { "start_dim out of range": () => [t23()] }),
    ...rows("nn.Flatten", constructAndCall((d) => new nn.Flatten(d as number), t23), { "dims of the wrong type": () => ["x"] }),
    ...ctorRows("nn.Dropout", nn.Dropout, {
      "p outside [0, 1]": [() => [-0.1], () => [1.5]],
      "NaN/Infinity p": [() => [NaN], () => [Infinity]],
      "p of the wrong type": () => ["a"],
    }),
    ...rows("nn.Dropout forward", forward(() => new nn.Dropout()), { "input not a Tensor": () => ["x"], "disposed input": () => [disposed()] }),
    ...ctorRows("nn.BatchNorm1d", nn.BatchNorm1d, {
      "num_features of the wrong type": () => ["a"],
      "negative num_features": () => [-1],
      "NaN/fractional num_features": [() => [NaN], () => [1.5]],
    }),
    ...rows("nn.BatchNorm1d", constructAndCall((n, o) => new nn.BatchNorm1d(n as number, o as never), t23), {
      "eps/momentum of the wrong type": [() => [3, { eps: "x" }], () => [3, { momentum: "x" }]],
    }),
    ...rows("nn.BatchNorm1d forward", forward(() => new nn.BatchNorm1d(3)), {
      "wrong number of features": () => [torch.ones(2, 4)],
      "one value per channel in training": () => [torch.ones(1, 3)],
      "4-d input": () => [torch.ones(2, 3, 2, 2)],
      "integer input": () => [torch.ones([2, 3], { dtype: torch.int64 })],
      "input not a Tensor": () => ["x"],
    }),
    ...ctorRows("nn.Sequential", nn.Sequential, { "not Modules": [() => ["a"], () => [new nn.ReLU(), 1]] }),
    ...rows("nn.Sequential forward", forward(() => new nn.Sequential(new nn.Linear(3, 2))), { "input of the wrong width": () => [t3().view(1, 3).repeat(1, 2)] }),
    ...ctorRows("nn.Parameter", nn.Parameter, { "data not a Tensor": [() => ["x"], () => [42]], "disposed data": () => [disposed()] }),
    ...rows("Module.load_state_dict", (sd: unknown) => new nn.Linear(2, 2).load_state_dict(sd as never), {
      "missing keys": () => [{}],
      "unexpected keys": () => [{ ...new nn.Linear(2, 2).state_dict(), extra: t3() }],
      "size mismatch": () => [{ weight: torch.ones(3, 3), bias: torch.ones(2) }],
      "not a state dict": [() => ["x"], () => [null]],
      "value not a Tensor": () => [{ weight: "x", bias: torch.ones(2) }],
    }),
    ...rows("Module.to", (d: unknown) => new nn.Linear(2, 2).to(d as never), { "unknown device": () => ["gpu"], "wrong type": [() => [true], () => [Symbol("s")]] }),
    ...rows("Module.register_buffer", (n: unknown, t: unknown) => new nn.Linear(2, 2).register_buffer(n as string, t as never), {
      "name with a dot": () => ["a.b", t3()],
      "empty name": () => ["", t3()],
      "name not a string": () => [1, t3()],
      "buffer not a Tensor": () => ["buf", "x"],
    }),
    ...rows("Module.register_parameter", (n: unknown, p: unknown) => new nn.Linear(2, 2).register_parameter(n as string, p as never), {
      "not a Parameter": [() => ["p", "x"], () => ["p", t3()]],
      "name with a dot": () => ["a.b", new nn.Parameter(t3())],
    }),
    ...rows("Module.add_module", (n: unknown, m: unknown) => new nn.Sequential().add_module(n as string, m as never), {
      "not a Module": () => ["m", "x"],
      "name with a dot": () => ["a.b", new nn.ReLU()],
      "name not a string": () => [1, new nn.ReLU()],
    }),
    ...rows("Module.train", (mode: unknown) => new nn.Linear(2, 2).train(mode as boolean), { "mode not a boolean": () => ["x"] }),
  ];
}

function lossRows(): Row[] {
  const ce = () => new nn.CrossEntropyLoss();
  const out: Row[] = [
    ...rows("nn.CrossEntropyLoss forward", forward(ce), {
      "float class targets": () => [t23(), torch.ones(2)],
      "target class out of range": () => [t23(), torch.tensor([5n, 0n])],
      "batch sizes differ": () => [t23(), i3()],
      "arguments not Tensors": [() => ["x", i3()], () => [t23(), "x"]],
      "disposed input": () => [disposed(), torch.tensor([0n, 1n])],
    }),
    ...rows("nn.CrossEntropyLoss", constructAndCall((o) => new nn.CrossEntropyLoss(o as never), t23, () => torch.tensor([0n, 1n])), {
      "unknown reduction": () => [{ reduction: "avg" }],
      "label_smoothing above 1": () => [{ label_smoothing: 1.5 }],
      "negative label_smoothing": () => [{ label_smoothing: -0.1 }],
      "NaN label_smoothing": () => [{ label_smoothing: NaN }],
      "weight of the wrong size": () => [{ weight: torch.ones(5) }],
      "weight not a Tensor": () => [{ weight: "x" }],
    }),
    ...rows("nn.NLLLoss forward", forward(() => new nn.NLLLoss()), {
      "float class targets": () => [t23(), torch.ones(2)],
      "target class out of range": () => [t23(), torch.tensor([5n, 0n])],
      "batch sizes differ": () => [t23(), i3()],
    }),
    ...rows("nn.NLLLoss", constructAndCall((o) => new nn.NLLLoss(o as never), t23, () => torch.tensor([0n, 1n])), { "unknown reduction": () => [{ reduction: "avg" }] }),
  ];
  for (const [name, Loss] of [["MSELoss", nn.MSELoss], ["L1Loss", nn.L1Loss]] as const) {
    out.push(
      ...rows(`nn.${name} forward`, forward(() => new Loss()), {
        "shapes that do not broadcast": () => [t3(), torch.ones(4)],
        "arguments not Tensors": [() => ["x", t3()], () => [t3(), "x"]],
        "integer tensors": () => [i3(), i3()],
        "disposed target": () => [t3(), disposed()],
      }),
      ...rows(`nn.${name}`, constructAndCall((o) => new Loss(o as never), t3, t3), { "unknown reduction": () => [{ reduction: "avg" }] }),
    );
  }
  return out;
}

function functionalRows(): Row[] {
  return [
    ...rows("F.linear", F.linear as Fn, { "weight of the wrong shape": () => [t23(), torch.ones(2, 4)], "weight not a Tensor": () => [t23(), "x"] }),
    ...rows("F.relu", F.relu as Fn, { "input not a Tensor": () => ["x"] }),
    ...rows("F.dropout", F.dropout as Fn, { "p outside [0, 1]": () => [t3(), 2], "NaN p": () => [t3(), NaN], "input not a Tensor": () => ["x"] }),
    ...rows("F.batch_norm", F.batch_norm as Fn, { "running stats of the wrong size": () => [t23(), torch.zeros(4), torch.ones(4)], "input not a Tensor": () => ["x", null, null] }),
    ...rows("F.softmax", F.softmax as Fn, { "dim out of range": () => [t23(), 5], "input not a Tensor": () => ["x", 0] }),
    ...rows("F.log_softmax", F.log_softmax as Fn, { "dim out of range": () => [t23(), 5] }),
    ...rows("F.cross_entropy", F.cross_entropy as Fn, {
      "target class out of range": () => [t23(), torch.tensor([5n, 0n])],
      "unknown reduction": () => [t23(), torch.tensor([0n, 1n]), { reduction: "avg" }],
      "arguments not Tensors": () => ["x", "y"],
    }),
    ...rows("F.nll_loss", F.nll_loss as Fn, { "target class out of range": () => [t23(), torch.tensor([5n, 0n])] }),
    ...rows("F.mse_loss", F.mse_loss as Fn, { "input not a Tensor": () => ["x", t3()], "unknown reduction": () => [t3(), t3(), { reduction: "avg" }] }),
    ...rows("F.l1_loss", F.l1_loss as Fn, { "target not a Tensor": () => [t3(), "x"] }),
    ...rows("nn.init.uniform_", nn.init.uniform_ as Fn, { "not a Tensor": () => ["x"], "bounds of the wrong type": () => [t3(), "a", "b"] }),
    ...rows("nn.init.normal_", nn.init.normal_ as Fn, { "negative std": () => [t3(), 0, -1], "NaN std": () => [t3(), 0, NaN], "not a Tensor": () => ["x"] }),
    ...rows("nn.init.constant_", nn.init.constant_ as Fn, { "value of the wrong type": () => [t3(), "x"], "not a Tensor": () => ["x", 1] }),
    ...rows("nn.init.ones_", nn.init.ones_ as Fn, { "not a Tensor": () => ["x"] }),
    ...rows("nn.init.zeros_", nn.init.zeros_ as Fn, { "not a Tensor": () => ["x"] }),
    ...rows("nn.init.kaiming_uniform_", nn.init.kaiming_uniform_ as Fn, {
      "1-d tensor": () => [t3()],
      "unknown mode": () => [t23(), { mode: "fan_sideways" }],
      "unknown nonlinearity": () => [t23(), { nonlinearity: "swish" }],
    }),
    ...rows("nn.init.kaiming_normal_", nn.init.kaiming_normal_ as Fn, { "1-d tensor": () => [t3()] }),
    ...rows("nn.init.xavier_uniform_", nn.init.xavier_uniform_ as Fn, { "1-d tensor": () => [t3()] }),
    ...rows("nn.init.xavier_normal_", nn.init.xavier_normal_ as Fn, { "1-d tensor": () => [t3()] }),
    ...rows("nn.init.calculate_gain", nn.init.calculate_gain as Fn, { "unknown nonlinearity": () => ["swish"], "negative_slope of the wrong type": () => ["leaky_relu", "x"] }),
  ];
}

function optimRows(): Row[] {
  const out: Row[] = [];
  for (const [name, Opt] of [["SGD", optim.SGD], ["Adam", optim.Adam], ["AdamW", optim.AdamW]] as const) {
    const lr = { lr: 0.1 };
    out.push(...ctorRows(`optim.${name}`, Opt, {
      "params of the wrong type": [() => ["x", lr], () => [null, lr], () => [42, lr]],
      "a single Tensor as params": () => [torch.ones([2], { requires_grad: true }), lr],
      "empty parameter list": () => [[], lr],
      "params that are not Tensors": () => [[1, 2], lr],
      "non-leaf parameter": () => [[torch.ones([2], { requires_grad: true }).mul(2)], lr],
      "parameter in two groups": () => { const p = leaf()[0]; return [[{ params: [p] }, { params: [p] }], lr]; },
      "negative lr": () => [leaf(), { lr: -1 }],
      "NaN lr": () => [leaf(), { lr: NaN }],
      "Infinity lr": () => [leaf(), { lr: Infinity }],
      "lr of the wrong type": () => [leaf(), { lr: "x" }],
      "negative weight_decay": () => [leaf(), { lr: 0.1, weight_decay: -1 }],
    }));
    out.push(...rows(`optim.${name}.load_state_dict`, (sd: unknown) => new Opt(leaf(), lr).load_state_dict(sd as never), {
      "different number of groups": () => [{ state: {}, param_groups: [] }],
      "not a state dict": [() => ["x"], () => [{}]],
    }));
  }
  out.push(...ctorRows("optim.SGD", optim.SGD, {
    // PyTorch 2.2 on gives lr a default; before, it is required.
    ...(torchAtLeast(2, 2) ? {} : { "no lr": () => [leaf()] }),
    "negative momentum": () => [leaf(), { lr: 0.1, momentum: -1 }],
    "nesterov without momentum": () => [leaf(), { lr: 0.1, nesterov: true }],
  }));
  for (const [name, Opt] of [["Adam", optim.Adam], ["AdamW", optim.AdamW]] as const) {
    out.push(...ctorRows(`optim.${name}`, Opt, {
      "negative eps": () => [leaf(), { eps: -1 }],
      "betas outside [0, 1)": [() => [leaf(), { betas: [1.5, 0.9] }], () => [leaf(), { betas: [0.9, 1] }]],
      "NaN beta": () => [leaf(), { betas: [NaN, 0.9] }],
      "betas of the wrong type": () => [leaf(), { betas: "x" }],
    }));
  }
  out.push(...ctorRows("optim.lr_scheduler.StepLR", optim.lr_scheduler.StepLR, { "not an optimizer": [() => ["x", 1], () => [null, 1]] }));
  return out;
}

/** A dataset whose items default_collate cannot batch. */
class Dates extends Dataset<Date> {
  __getitem__(): Date {
    return new Date(0);
  }
  __len__(): number {
    return 2;
  }
}

function dataRows(): Row[] {
  const ds = () => new TensorDataset(torch.ones(4, 2), torch.tensor([0n, 1n, 0n, 1n]));
  const iterate = (make: () => Iterable<unknown>) => () => [...make()];
  const loaderOf = (o: unknown) => new DataLoader(ds(), o as never);
  return [
    ...rows("DataLoader", loaderOf as Fn, {
      "zero or negative batch_size": [() => [{ batch_size: 0 }], () => [{ batch_size: -1 }]],
      "NaN/Infinity/fractional batch_size": [() => [{ batch_size: NaN }], () => [{ batch_size: Infinity }], () => [{ batch_size: 1.5 }]],
      "batch_size of the wrong type": () => [{ batch_size: "x" }],
      "negative num_workers": () => [{ num_workers: -1 }],
      "sampler with shuffle": () => [{ sampler: [0, 1], shuffle: true }],
      "batch_sampler with batch_size": () => [{ batch_sampler: [[0]], batch_size: 2 }],
      "drop_last of the wrong type": () => [{ drop_last: "x" }],
    }),
    ...rows("DataLoader iteration", (make: unknown) => [...(make as () => Iterable<unknown>)()], {
      "dataset that is not a Dataset": [() => [() => new DataLoader(null as never)], () => [() => new DataLoader("abc" as never, { batch_size: 2 })]],
      "items default_collate cannot batch": () => [() => new DataLoader(new Dates(), { batch_size: 2 })],
    }),
    ...ctorRows("TensorDataset", TensorDataset, { "sizes that differ": () => [torch.ones(2), torch.ones(3)], "not Tensors": () => ["x"], "disposed tensor": () => [disposed()] }),
    ...rows("TensorDataset.__getitem__", (i: unknown) => ds().__getitem__(i as number), { "index out of range": () => [100], "index of the wrong type": [() => ["x"], () => [1.5], () => [NaN]] }),
    ...rows("Subset.__getitem__", (i: unknown) => new Subset(ds(), [100]).__getitem__(i as number), { "index past its dataset": () => [0] }),
    ...ctorRows("ConcatDataset", ConcatDataset, { "no datasets": () => [[]], "not datasets": () => [["x"]] }),
    ...rows("ConcatDataset.__getitem__", (i: unknown) => new ConcatDataset([ds()]).__getitem__(i as number), { "index out of range": [() => [100], () => [-100]] }),
    ...rows("random_split", random_split as Fn, {
      "lengths that do not sum to the length": () => [ds(), [1, 1]],
      "negative length": () => [ds(), [-1, 5]],
      "NaN length": () => [ds(), [NaN, 4]],
      "lengths of the wrong type": () => [ds(), "x"],
    }),
    ...ctorRows("RandomSampler", RandomSampler, {
      "zero or negative num_samples": [() => [ds(), { num_samples: 0 }], () => [ds(), { num_samples: -1 }]],
      "fractional num_samples": () => [ds(), { num_samples: 1.5 }],
      "replacement not a boolean": () => [ds(), { replacement: "x" }],
    }),
    ...rows("SequentialSampler iteration", iterate(() => new SequentialSampler("x" as never)) as Fn, { "data source without a length": () => [] }),
    ...ctorRows("BatchSampler", BatchSampler, {
      "zero or negative batch_size": [() => [[0, 1], 0, false], () => [[0, 1], -1, false]],
      "NaN batch_size": () => [[0, 1], NaN, false],
      "drop_last not a boolean": () => [[0, 1], 2, "x"],
    }),
    ...rows("default_collate", default_collate as Fn, {
      "empty batch": () => [[]],
      "items it cannot batch": [() => [[new Date()]], () => [[Symbol("s")]]],
      "lists of different lengths": () => [[[1, 2], [1]]],
      "tensors of different shapes": () => [[t3(), torch.ones(4)]],
    }),
  ];
}

function dataFileRows(dir: string): Row[] {
  const file = path.join(dir, "t.pt");
  torch.save({ t: t3() }, file);
  const garbage = path.join(dir, "garbage");
  fs.writeFileSync(garbage, "not a checkpoint");
  const missing = path.join(dir, "missing", "x.pt");
  return [
    ...ctorRows("datasets.MNIST", MNIST, {
      "missing folder": () => [path.join(dir, "nowhere")],
      "root of the wrong type": () => [123],
    }),
    ...rows("datasets.MNIST", (o: unknown) => new MNIST(null, o as never).__getitem__(0), { "transform that is not callable": () => [{ train: false, transform: "x" }] }),
    ...ctorRows("datasets.FashionMNIST", FashionMNIST, { "missing folder": () => [path.join(dir, "nowhere")] }),
    ...rows("MNIST.__getitem__", (i: unknown) => new MNIST(null, { train: false }).__getitem__(i as number), { "index out of range": () => [10_000], "index of the wrong type": () => ["x"] }),
    ...rows("datasets.readIdx", readIdx as Fn, { "missing file": () => [path.join(dir, "nowhere")], "not an IDX file": () => [garbage, 3] }),
    ...ctorRows("transforms.Compose", Compose, { "not a list": () => ["x"] }),
    ...rows("transforms.Compose call", (x: unknown) => new Compose([1 as never])(x), { "a step that is not callable": () => [t3()] }),
    ...rows("transforms.ToTensor", (x: unknown) => new ToTensor()(x as torch.Tensor), { "not a Tensor": () => ["x"], "4-d input": () => [torch.ones(1, 1, 2, 2)] }),
    ...rows("transforms.Normalize", (m: unknown, s: unknown, x: unknown) => new Normalize(m as number[], s as number[])(x as torch.Tensor), {
      "zero std": () => [[0.1], [0], torch.ones(1, 2, 2)],
      "mean/std of the wrong type": () => [["a"], ["b"], torch.ones(1, 2, 2)],
      "integer image": () => [[0.1], [0.3], torch.ones([1, 2, 2], { dtype: torch.int64 })],
      "2-d image": () => [[0.1], [0.3], torch.ones(2, 2)],
      "image not a Tensor": () => [[0.1], [0.3], "x"],
      "channel count that differs": () => [[0.1, 0.2], [0.3, 0.3], torch.ones(3, 2, 2)],
    }),
    ...ctorRows("transforms.Lambda", Lambda, { "not a function": () => ["x"] }),
    ...rows("torch.save", torch.save as Fn, {
      "folder that does not exist": () => [{}, missing],
      "a function or symbol": [() => [{ f: () => 1 }, file + "2"], () => [Symbol("s"), file + "2"]],
      "disposed tensor": () => [{ t: disposed() }, file + "2"],
      "destination of the wrong type": [() => [{}, 123], () => [{}, null]],
    }),
    ...rows("torch.load", torch.load as Fn, {
      "missing file": () => [missing],
      "a folder": () => [dir],
      "not a checkpoint": [() => [garbage], () => [Buffer.from("garbage")], () => [new Uint8Array(0)]],
      "source of the wrong type": [() => [123], () => [null]],
      "unknown map_location device": () => [file, { map_location: "gpu" }],
      "map_location of the wrong type": () => [file, { map_location: 5 }],
      "weights_only of the wrong type": () => [file, { weights_only: "no" }],
    }),
    ...rows("safetensors.save", safetensors.save as Fn, {
      "value not a Tensor": [() => [{ a: "x" }], () => [{ a: t3(), b: 1 }]],
      "disposed tensor": () => [{ a: disposed() }],
      "metadata value not a string": () => [{ a: t3() }, { k: 1 }],
      "complex dtype": () => [{ a: torch.ones([2], { dtype: torch.complex64 }) }],
      "not a record": () => ["x"],
    }),
    ...rows("safetensors.load", safetensors.load as Fn, {
      "not safetensors bytes": [() => [Buffer.from("garbage!garbage!")], () => [new Uint8Array(3)]],
      "header length past the end": () => [Buffer.from([255, 255, 255, 255, 0, 0, 0, 0, 123, 125])],
      "source of the wrong type": [() => ["x"], () => [null]],
    }),
    ...rows("safetensors.save_file", safetensors.save_file as Fn, { "folder that does not exist": () => [{ a: t3() }, missing] }),
    ...rows("safetensors.load_file", safetensors.load_file as Fn, { "missing file": () => [missing], "unknown device": () => [file, "gpu"] }),
  ];
}

// ---- part 3: the rest of the losses, nn.init, nn.utils, optimizers, schedulers, data -------

const ones = (...shape: number[]) => torch.ones(shape);
const long = (values: number[]) => torch.tensor(values.map(BigInt));
type Ctor = new (...args: never[]) => unknown;

function moreLossRows(): Row[] {
  const out: Row[] = [];
  const pointwise: [string, Ctor][] = [
    ["SmoothL1Loss", nn.SmoothL1Loss], ["HuberLoss", nn.HuberLoss], ["SoftMarginLoss", nn.SoftMarginLoss], ["KLDivLoss", nn.KLDivLoss],
    ["BCELoss", nn.BCELoss], ["BCEWithLogitsLoss", nn.BCEWithLogitsLoss], ["PoissonNLLLoss", nn.PoissonNLLLoss], ["HingeEmbeddingLoss", nn.HingeEmbeddingLoss],
    ["MultiLabelSoftMarginLoss", nn.MultiLabelSoftMarginLoss],
  ];
  const half = () => torch.full([2, 3], 0.5);
  for (const [name, Loss] of pointwise) {
    const make = (...a: unknown[]) => new (Loss as new (...x: unknown[]) => (...i: unknown[]) => unknown)(...a);
    out.push(
      ...rows(`nn.${name} forward`, forward(() => make()), {
        "arguments not Tensors": [() => ["x", half()], () => [half(), "y"]],
        "disposed input": () => [disposed(), half()],
      }),
      ...rows(`nn.${name}`, constructAndCall(make, half, half), { "unknown reduction": () => [{ reduction: "avg" }], "unexpected keyword": () => [{ reductio: "sum" }] }),
    );
  }
  out.push(
    ...rows("nn.SmoothL1Loss", constructAndCall((o) => new nn.SmoothL1Loss(o as never), t3, t3), { "negative beta": () => [{ beta: -1 }] }),
    ...rows("nn.HuberLoss", constructAndCall((o) => new nn.HuberLoss(o as never), t3, t3), { "negative delta": () => [{ delta: -1 }] }),
    ...rows("nn.BCELoss forward", forward(() => new nn.BCELoss()), { "input outside [0, 1]": () => [torch.full([3], 2), t3()], "shapes that differ": () => [t3(), torch.full([2], 0.5)] }),
    ...rows("nn.BCEWithLogitsLoss forward", forward(() => new nn.BCEWithLogitsLoss()), { "shapes that differ": () => [t3(), ones(4)] }),
    ...rows("nn.BCEWithLogitsLoss", constructAndCall((o) => new nn.BCEWithLogitsLoss(o as never), t23, t23), { "pos_weight that does not broadcast": () => [{ pos_weight: ones(4) }] }),
    ...rows("nn.MultiLabelMarginLoss forward", forward(() => new nn.MultiLabelMarginLoss()), { "float target": () => [t23(), t23()], "target of another shape": () => [t23(), long([0, 1])] }),
    ...rows("nn.MultiMarginLoss", constructAndCall((o) => new nn.MultiMarginLoss(o as never), t23, () => long([0, 1])), {
      "p other than 1 or 2": () => [{ p: 3 }],
      "weight not 1-d": () => [{ weight: ones(3, 1) }],
      // libtorch 1.13 does not check the weight's length.
      ...(torchAtLeast(2) ? { "weight of the wrong size": () => [{ weight: ones(5) }] } : {}),
    }),
    ...rows("nn.MultiMarginLoss forward", forward(() => new nn.MultiMarginLoss()), { "target class out of range": () => [t23(), long([5, 0])], "float target": () => [t23(), torch.zeros(2)] }),
    ...rows("nn.CosineEmbeddingLoss forward", forward(() => new nn.CosineEmbeddingLoss()), { "inputs of different sizes": () => [t23(), ones(2, 4), t3()], "arguments not Tensors": () => ["x", t23(), t3()] }),
    ...rows("nn.MarginRankingLoss forward", forward(() => new nn.MarginRankingLoss()), { "sizes that differ": () => [t3(), ones(4), t3()], "target not a Tensor": () => [t3(), t3(), 1] }),
    ...rows("nn.TripletMarginLoss forward", forward(() => new nn.TripletMarginLoss()), { "inputs of different dims": () => [t23(), t3(), t23()], "arguments not Tensors": () => [t23(), t23(), "n"] }),
    ...rows("nn.TripletMarginWithDistanceLoss forward", forward(() => new nn.TripletMarginWithDistanceLoss()), {
      "arguments not Tensors": () => [t23(), "p", t23()],
      // PyTorch 2.0 on checks the dimensions (1.13 broadcasts them).
      ...(torchAtLeast(2) ? { "inputs of different dims": () => [t23(), t3(), t23()] } : {}),
    }),
    ...rows("nn.TripletMarginWithDistanceLoss", constructAndCall((o) => new nn.TripletMarginWithDistanceLoss(o as never), t23, t23, t23), {
      // PyTorch 2.0 on checks the margin.
      ...(torchAtLeast(2) ? { "non-positive margin": () => [{ margin: 0 }] } : {}),
      "distance_function returning numbers": [() => [{ distance_function: () => 1 }], () => [{ distance_function: () => 1, swap: true }], () => [{ distance_function: () => "s" }]],
    }),
    ...rows("nn.GaussianNLLLoss forward", forward(() => new nn.GaussianNLLLoss()), {
      "negative variance": () => [t23(), t23(), torch.full([2, 3], -1)],
      "variance of the wrong size": () => [t23(), t23(), ones(5, 7)],
      "variance not a Tensor": [() => [t23(), t23(), "v"], () => [t23(), t23(), null]],
    }),
    ...rows("nn.PoissonNLLLoss forward", forward(() => new nn.PoissonNLLLoss()), { "shapes that do not broadcast": () => [t3(), ones(4)] }),
    ...rows("nn.KLDivLoss forward", forward(() => new nn.KLDivLoss()), { "shapes that do not broadcast": () => [t3(), ones(4)] }),
    ...rows("nn.CTCLoss forward", forward(() => new nn.CTCLoss()), {
      "lengths not Tensors or lists": () => [ones(2, 1, 3).log_softmax(2), long([1]).view(1, 1), "a", "b"],
      "4-d log_probs": () => [ones(2, 1, 3, 1), long([1]).view(1, 1), long([2]), long([1])],
    }),
    ...rows("nn.CTCLoss", constructAndCall((o) => new nn.CTCLoss(o as never), () => ones(2, 1, 3).log_softmax(2), () => long([1]).view(1, 1), () => long([2]), () => long([1])), {
      "blank out of range": () => [{ blank: 5 }],
      "unknown reduction": () => [{ reduction: "avg" }],
    }),
    ...rows("F.binary_cross_entropy", F.binary_cross_entropy as Fn, { "input outside [0, 1]": () => [torch.full([3], 2), t3()], "sizes that differ": () => [t3(), ones(4)] }),
    ...rows("F.binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits as Fn, { "sizes that differ": () => [t3(), ones(4)], "target not a Tensor": () => [t3(), "y"] }),
    ...rows("F.kl_div", F.kl_div as Fn, { "unknown reduction": () => [t3(), t3(), { reduction: "avg" }], "input not a Tensor": () => ["x", t3()] }),
    ...rows("F.smooth_l1_loss", F.smooth_l1_loss as Fn, { "negative beta": () => [t3(), t3(), { beta: -1 }] }),
    ...rows("F.huber_loss", F.huber_loss as Fn, { "negative delta": () => [t3(), t3(), { delta: -1 }] }),
    ...rows("F.gaussian_nll_loss", F.gaussian_nll_loss as Fn, { "negative variance": () => [t23(), t23(), torch.full([2, 3], -1)], "unknown reduction": () => [t23(), t23(), t23(), { reduction: "avg" }] }),
    ...rows("F.poisson_nll_loss", F.poisson_nll_loss as Fn, { "unknown reduction": () => [t3(), t3(), { reduction: "avg" }] }),
    ...rows("F.multi_margin_loss", F.multi_margin_loss as Fn, { "p other than 1 or 2": () => [t23(), long([0, 1]), { p: 3 }], "2-d weight": () => [t23(), long([0, 1]), { weight: ones(3, 1) }] }),
    ...rows("F.margin_ranking_loss", F.margin_ranking_loss as Fn, { "sizes that differ": () => [t3(), ones(4), t3()] }),
    ...rows("F.cosine_embedding_loss", F.cosine_embedding_loss as Fn, { "inputs of different sizes": () => [t23(), ones(2, 4), t3()] }),
    ...rows("F.triplet_margin_loss", F.triplet_margin_loss as Fn, { "inputs of different dims": () => [t23(), t3(), t23()] }),
    ...rows("F.hinge_embedding_loss", F.hinge_embedding_loss as Fn, { "input not a Tensor": () => ["x", t3()] }),
    ...rows("F.soft_margin_loss", F.soft_margin_loss as Fn, { "unknown reduction": () => [t3(), t3(), { reduction: "avg" }] }),
    ...rows("F.multilabel_margin_loss", F.multilabel_margin_loss as Fn, { "float target": () => [t23(), t23()] }),
    ...rows("F.multilabel_soft_margin_loss", F.multilabel_soft_margin_loss as Fn, { "target not a Tensor": () => [t23(), "y"] }),
    ...rows("F.ctc_loss", F.ctc_loss as Fn, { "log_probs not a Tensor": () => ["x", long([1]).view(1, 1), [2], [1]] }),
  );
  return out;
}

function initAndUtilsRows(): Row[] {
  const grads = () => {
    const p = torch.ones([3], { requires_grad: true });
    p.sum().backward();
    return p;
  };
  const linear = () => new nn.Linear(2, 2);
  const U = nn.utils;
  return [
    ...rows("nn.init.trunc_normal_", nn.init.trunc_normal_ as Fn, { "not a Tensor": () => ["x"], "bounds of the wrong type": () => [t3(), 0, 1, "a"] }),
    ...rows("nn.init.eye_", nn.init.eye_ as Fn, { "3-d tensor": () => [ones(2, 2, 2)], "not a Tensor": () => ["x"] }),
    ...rows("nn.init.dirac_", nn.init.dirac_ as Fn, { "2-d tensor": () => [ones(2, 2)], "out channels not divisible by groups": () => [ones(3, 2, 2), 2] }),
    ...rows("nn.init.orthogonal_", nn.init.orthogonal_ as Fn, { "1-d tensor": () => [t3()], "not a Tensor": () => ["x"] }),
    ...rows("nn.init.sparse_", nn.init.sparse_ as Fn, { "3-d tensor": () => [ones(2, 2, 2), 0.5], "missing sparsity": () => [ones(2, 2)] }),
    ...rows("nn.init.xavier_uniform_", nn.init.xavier_uniform_ as Fn, { "not a Tensor": () => ["x"] }),
    ...rows("nn.init.kaiming_normal_", nn.init.kaiming_normal_ as Fn, { "unknown mode": () => [t23(), { mode: "fan_sideways" }], "not a Tensor": () => ["x"] }),
    ...rows("nn.utils.clip_grad_norm_", U.clip_grad_norm_ as Fn, {
      "parameters of the wrong type": () => [42, 1],
      "parameters not Tensors": [() => ["x", 1], () => [[1, 2], 1]],
      "max_norm of the wrong type": () => [[grads()], "x"],
      "non-finite norm with error_if_nonfinite": () => [[(() => { const p = grads(); p.grad!.fill_(Infinity); return p; })()], 1, { error_if_nonfinite: true }],
      "missing max_norm": () => [[grads()]],
    }),
    ...rows("nn.utils.clip_grad_value_", U.clip_grad_value_ as Fn, {
      "parameters of the wrong type": () => [42, 1],
      "parameters not Tensors": [() => ["x", 1], () => [[1], 1]],
      "clip_value of the wrong type": () => [[grads()], "x"],
    }),
    ...rows("nn.utils.get_total_norm", U.get_total_norm as Fn, { "not Tensors": [() => [42], () => ["x"], () => [[1]]], "unknown norm_type": () => [[t3()], "fro"] }),
    ...rows("nn.utils.parameters_to_vector", U.parameters_to_vector as Fn, {
      "disposed tensor": () => [[disposed()]],
      "parameters not Tensors": [() => [["x"]], () => ["x"]],
      "parameters not iterable": () => [42],
    }),
    ...rows("nn.utils.vector_to_parameters", U.vector_to_parameters as Fn, {
      "vec not a Tensor": () => ["x", [t3()]],
      "vec shorter than the parameters": () => [ones(2), [t3()]],
      "parameters not Tensors": () => [t3(), ["x"]],
      "parameters not iterable": () => [t3(), 42],
    }),
    ...rows("nn.utils.weight_norm", U.weight_norm as Fn, {
      "no such parameter": () => [linear(), "gain"],
      "applied twice": () => [U.weight_norm(linear())],
      "not a Module": [() => ["x"], () => [42]],
    }),
    ...rows("nn.utils.remove_weight_norm", U.remove_weight_norm as Fn, { "not applied": () => [linear()], "not a Module": () => ["x"] }),
    ...rows("nn.utils.spectral_norm", U.spectral_norm as Fn, {
      "no such parameter": () => [linear(), "gain"],
      "zero n_power_iterations": () => [linear(), { n_power_iterations: 0 }],
      "applied twice": () => [U.spectral_norm(linear())],
    }),
    ...rows("nn.utils.remove_spectral_norm", U.remove_spectral_norm as Fn, { "not applied": () => [linear()] }),
    ...rows("nn.utils.fuse_conv_bn_eval", U.fuse_conv_bn_eval as Fn, { "modules in training mode": () => [new nn.Conv2d(2, 2, 1), new nn.BatchNorm2d(2)] }),
    ...rows("nn.utils.rnn.pack_padded_sequence", U.rnn.pack_padded_sequence as Fn, {
      "lengths not sorted with enforce_sorted": () => [ones(3, 2, 1), [1, 3]],
      "zero length": () => [ones(3, 2, 1), [3, 0]],
      "lengths of another batch size": () => [ones(3, 2, 1), [3, 2, 1]],
      "input not a Tensor": () => ["x", [1]],
    }),
    ...rows("nn.utils.rnn.pad_sequence", U.rnn.pad_sequence as Fn, { "not a list": () => [42], "tensors of different trailing sizes": () => [[ones(2, 3), ones(2, 4)]] }),
    ...rows("nn.utils.rnn.pack_sequence", U.rnn.pack_sequence as Fn, { "empty list": () => [[]], "not sorted with enforce_sorted": () => [[t3(), ones(4)]] }),
    ...rows("nn.utils.rnn.pad_packed_sequence", U.rnn.pad_packed_sequence as Fn, {
      "total_length shorter than the sequence": () => [U.rnn.pack_sequence([t3()]), { total_length: 1 }],
      "not a PackedSequence": [() => ["x"], () => [42]],
    }),
  ];
}

function moreOptimRows(): Row[] {
  const out: Row[] = [];
  const all: [string, Ctor][] = [
    ["Adadelta", optim.Adadelta], ["Adagrad", optim.Adagrad], ["RMSprop", optim.RMSprop], ["Adamax", optim.Adamax], ["NAdam", optim.NAdam],
    ["RAdam", optim.RAdam], ["ASGD", optim.ASGD], ["Rprop", optim.Rprop], ["LBFGS", optim.LBFGS], ["SparseAdam", optim.SparseAdam],
  ];
  for (const [name, Opt] of all) {
    out.push(...ctorRows(`optim.${name}`, Opt, {
      "params of the wrong type": [() => ["x"], () => [null], () => [42]],
      "empty parameter list": () => [[]],
      "params that are not Tensors": () => [[1, 2]],
      // LBFGS checks lr from PyTorch 2.0 on.
      ...(name !== "LBFGS" || torchAtLeast(2) ? { "negative lr": () => [leaf(), { lr: -1 }] } : {}),
      "lr of the wrong type": () => [leaf(), { lr: "x" }],
    }));
  }
  out.push(
    ...ctorRows("optim.Adadelta", optim.Adadelta, { "rho outside [0, 1]": () => [leaf(), { rho: 1.5 }], "negative eps": () => [leaf(), { eps: -1 }], "negative weight_decay": () => [leaf(), { weight_decay: -1 }] }),
    ...ctorRows("optim.Adagrad", optim.Adagrad, { "negative lr_decay": () => [leaf(), { lr_decay: -1 }], "negative initial_accumulator_value": () => [leaf(), { initial_accumulator_value: -1 }] }),
    ...ctorRows("optim.RMSprop", optim.RMSprop, { "negative momentum": () => [leaf(), { momentum: -1 }], "negative alpha": () => [leaf(), { alpha: -1 }], "negative eps": () => [leaf(), { eps: -1 }] }),
    ...ctorRows("optim.Adamax", optim.Adamax, { "betas outside [0, 1)": () => [leaf(), { betas: [1.5, 0.9] }], "negative eps": () => [leaf(), { eps: -1 }] }),
    ...ctorRows("optim.NAdam", optim.NAdam, { "betas outside [0, 1)": () => [leaf(), { betas: [0.9, 1] }], "negative momentum_decay": () => [leaf(), { momentum_decay: -1 }] }),
    ...ctorRows("optim.RAdam", optim.RAdam, { "betas outside [0, 1)": () => [leaf(), { betas: [-0.1, 0.9] }], "negative weight_decay": () => [leaf(), { weight_decay: -1 }] }),
    ...ctorRows("optim.ASGD", optim.ASGD, { "negative weight_decay": () => [leaf(), { weight_decay: -1 }] }),
    ...ctorRows("optim.Rprop", optim.Rprop, { "etas outside 0 < etaminus < 1 < etaplus": [() => [leaf(), { etas: [1.5, 1.2] }], () => [leaf(), { etas: [0.5, 0.9] }]] }),
    ...ctorRows("optim.LBFGS", optim.LBFGS, { "more than one param group": () => [[{ params: leaf() }, { params: leaf() }]] }),
    ...ctorRows("optim.SparseAdam", optim.SparseAdam, { "betas outside [0, 1)": () => [leaf(), { betas: [1.5, 0.9] }], "negative eps": () => [leaf(), { eps: -1 }] }),
    ...rows("optim.SparseAdam.step", () => {
      const p = torch.ones([2], { requires_grad: true });
      p.sum().backward();
      return new optim.SparseAdam([p]).step();
    }, { "dense gradients": () => [] }),
    ...rows("Optimizer.add_param_group", (g: unknown) => new optim.SGD(leaf(), { lr: 0.1 }).add_param_group(g as never), {
      "not a dict": () => ["x"],
      "params not Tensors": () => [{ params: ["x"] }],
    }),
    ...rows("Optimizer.add_param_group", (g: unknown) => {
      const opt = new optim.SGD(leaf(), { lr: 0.1 });
      return opt.add_param_group({ params: g === "same" ? opt.param_groups[0].params : g } as never);
    }, { "a parameter already in a group": () => ["same"] }),
  );
  return out;
}

function schedulerRows(): Row[] {
  const sgd = () => new optim.SGD(leaf(), { lr: 0.1 });
  const S = optim.lr_scheduler;
  const notOptimizer: Record<string, () => unknown[]> = { "not an optimizer": () => ["x", 1] };
  return [
    ...ctorRows("optim.lr_scheduler.StepLR", S.StepLR, { "resuming without initial_lr": () => [sgd(), { step_size: 1, last_epoch: 3 }], "missing step_size": () => [sgd()] }),
    ...rows("optim.lr_scheduler.StepLR.load_state_dict", (sd: unknown) => new S.StepLR(sgd(), 1).load_state_dict(sd as never), {
      "not a dict": [() => ["x"], () => [42], () => [null], () => [[1]]],
    }),
    ...rows("optim.lr_scheduler.LambdaLR.load_state_dict", (sd: unknown) => new S.LambdaLR(sgd(), () => 1).load_state_dict(sd as never), {
      "not a dict": [() => ["x"], () => [null]],
    }),
    ...ctorRows("optim.lr_scheduler.LambdaLR", S.LambdaLR, {
      "wrong number of lr_lambdas": () => [sgd(), [() => 1, () => 1]],
      "missing lr_lambda": () => [sgd()],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.MultiplicativeLR", S.MultiplicativeLR, { "wrong number of lr_lambdas": () => [sgd(), [() => 1, () => 1]], ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.MultiStepLR", S.MultiStepLR, { "missing milestones": () => [sgd()], "milestones not iterable": () => [sgd(), 42], ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.ConstantLR", S.ConstantLR, { "factor outside [0, 1]": [() => [sgd(), { factor: 1.5 }], () => [sgd(), { factor: -1 }]], ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.LinearLR", S.LinearLR, {
      "start_factor above 1": () => [sgd(), { start_factor: 2 }],
      // 2.x refuses 0 too (it divides by it).
      ...(torchAtLeast(2) ? { "start_factor 0": () => [sgd(), { start_factor: 0 }] } : {}),
      "end_factor outside [0, 1]": () => [sgd(), { end_factor: 2 }],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.ExponentialLR", S.ExponentialLR, { "missing gamma": () => [sgd()], ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.PolynomialLR", S.PolynomialLR, { ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.CosineAnnealingLR", S.CosineAnnealingLR, { "missing T_max": () => [sgd()], ...notOptimizer }),
    ...ctorRows("optim.lr_scheduler.CosineAnnealingWarmRestarts", S.CosineAnnealingWarmRestarts, {
      "non-positive T_0": [() => [sgd(), 0], () => [sgd(), -1]],
      "T_mult below 1": () => [sgd(), 2, { T_mult: 0 }],
      "fractional T_0": () => [sgd(), 1.5],
      "missing T_0": () => [sgd()],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.ReduceLROnPlateau", S.ReduceLROnPlateau, {
      "factor not below 1": () => [sgd(), { factor: 1 }],
      "unknown mode": () => [sgd(), { mode: "up" }],
      "unknown threshold_mode": () => [sgd(), { threshold_mode: "pct" }],
      "min_lr list of the wrong length": () => [sgd(), { min_lr: [0.1, 0.2] }],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.CyclicLR", S.CyclicLR, {
      "unknown mode": () => [sgd(), { base_lr: 0.01, max_lr: 0.1, mode: "square" }],
      "base_lr list of the wrong length": () => [sgd(), { base_lr: [0.01, 0.02], max_lr: 0.1 }],
      "missing max_lr": [() => [sgd(), { base_lr: 0.01 }], () => [sgd()]],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.OneCycleLR", S.OneCycleLR, {
      "neither total_steps nor epochs and steps_per_epoch": () => [sgd(), { max_lr: 0.1 }],
      "missing max_lr": () => [sgd(), { total_steps: 10 }],
      "non-positive total_steps": () => [sgd(), { max_lr: 0.1, total_steps: 0 }],
      "pct_start outside [0, 1]": () => [sgd(), { max_lr: 0.1, total_steps: 10, pct_start: 1.5 }],
      "unknown anneal_strategy": () => [sgd(), { max_lr: 0.1, total_steps: 10, anneal_strategy: "step" }],
      ...notOptimizer,
    }),
    ...ctorRows("optim.lr_scheduler.SequentialLR", S.SequentialLR, {
      "wrong number of milestones": () => { const o = sgd(); return [o, { schedulers: [new S.StepLR(o, 1), new S.StepLR(o, 1)], milestones: [1, 2] }]; },
      "schedulers of another optimizer": () => { const o = sgd(); return [o, { schedulers: [new S.StepLR(sgd(), 1), new S.StepLR(o, 1)], milestones: [1] }]; },
    }),
    ...ctorRows("optim.lr_scheduler.ChainedScheduler", S.ChainedScheduler, {
      "schedulers of different optimizers": () => [[new S.StepLR(sgd(), 1), new S.StepLR(sgd(), 1)]],
    }),
  ];
}

/** An iterable dataset of two numbers. */
class Two extends IterableDataset<number> {
  *[Symbol.iterator](): Iterator<number> {
    yield* [0, 1];
  }
}

function moreDataRows(): Row[] {
  const ds = () => new TensorDataset(torch.ones(4, 2), torch.tensor([0n, 1n, 0n, 1n]));
  const loaderOf = (o: unknown) => new DataLoader(ds(), o as never);
  const iterLoader = (o: unknown) => new DataLoader(new Two(), o as never);
  return [
    ...rows("DataLoader", loaderOf as Fn, {
      "num_workers of the wrong type": [() => [{ num_workers: 1.5 }], () => [{ num_workers: "2" }]],
      "negative timeout": () => [{ timeout: -1 }],
      "prefetch_factor without workers": () => [{ prefetch_factor: 3 }],
      "persistent_workers without workers": () => [{ persistent_workers: true }],
      "batch_size null with drop_last": () => [{ batch_size: null, drop_last: true }],
    }),
    ...rows("DataLoader(IterableDataset)", iterLoader as Fn, {
      "shuffle": () => [{ shuffle: true }],
      "sampler": () => [{ sampler: [0, 1] }],
      "batch_sampler": () => [{ batch_sampler: [[0, 1]] }],
    }),
    ...rows("ChainDataset iteration", (d: unknown) => [...new ChainDataset(d as never)], { "map-style dataset": () => [[ds()]], "datasets not iterable": () => [42] }),
    ...rows("ChainDataset length", (d: unknown) => new ChainDataset(d as never).length, { "of a map-style dataset": () => [[new Two(), ds()]], "of a stream without one": () => [[new Two()]], "datasets not iterable": () => [42] }),
    ...rows("IterableDataset length", () => new Two().length, { "of a stream without one": () => [] }),
    ...ctorRows("WeightedRandomSampler", WeightedRandomSampler, {
      "non-positive num_samples": [() => [[0.5, 0.5], 0], () => [[0.5, 0.5], -1]],
      "fractional num_samples": () => [[0.5, 0.5], 1.5],
      "replacement not a boolean": () => [[0.5, 0.5], 2, { replacement: "x" }],
      "weights not 1-d": () => [ones(2, 2), 2],
    }),
    ...rows("WeightedRandomSampler iteration", (w: unknown, n: unknown, o: unknown) => [...new WeightedRandomSampler(w as number[], n as number, o as never)], {
      "negative weight": () => [[-1, 1], 2],
      "more samples than weights without replacement": () => [[0.5, 0.5], 3, { replacement: false }],
    }),
    ...rows("SubsetRandomSampler iteration", (i: unknown) => [...new SubsetRandomSampler(i as number[])], { "indices not iterable": () => [42] }),
    ...ctorRows("DistributedSampler", DistributedSampler, {
      "rank out of range": [() => [ds(), { num_replicas: 2, rank: 2 }], () => [ds(), { num_replicas: 2, rank: -1 }]],
      "dataset without a length": () => ["x", { num_replicas: 1, rank: 0 }],
    }),
  ];
}

export function nnRows(): Row[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-invalid-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return [
    ...layerRows(), ...lossRows(), ...functionalRows(), ...optimRows(), ...dataRows(), ...dataFileRows(dir),
    ...moreLossRows(), ...initAndUtilsRows(), ...moreOptimRows(), ...schedulerRows(), ...moreDataRows(),
  ];
}

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
  BatchSampler, ConcatDataset, DataLoader, Dataset, RandomSampler, SequentialSampler, Subset, TensorDataset, default_collate, random_split,
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
      "worker processes": () => [{ num_workers: 2 }],
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

export function nnRows(): Row[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-invalid-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return [...layerRows(), ...lossRows(), ...functionalRows(), ...optimRows(), ...dataRows(), ...dataFileRows(dir)];
}

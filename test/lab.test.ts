/**
 * The lab's CLI against the Python reference: `torchnode lab` with the options
 * of the golden reports (scripts/golden_lab.sh ran ../shared/reference/lab.py)
 * must write the same report, number for number (every field but `seconds`,
 * every trajectory value bit for bit), print the same lines, and leave plots
 * and checkpoints that load back, in Node and in Python.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { nn } from "../lib";
import { floatRepr } from "../lib/_pyformat";
import { AverageMeter, MLP, MLP_BN, MLP_BN_Drop, accuracy, mnist, test_model, train_model } from "../lib/lab";
import { curves_spec, plot_trajectory, renderSvg, renderSvgAsync, trajectory_spec, type Ylim } from "../lib/lab/plot";
import { progressFormat } from "../lib/lab/progress";
import { MissingDependencyError } from "../lib/_optional";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { LabReport } from "../lib/cli/lab";
import { PYTHON, fixturePath } from "./helpers/fixtures";
import { hidePackagesPreload } from "./helpers/hide_packages";

const root = path.join(__dirname, "..");
const fixtures = path.dirname(fixturePath("lab", "lab_seed0.json"));
const bin = path.join(root, "bin", "torchnode.js");
const python = PYTHON;
const hasPythonTorch = fs.existsSync(python) && spawnSync(python, ["-c", "import torch"]).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-lab-"));

type Ckpt = { parameters: nn.StateDict; optimizer: torch.optim.OptimizerStateDict; epoch: number };

function golden<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), "utf8")) as T;
}

/** Runs `torchnode <args> --out <tmp>/<name>/<name>.json`; returns the report, stdout and the folder. */
function cli(name: string, args: string[]): { report: LabReport; stdout: string; dir: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}.json`);
  const run = spawnSync(process.execPath, [bin, ...args, "--out", out], { cwd: dir, encoding: "utf8", env: { ...process.env, MNIST_ROOT: "" } });
  if (run.status !== 0) throw new Error(`torchnode ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  return { report: JSON.parse(fs.readFileSync(out, "utf8")), stdout: run.stdout, dir };
}

// The runs, once each (every test below reads them).
const runs = new Map<string, ReturnType<typeof cli>>();
function labRun(name: "lab_seed0" | "lab_seed1"): ReturnType<typeof cli> {
  if (!runs.has(name)) {
    const options = { lab_seed0: ["--seed", "0", "--epochs", "2", "--device", "cpu"], lab_seed1: ["--seed", "1", "--epochs", "1", "--lr", "0.05", "--weight-decay", "0.01", "--device", "cpu", "--no-extras"] };
    runs.set(name, cli(name, ["lab", ...options[name]]));
  }
  return runs.get(name)!;
}

/** The report without what may differ: seconds, the output paths and the version strings. */
function comparable(report: LabReport): unknown {
  const { out, plots, ...config } = report.config;
  return {
    config: { ...config, out: path.basename(out as string), plots },
    threads: report.threads,
    runs: Object.fromEntries(
      Object.entries(report.runs).map(([name, run]) => [
        name,
        {
          ...run,
          epochs: run.epochs.map(({ seconds, ...rest }) => {
            if (!(seconds >= 0)) throw new Error(`seconds should be a number, got ${seconds}`);
            return rest;
          }),
          checkpoint: run.checkpoint === null ? null : path.basename(run.checkpoint),
        },
      ]),
    ),
  };
}

for (const name of ["lab_seed0", "lab_seed1"] as const) {
  test(`torchnode lab writes ${name}.json as lab.py does, number for number`, (t) => {
    const expected = golden<LabReport>(name);
    const { report } = labRun(name);
    t.deepEqual(comparable(report), comparable(expected));
    t.is(report.torch, torch.libtorch_version);
    t.true(expected.torch.startsWith(report.torch), `Python ${expected.torch}, libtorch ${report.torch}`);
    // deepEqual on numbers is Object.is: bit-identical doubles, and so bit-identical float32 trajectories.
    const iterations = Math.ceil(60000 / 512) * (report.config.epochs as number);
    for (const run of Object.values(report.runs)) t.is(run.trajectory.parameters.length, iterations);
  });
}

test("torchnode lab prints lab.py's lines, with Python's float reprs", (t) => {
  const expected = golden<LabReport>("lab_seed0");
  const lines = labRun("lab_seed0").stdout.split("\n");
  t.is(lines[0], "h1.weight \t torch.Size([16, 784])");
  t.is(lines[8], "h1.weight \t None");
  for (const run of Object.values(expected.runs)) {
    run.epochs.forEach((e, i) => {
      const line = `Epoch ${i + 1} completed. Loss - total: ${floatRepr(e.loss_sum)} - average: ${floatRepr(e.loss_avg)}; Performance: ${floatRepr(e.performance)}`;
      t.true(lines.includes(line), line);
    });
    if (run.test) t.true(lines.includes(`TESTING - loss ${floatRepr(run.test.loss!)} - performance ${floatRepr(run.test.performance)}`));
  }
  t.true(lines.some((l) => /^run +epochs +train loss/.test(l)), "a summary table");
});

test("torchnode lab leaves PNG and SVG plots beside the report", (t) => {
  const { dir } = labRun("lab_seed0");
  for (const name of ["trajectory_mlp", "trajectory_mlp_wd", "trajectory_mlp_bn", "trajectory_mlp_bn_drop", "curves"]) {
    const png = fs.readFileSync(path.join(dir, `${name}.png`));
    t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name}.png is a PNG`);
    t.true(png.readUInt32BE(16) > 400 && png.readUInt32BE(20) > 200, `${name}.png has a size`);
    const svg = fs.readFileSync(path.join(dir, `${name}.svg`), "utf8");
    t.regex(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Each names its run and settings, so that plots of several runs tell apart.
    const run = name === "curves" ? "lab runs" : `${name.replace("trajectory_", "")}: trajectory`;
    t.true(svg.includes(`>${run} (seed 0, lr 0.1, `), `${name}.svg is titled with its run`);
  }
  const svg = fs.readFileSync(path.join(dir, "trajectory_mlp.svg"), "utf8");
  t.true(svg.includes("Norm of parameters") && svg.includes("Norm of gradients"));
});

test("plots render synchronously to the SVG that vega's View#toSVG gives", async (t) => {
  const spec = { data: { values: [1, 3, 2].map((y, x) => ({ x, y })) }, mark: "line" as const, encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const } } };
  t.is(renderSvg(spec), await renderSvgAsync(spec));
});

test("plots carry a title: the run's file name by default, or the one given", (t) => {
  const trajectory = { parameters: [1, 2, 3], gradients: [0.5, 0.4, 0.3] };
  const [, svgFile] = plot_trajectory(trajectory, { file: path.join(tmp, "titles", "trajectory_mlp_wd.png") });
  t.true(fs.readFileSync(svgFile, "utf8").includes(">trajectory_mlp_wd</text>"), "the file's name");
  t.true(renderSvg(trajectory_spec(trajectory, { title: "mlp_bn, seed 0" })).includes(">mlp_bn, seed 0</text>"));
  t.false(renderSvg(trajectory_spec(trajectory, { title: null })).includes(">trajectory</text>"), "null: no title");
  const panels = [{ title: "Training loss", series: { mlp: [0.9, 0.5], mlp_wd: [1, 0.6] } }];
  t.true(renderSvg(curves_spec(panels, { file: "out/curves.png" })).includes(">curves</text>"));
  t.true(renderSvg(curves_spec(panels, { title: "Four runs, seed 0" })).includes(">Four runs, seed 0</text>"));
});

/** The y domain Vega draws for a spec whose panels share one y scale. */
function yDomain(spec: TopLevelSpec): number[] {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  view.run();
  const domain = (view.scale("y") as { domain(): number[] }).domain();
  view.finalize();
  return domain;
}

test("trajectory plots fit the data's y range by default; ylim \"notebook\" or [lo, hi] fixes it", (t) => {
  // BatchNorm's parameter norm outgrows the notebook's (0, 9).
  const trajectory = { parameters: [5, 11.5, 14.2], gradients: [2, 0.7, NaN] };
  const [lo, hi] = yDomain(trajectory_spec(trajectory));
  t.true(lo <= 0 && hi >= 14.2, `fitted domain [${lo}, ${hi}]`);
  t.deepEqual(yDomain(trajectory_spec(trajectory, { ylim: "fit" })), [lo, hi]);
  t.deepEqual(yDomain(trajectory_spec(trajectory, { ylim: null })), [lo, hi]);
  t.deepEqual(yDomain(trajectory_spec(trajectory, { ylim: "notebook" })), [0, 9]);
  t.deepEqual(yDomain(trajectory_spec(trajectory, { ylim: [1, 20] })), [1, 20]);
  for (const ylim of [[2, 1], [0, Infinity], "auto", [0]] as unknown as Ylim[]) {
    t.throws(() => trajectory_spec(trajectory, { ylim }), { instanceOf: TypeError, message: /^Expected "fit", "notebook" or \[lo, hi\] with lo < hi for ylim but received / });
  }
});

test("the progress bar names its run (desc) before the epoch", (t) => {
  t.is(progressFormat({ epoch: 1, num_epochs: 5 }, "mlp_wd"), "mlp_wd · Epoch 2/5 |{bar}| {value}/{total} batches | loss {loss} | acc {acc} | {rate} batch/s");
  t.regex(progressFormat({ epoch: 0, num_epochs: 2 }), /^Epoch 1\/2 \|\{bar\}\|/);
  t.regex(progressFormat({ epoch: 0, num_epochs: 2 }, ""), /^Epoch 1\/2 /);
});

test("torchnode/lab loads without vega, vega-lite, resvg and cli-progress; plotting then names what to install", (t) => {
  const dir = path.join(tmp, "no-optional");
  fs.mkdirSync(dir, { recursive: true });
  // The optional packages unresolvable, as in an install without them.
  const preload = hidePackagesPreload(["vega", "vega-lite", "@resvg/resvg-js", "cli-progress"]);
  const script = `
const torch = require(${JSON.stringify(path.join(root, "lib"))});
const lab = require(${JSON.stringify(path.join(root, "lib", "lab"))});
const { MissingDependencyError } = require(${JSON.stringify(path.join(root, "lib", "_optional"))});
const out = { torch: typeof torch.tensor, lab: typeof lab.train_model };
const attempt = (f) => { try { f(); return "no error"; } catch (e) { return { missing: e instanceof MissingDependencyError, message: e.message }; } };
out.plot = attempt(() => lab.plot_trajectory({ parameters: [1], gradients: [1] }, { file: ${JSON.stringify(path.join(dir, "t.png"))} }));
const batches = [[torch.randn(4, 1, 28, 28), torch.randint(0, 10, [4])]];
const train = (progress) => attempt(() => lab.train_model(new lab.MLP(), batches, new torch.nn.CrossEntropyLoss(), new torch.optim.SGD(new lab.MLP().parameters(), { lr: 0.1 }), 1, { device: "cpu", log: () => {}, progress, desc: "mlp" }));
out.trainDefault = train(undefined);
out.trainBar = train(true);
out.loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/](vega|vega-lite|@resvg|cli-progress)[\\/]/.test(f));
process.stdout.write(JSON.stringify(out));
`;
  const run = spawnSync(process.execPath, ["--import=tsx", "--require", preload, "-e", script], { cwd: root, encoding: "utf8" });
  t.is(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  t.deepEqual({ torch: out.torch, lab: out.lab, loaded: out.loaded }, { torch: "function", lab: "function", loaded: [] });
  t.deepEqual(out.plot, { missing: true, message: new MissingDependencyError(["vega", "vega-lite", "@resvg/resvg-js"]).message });
  t.regex(out.plot.message, /npm install vega vega-lite @resvg\/resvg-js$/);
  t.false(fs.existsSync(path.join(dir, "t.svg")), "nothing half-written");
  t.is(out.trainDefault, "no error", "no bar without cli-progress: training goes on");
  t.deepEqual(out.trainBar, { missing: true, message: new MissingDependencyError(["cli-progress"]).message });
  fs.rmSync(path.dirname(preload), { recursive: true, force: true });
});

// Node's recursive mkdirSync spins forever under /proc/nonexistent; the library's folders are made one level at a time.
test("a plot or a checkpoint folder that cannot be made is Python's OSError at once, not a hang", (t) => {
  const trajectory = { parameters: [1, 2], gradients: [0.5, 0.25] };
  t.throws(() => plot_trajectory(trajectory, { file: "/proc/nonexistent/dir/t.png" }), { instanceOf: torch.FileNotFoundError, message: /^\[Errno 2\] No such file or directory: '\/proc\/nonexistent'$/ });
  t.throws(() => plot_trajectory(trajectory, { file: "/etc/hostname/dir/t.png" }), { instanceOf: torch.NotADirectoryError, message: /^\[Errno 20\] Not a directory: '\/etc\/hostname'$/ });
  const model = new MLP();
  const batches: [torch.Tensor, torch.Tensor][] = [[torch.randn(2, 1, 28, 28), torch.tensor([1, 2])]];
  const train = () => train_model(model, batches, new nn.CrossEntropyLoss(), new torch.optim.SGD(model.parameters(), { lr: 0.1 }), 1, { device: "cpu", log: () => {}, progress: false, checkpoint_loc: "/proc/nonexistent/ckpt" });
  t.throws(train, { instanceOf: torch.FileNotFoundError });
});

test("the lab's checkpoints load back and hold the final model: its test figures come out again", (t) => {
  const { report, dir } = labRun("lab_seed0");
  const ckpt = torch.load(path.join(dir, "checkpoints_mlp_bn", "checkpoint.pt")) as Ckpt;
  t.deepEqual(Object.keys(ckpt), ["parameters", "optimizer", "epoch"]);
  t.is(ckpt.epoch, 1);
  const model = new MLP_BN();
  t.deepEqual(model.load_state_dict(ckpt.parameters), { missing_keys: [], unexpected_keys: [] });
  const [, testloader] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
  const [loss, perf] = test_model(model, testloader, { loss_fn: new nn.CrossEntropyLoss(), device: "cpu", log: () => {} });
  t.deepEqual({ loss, performance: perf }, report.runs.mlp_bn.test);
});

test("training resumes in Node from a lab checkpoint", (t) => {
  const { report, dir } = labRun("lab_seed0");
  const ckpt = torch.load(path.join(dir, "checkpoints_mlp_bn_drop", "checkpoint.pt")) as Ckpt;
  const model = new MLP_BN_Drop();
  model.load_state_dict(ckpt.parameters);
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1 });
  optimizer.load_state_dict(ckpt.optimizer);
  t.is(optimizer.param_groups[0].lr, 0.1);
  t.is(optimizer.param_groups[0].weight_decay, 0.05);
  const before = ckpt.parameters["layers.1.weight"].clone();
  const [trainloader] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
  const resumed = path.join(dir, "resumed");
  const [loss_sum, perf] = train_model(model, trainloader, new nn.CrossEntropyLoss(), optimizer, 1, { checkpoint_loc: resumed, device: "cpu", log: () => {}, progress: false });
  const runs = report.runs.mlp_bn_drop.epochs;
  t.true(loss_sum / 60000 < runs[0].loss_avg, "the third epoch trains on from the second");
  t.true(perf > runs[0].performance);
  t.true((model.state_dict()["layers.1.weight"].sub(before).abs().sum().item() as number) > 0);
  t.is((torch.load(path.join(resumed, "checkpoint.pt")) as Ckpt).epoch, 0);
});

test("Python's checkpoint of the same run loads in Node and gives Python's test figures", (t) => {
  const expected = golden<LabReport>("lab_seed0").runs.mlp_bn_drop;
  const ckpt = torch.load(path.join(fixtures, "mlp_bn_drop_seed0.pt")) as Ckpt;
  t.is(ckpt.epoch, 1);
  const model = new MLP_BN_Drop();
  model.load_state_dict(ckpt.parameters);
  const [, testloader] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
  const [loss, performance] = test_model(model, testloader, { loss_fn: new nn.CrossEntropyLoss(), device: "cpu", log: () => {} });
  t.deepEqual({ loss, performance }, expected.test);
});

// Without Python's PyTorch this is a visible skip, never a pass.
(hasPythonTorch ? test : test.skip)("Python reads the lab's checkpoint, equal to the one lab.py wrote, tensor for tensor", (t) => {
  const { dir } = labRun("lab_seed0");
  const script = `
import sys, torch
a, b = torch.load(sys.argv[1]), torch.load(sys.argv[2])
assert list(a) == list(b) == ["parameters", "optimizer", "epoch"], list(a)
assert a["epoch"] == b["epoch"] == 1
assert list(a["parameters"]) == list(b["parameters"])
for k, v in a["parameters"].items():
    assert v.dtype == b["parameters"][k].dtype and torch.equal(v, b["parameters"][k]), k
assert a["parameters"]._metadata == b["parameters"]._metadata
assert a["optimizer"] == b["optimizer"], (a["optimizer"], b["optimizer"])
print("same")
`;
  const run = spawnSync(python, ["-c", script, path.join(dir, "checkpoints_mlp_bn_drop", "checkpoint.pt"), path.join(fixtures, "mlp_bn_drop_seed0.pt")], { encoding: "utf8" });
  t.is(run.stderr, "");
  t.is(run.stdout.trim(), "same");
});

test("train_model keeps optimizer state (momentum, Adam's moments) across its per-batch scopes", (t) => {
  for (const make of [(p: Iterable<torch.Tensor>) => new torch.optim.SGD(p, { lr: 0.01, momentum: 0.9 }), (p: Iterable<torch.Tensor>) => new torch.optim.Adam(p, { lr: 1e-3 })]) {
    torch.manual_seed(0);
    const X = torch.randn(64, 1, 28, 28);
    const y = torch.randint(0, 10, [64]);
    const batches: [torch.Tensor, torch.Tensor][] = [[X.narrow(0, 0, 32), y.narrow(0, 0, 32)], [X.narrow(0, 32, 32), y.narrow(0, 32, 32)]];
    const model = new MLP_BN();
    const optimizer = make(model.parameters());
    const [loss] = train_model(model, batches, new nn.CrossEntropyLoss(), optimizer, 3, { device: "cpu", log: () => {}, progress: false });
    t.true(Number.isFinite(loss));
    t.is(optimizer.state.size, 14);
    t.true(batches.every(([a, b]) => Number.isFinite(a.sum().item()) && Number.isFinite(b.sum().item())), "the loader's own tensors stay usable");
  }
});

test("accuracy is top-k hits over the batch size, in float32", (t) => {
  const y_hat = torch.tensor([[0.1, 0.9, 0], [0.8, 0.1, 0.1], [0.2, 0.3, 0.5]]);
  const y = torch.tensor([1n, 1n, 1n]);
  t.is(accuracy(y_hat, y), Math.fround(1 / 3));
  t.is(accuracy(y_hat, y, 2), Math.fround(3 / 3));
  t.is(accuracy(y_hat, torch.tensor([1n, 0n, 2n])), 1);
});

test("AverageMeter keeps the last value, the sum, the count and the mean", (t) => {
  const meter = new AverageMeter();
  meter.update(2, 3);
  meter.update({ val: 0.5, n: 1 });
  t.deepEqual({ val: meter.val, sum: meter.sum, count: meter.count, avg: meter.avg }, { val: 0.5, sum: 6.5, count: 4, avg: 6.5 / 4 });
  meter.reset();
  t.deepEqual({ val: meter.val, sum: meter.sum, count: meter.count, avg: meter.avg }, { val: 0, sum: 0, count: 0, avg: 0 });
});

test("the lab's models have the notebook's parameters, in order", (t) => {
  t.deepEqual([...new MLP().named_parameters()].map(([n, p]) => `${n} ${p.shape}`), [
    "h1.weight torch.Size([16, 784])", "h1.bias torch.Size([16])", "h2.weight torch.Size([32, 16])", "h2.bias torch.Size([32])",
    "h3.weight torch.Size([24, 32])", "h3.bias torch.Size([24])", "out.weight torch.Size([10, 24])", "out.bias torch.Size([10])",
  ]);
  t.is(Object.keys(new MLP_BN().state_dict()).length, 8 + 3 * 5);
  t.true(String(new MLP_BN_Drop()).includes("(6): Dropout(p=0.2, inplace=False)"));
});

test("torchnode rejects bad options as argparse does (status 2)", (t) => {
  const bad = spawnSync(process.execPath, [bin, "lab", "--epochs", "two"], { encoding: "utf8" });
  t.is(bad.status, 2);
  // argparse's last line; the usage above it is lib/cli/args.ts's to test.
  t.is(bad.stderr.trim().split("\n").at(-1), "torchnode lab: error: argument --epochs: invalid int value: 'two'");
  const unknown = spawnSync(process.execPath, [bin, "train"], { encoding: "utf8" });
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /unknown command 'train'/);
  const help = spawnSync(process.execPath, [bin, "homework", "--help"], { encoding: "utf8" });
  t.is(help.status, 0);
  t.regex(help.stdout, /--val-split VAL_SPLIT/);
});

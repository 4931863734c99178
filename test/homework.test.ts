/**
 * The lab's homework: `torchnode homework` against early_stopping.py's golden
 * reports (scripts/golden_lab.sh), Prechelt's criteria on curves built by
 * hand and on Python's own curves, the callbacks stopping and restoring, and
 * the L1-regularised loss.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { nn } from "../lib";
import {
  EOpt, GL, History, L1RegularizedLoss, MLP, PQ, UP, criteria, generalization_loss, l1_penalty, l1_regularized_loss,
  train_model, training_progress, formatG, type Callback, type TrainState,
} from "../lib/lab";
import type { HomeworkReport } from "../lib/cli/homework";
import { fixturePath, PYTHON } from "./helpers/fixtures";
import { TensorDataset, DataLoader } from "../lib/utils/data";

const fixtures = path.dirname(fixturePath("lab", "homework_test_set.json"));
const bin = path.join(__dirname, "..", "bin", "torchnode.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-homework-"));

const GOLDEN = {
  homework_test_set: ["--seed", "2", "--epochs", "6", "--strip", "1", "--lr", "0.5"],
  homework_val_split: ["--seed", "0", "--epochs", "6", "--strip", "2", "--lr", "1.0", "--val-split", "10000", "--l1", "3e-5"],
};

/** Same shape, same values (torch.equal). */
function same(a: torch.Tensor, b: torch.Tensor): boolean {
  return a.shape.equals(b.shape) && (a.eq(b).all().item() as boolean);
}

function golden(name: string): HomeworkReport {
  return JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), "utf8")) as HomeworkReport;
}

for (const [name, options] of Object.entries(GOLDEN)) {
  test(`torchnode homework ${options.join(" ")} writes early_stopping.py's report, number for number`, (t) => {
    const out = path.join(tmp, `${name}.json`);
    // --debug only changes how an error is printed: the report's config stays early_stopping.py's vars(args).
    const run = spawnSync(process.execPath, [bin, "homework", ...options, "--out", out, "--debug"], { encoding: "utf8", env: { ...process.env, MNIST_ROOT: "" } });
    t.is(run.status, 0, run.stderr);
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as HomeworkReport;
    const expected = golden(name);
    t.deepEqual({ ...report.config, out: path.basename(report.config.out as string) }, expected.config);
    t.deepEqual(report.history, expected.history);
    t.deepEqual(report.gl, expected.gl);
    t.deepEqual(report.stops, expected.stops);
    t.deepEqual(report.e_opt, expected.e_opt);
    t.true(expected.torch.startsWith(report.torch));
    t.true(fs.existsSync(out.replace(/\.json$/, "_curves.png")) && fs.existsSync(out.replace(/\.json$/, "_curves.svg")));
    t.true(fs.readFileSync(out.replace(/\.json$/, "_curves.svg"), "utf8").includes(`>homework: L1 `), "the plot is titled with its run");
    t.regex(run.stdout, /^Epoch 1: train loss \d/m);
  });

  test(`criteria() on Python's curves of ${name} gives Python's GL values and stops`, (t) => {
    const { history, config, gl, stops } = golden(name);
    t.deepEqual(criteria(history.train_loss, history.val_loss, config.strip as number), [stops, gl]);
  });
}

// ---- constructed curves: each criterion where Prechelt's definition says ----

// E_va: best 0.8 at epoch 2, then GL = 1.5, 3, 6 percent, then a new best.
const E_VA = [1.0, 0.8, 0.812, 0.824, 0.848, 0.7];
// E_tr: steadily down by 0.01 per epoch.
const E_TR = [1.0, 0.99, 0.98, 0.97, 0.96, 0.95];

test("criteria are named with Python's %g", (t) => {
  t.deepEqual([1, 2, 0.5, 0.75, 1e-5, 123456, 1234567, 0.0001, 2.5e-5].map(formatG), ["1", "2", "0.5", "0.75", "1e-05", "123456", "1.23457e+06", "0.0001", "2.5e-05"]);
});

test("GL(t) is the generalization loss in percent over the best validation loss so far", (t) => {
  const gl = generalization_loss(E_VA);
  t.deepEqual(gl.map((g) => Number(g.toFixed(9))), [0, 0, 1.5, 3, 6, 0]);
  t.is(gl[2], 100 * (0.812 / 0.8 - 1));
});

test("P_k(t) is the training progress over the strip ending at t, in per mille", (t) => {
  t.is(training_progress(E_TR, 1, 2), 1000 * ((1.0 + 0.99) / (2 * 0.99) - 1));
  t.is(training_progress(E_TR, 3, 2), 1000 * ((0 + 0.98 + 0.97) / (2 * 0.97) - 1));
  t.is(training_progress([0.5, 0.5], 1, 2), 0);
});

test("each criterion stops at the epoch its definition gives", (t) => {
  // GL_1 at epoch 3 (1.5 > 1), GL_2 at 4 (3 > 2), GL_5 at 5 (6 > 5).
  // PQ with k = 2 looks at epochs 2, 4, 6: GL/P there is 0, 3/5.15 = 0.58, 0 → only PQ_0.5 stops, at 4.
  // UP with k = 1: E_va rises at epochs 3, 4, 5 → UP_2 stops at 4, UP_3 at 5.
  const [stops] = criteria(E_TR, E_VA, 2, { alphas_gl: [1, 2, 5], alphas_pq: [0.5, 0.75], ss_up: [] });
  t.deepEqual(stops, { GL_1: 3, GL_2: 4, GL_5: 5, "PQ_0.5": 4, "PQ_0.75": null });
  const [up] = criteria(E_TR, E_VA, 1, { alphas_gl: [], alphas_pq: [], ss_up: [1, 2, 3, 4] });
  t.deepEqual(up, { UP_1: 3, UP_2: 4, UP_3: 5, UP_4: null });
  // With k = 2, UP compares strip ends 2 → 4 → 6: E_va rises 0.8 → 0.824, then falls.
  const [up2] = criteria(E_TR, E_VA, 2, { alphas_gl: [], alphas_pq: [], ss_up: [1, 2] });
  t.deepEqual(up2, { UP_1: 4, UP_2: null });
  // A strip with no progress (P_k = 0) never stops PQ.
  const [flat] = criteria([1, 1, 1, 1], [1, 2, 3, 4], 2, { alphas_gl: [], alphas_pq: [0.1], ss_up: [] });
  t.deepEqual(flat, { "PQ_0.1": null });
});

// A tiny training run whose logged losses follow E_TR and E_VA, to drive the callbacks.
class ScriptedCurves implements Callback {
  on_epoch_end(state: TrainState): void {
    state.logs.loss = E_TR[state.epoch];
    state.logs.val_loss = E_VA[state.epoch];
  }
}
function tinyRun(callbacks: Callback[], epochs = E_VA.length) {
  torch.manual_seed(0);
  const data = new TensorDataset(torch.randn(64, 1, 28, 28), torch.randint(0, 10, [64]));
  const loader = new DataLoader(data, { batch_size: 32, shuffle: true });
  const model = new MLP();
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
  const snapshots: nn.StateDict[] = [];
  const snap: Callback = { on_epoch_end: (s) => void snapshots.push(Object.fromEntries(Object.entries(s.model.state_dict()).map(([k, v]) => [k, v.clone()]))) };
  const history = new History();
  train_model(model, loader, new nn.CrossEntropyLoss(), optimizer, epochs, { device: "cpu", log: () => {}, progress: false, callbacks: [new ScriptedCurves(), snap, history, ...callbacks] });
  return { model, snapshots, history };
}

test("a criterion callback ends training at its epoch; stop: false only observes", (t) => {
  const gl2 = new GL(2);
  t.is(tinyRun([gl2]).history.epochs.length, 4);
  t.is(gl2.stopped_epoch, 4);
  const up = new UP(2, 1);
  const pq = new PQ(0.5, 2, { stop: false });
  const { history } = tinyRun([pq, up]);
  t.is(history.epochs.length, 4);
  t.is(up.stopped_epoch, 4);
  t.is(pq.stopped_epoch, 4);
  const watcher = new GL(1, { stop: false });
  t.is(tinyRun([watcher]).history.epochs.length, E_VA.length);
  t.is(watcher.stopped_epoch, 3);
});

test("EOpt keeps the state of the best validation epoch and restores it at the end", (t) => {
  const eopt = new EOpt();
  // Best E_va is epoch 6 over the whole run; stopping with GL_2 at epoch 4 leaves epoch 2 as E_opt.
  const { model, snapshots } = tinyRun([eopt, new GL(2)]);
  t.is(eopt.best_epoch, 2);
  t.is(eopt.best_value, 0.8);
  for (const [key, value] of Object.entries(model.state_dict())) t.true(same(value, snapshots[1][key]), key);
  t.false(same(model.state_dict()["h1.weight"], snapshots[3]["h1.weight"]));
  const keep = new EOpt({ restore: false });
  const run = tinyRun([keep]);
  t.is(keep.best_epoch, 6);
  t.true(same(run.model.state_dict()["h1.weight"], run.snapshots[5]["h1.weight"]));
});

test("criteria need a validation loss in the logs", (t) => {
  const error = t.throws(() => tinyRun([new GL(1)].map((c) => ({ on_epoch_end: (s: TrainState) => c.on_epoch_end({ ...s, logs: {} }) }))));
  t.regex(error!.message, /monitors "loss", which the epoch's logs lack/);
});

test("L1RegularizedLoss adds lam times the L1 norm of the trainable parameters, module and functional alike", (t) => {
  torch.manual_seed(0);
  const model = new MLP();
  model.h1.bias!.requires_grad_(false);
  const X = torch.randn(8, 1, 28, 28);
  const y = torch.randint(0, 10, [8]);
  const y_hat = model(X);
  const base = new nn.CrossEntropyLoss();
  const loss_fn = new L1RegularizedLoss(base, model, 1e-3);
  t.is(loss_fn.params.length, 7, "frozen parameters stay out");
  t.deepEqual([...loss_fn.named_children()].map(([n]) => n), ["base"]);
  const trainable = [...model.parameters()].filter((p) => p.requires_grad);
  // The expectation comes from PyTorch: early_stopping.py's formula, `base(y_hat, y) + lam * sum(p.abs().sum() for p in params)`,
  // run by Python on the same tensors.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-l1-"));
  torch.save({ y_hat: y_hat.detach(), y, params: trainable.map((p) => p.detach()) }, path.join(dir, "in.pt"));
  const py = spawnSync(PYTHON, ["-c", [
    "import sys, torch", "from torch import nn",
    "d = torch.load(sys.argv[1])",
    "penalty = sum(p.abs().sum() for p in d['params'])",
    "loss = nn.CrossEntropyLoss()(d['y_hat'], d['y']) + 1e-3 * penalty",
    "print(repr(penalty.item()), repr(loss.item()))", // repr round-trips a double exactly
  ].join("\n"), path.join(dir, "in.pt")], { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  t.is(py.status, 0, py.stderr);
  const [penalty, expected] = py.stdout.trim().split(" ").map(Number);
  t.is(loss_fn(y_hat, y).item(), expected);
  t.is(l1_regularized_loss(y_hat, y, { parameters: trainable, lam: 1e-3 }).item(), expected);
  t.is(l1_penalty(trainable).item(), penalty);
  // The penalty's gradient is lam * sign(theta).
  model.zero_grad();
  l1_penalty([model.out.weight]).mul(1e-3).backward();
  t.true(same(model.out.weight.grad!, model.out.weight.sign().mul(1e-3)));
  t.throws(() => new L1RegularizedLoss(base, model, -1), { instanceOf: TypeError });
});

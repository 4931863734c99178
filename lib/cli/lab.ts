/**
 * `torchnode lab`: ../shared/reference/lab.py in Node, cell for cell: the same
 * options, the same runs in the same order (so the random stream is drawn
 * the same way), the same printed lines and the same JSON report. On top:
 * SVG beside each PNG, a plot of the per-epoch curves, a progress bar on a
 * terminal and a summary table.
 */
import * as path from "node:path";
import * as torch from "..";
import { nn } from "..";
import { History, MLP, MLP_BN, MLP_BN_Drop, mnist, plot_curves, plot_trajectory, test_model, train_model, type Callback, type Trajectory } from "../lab";
import type { MNIST } from "../datasets";
import { DataLoader, DistributedSampler } from "../utils/data";
import type { Parsed } from "./args";
import { floatRepr } from "../_pyformat";
import { dumps, writeReport } from "./json";
import { labParser, plotsFolder, prepareLab, reportConfig } from "./options";
import { run } from "./run";
import { freePort } from "../distributed/port";
import { table } from "./summary";

export { LAB_OPTIONS } from "./options";

type EpochRecord = { loss_sum: number; loss_avg: number; performance: number; seconds: number };
type Run = { epochs: EpochRecord[]; trajectory: Trajectory; checkpoint: string | null; test?: { loss: number | null; performance: number } };
export type LabReport = { config: Parsed; torch: string; threads: number; runs: Record<string, Run> };

/** Records the lab's per-epoch figures, as lab.py's train_model does. */
class EpochRecorder extends History {
  records(): EpochRecord[] {
    return this.epochs.map((e) => ({ loss_sum: e.loss_sum, loss_avg: e.loss, performance: e.performance, seconds: e.seconds }));
  }
}

/**
 * Under `torchnode run` (WORLD_SIZE > 1) the lab trains data-parallel: every
 * model is wrapped in DistributedDataParallel and the training set is split
 * by a DistributedSampler (a batch of 512 per worker, reshuffled each epoch);
 * the report, the plots and the checkpoints are rank 0's, its figures those of
 * its own shard. Otherwise this is the lab as lab.py runs it.
 */
function dataParallel(args: Parsed, log: (line: string) => void): DataParallel | null {
  if (Number(process.env.WORLD_SIZE ?? 1) <= 1) return null;
  torch.distributed.init_process_group("gloo");
  const rank = torch.distributed.get_rank();
  const world = torch.distributed.get_world_size();
  if (rank === 0) log(`data-parallel: ${world} workers (DistributedDataParallel over Gloo), this is rank 0`);
  return {
    rank,
    wrap: (model) => new nn.parallel.DistributedDataParallel(model),
    loader: (trainset) => {
      const sampler = new DistributedSampler(trainset, { seed: args.seed as number });
      const loader = new DataLoader(trainset, { batch_size: 512, sampler });
      return [loader, { on_epoch_begin: (state) => sampler.set_epoch(state.epoch) }];
    },
  };
}
type DataParallel = {
  rank: number;
  wrap: (model: nn.Module) => nn.Module;
  loader: (trainset: MNIST) => [DataLoader, Callback];
};

/**
 * Runs the lab on a command line (checked first, see prepareLab), or on the
 * options prepareLab already checked; null for --help and on ranks other than 0.
 */
export function lab(argv: string[] | Parsed, log: (line: string) => void = console.log): LabReport | null {
  const args = Array.isArray(argv) ? prepareLab(argv) : argv;
  if (args === "help") {
    log(labParser.help());
    return null;
  }
  const parallel = dataParallel(args, log);
  if (parallel && parallel.rank !== 0) log = () => {};
  const wrap = parallel?.wrap ?? ((m: nn.Module) => m);
  const device = args.device as string | null;
  // prepareLab made both folders and proved them writable.
  const plots = plotsFolder(args);
  torch.manual_seed(args.seed as number);
  // lab.py's vars(args): --nproc-per-node belongs to the launcher and --debug to torchnode, not to the lab.
  const config = reportConfig(args);
  const report: LabReport = { config, torch: torch.libtorch_version, threads: torch.get_num_threads(), runs: {} };
  const recorders = new Map<string, EpochRecorder>();
  // Starts recording a run under `name` (lab.py's record()).
  const record = (name: string, trajectory: Trajectory, checkpoint_loc: string | null = null): EpochRecorder => {
    const recorder = new EpochRecorder();
    recorders.set(name, recorder);
    report.runs[name] = { epochs: [], trajectory, checkpoint: checkpoint_loc };
    return recorder;
  };

  let model: nn.Module = new MLP();
  for (const [name, param] of model.named_parameters()) log(`${name} \t ${param.shape}`);
  for (const [name, param] of model.named_parameters()) log(`${name} \t ${param.grad ?? "None"}`);

  const minibatch_size_test = 512;
  const data = mnist.get_data({ batch_size_train: minibatch_size_test, batch_size_test: minibatch_size_test });
  const testloader = data[1];
  const [trainloader, shard] = parallel ? parallel.loader(data[2]) : [data[0], null];
  const epochCallbacks = shard ? [shard] : [];
  const rank0 = !parallel || parallel.rank === 0;

  const learn_rate = args.lr as number;
  const num_epochs = args.epochs as number;
  // Each plot names its run and the settings it ran with, so that plots of several lab runs tell apart.
  const settings = `seed ${String(args.seed)}, lr ${floatRepr(learn_rate)}, ${num_epochs} epoch${num_epochs === 1 ? "" : "s"}`;
  const plotOptions = (name: string) => ({
    file: path.join(plots, `trajectory_${name}.png`),
    title: `${name}: trajectory (${settings}${name === "mlp" ? "" : `, weight decay ${floatRepr(args.weight_decay as number)}`})`,
    ylim: args.notebook_ylim ? ("notebook" as const) : ("fit" as const),
  });

  model = wrap(new MLP());
  const loss_fn = new nn.CrossEntropyLoss();
  let optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate });
  const trajectory: Trajectory = { parameters: [], gradients: [] };
  let history = record("mlp", trajectory);
  train_model(model, trainloader, loss_fn, optimizer, num_epochs, { trajectory, device, callbacks: [...epochCallbacks, history], log, desc: "mlp" });
  if (rank0) plot_trajectory(trajectory, plotOptions("mlp"));

  const weight_decay = args.weight_decay as number;
  model = wrap(new MLP());
  optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate, weight_decay });
  const trajectory_reg: Trajectory = { parameters: [], gradients: [] };
  history = record("mlp_wd", trajectory_reg);
  train_model(model, trainloader, loss_fn, optimizer, num_epochs, { trajectory: trajectory_reg, device, callbacks: [...epochCallbacks, history], log, desc: "mlp_wd" });
  if (rank0) plot_trajectory(trajectory_reg, plotOptions("mlp_wd"));

  // --- extras (not in the notebook): train and test the models it defines ---
  if (!args.no_extras) {
    for (const [name, cls] of [["mlp_bn", MLP_BN], ["mlp_bn_drop", MLP_BN_Drop]] as const) {
      model = wrap(new cls());
      optimizer = new torch.optim.SGD(model.parameters(), { lr: learn_rate, weight_decay });
      const trajectory_x: Trajectory = { parameters: [], gradients: [] };
      const checkpoints = path.join(plots, "checkpoints_" + name);
      history = record(name, trajectory_x, checkpoints);
      const checkpoint_loc = rank0 ? checkpoints : null;
      train_model(model, trainloader, loss_fn, optimizer, num_epochs, { checkpoint_loc, trajectory: trajectory_x, device, callbacks: [...epochCallbacks, history], log, desc: name });
      const [test_loss, test_perf] = test_model(model, testloader, { loss_fn, device, log });
      report.runs[name].test = { loss: test_loss, performance: test_perf };
      if (rank0) plot_trajectory(trajectory_x, plotOptions(name));
    }
  }
  for (const [name, recorder] of recorders) report.runs[name].epochs = recorder.records();
  if (parallel) {
    torch.distributed.destroy_process_group();
    if (!rank0) return null;
    report.config = { ...report.config, world_size: Number(process.env.WORLD_SIZE) };
  }

  writeReport(args.out as string, dumps(report));
  log(`wrote ${args.out}`);
  const [curves] = plot_curves(
    [
      { title: "Training loss (average)", series: mapRuns(report, (e) => e.loss_avg) },
      { title: "Training accuracy", series: mapRuns(report, (e) => e.performance) },
    ],
    { file: path.join(plots, "curves.png"), title: `lab runs (${settings})` },
  );
  log("");
  log(summary(report));
  log(`\nreport: ${args.out}\nplots: ${plots} (trajectory_*.png/.svg, ${path.basename(curves)})` + (args.no_extras ? "" : `\ncheckpoints: ${path.join(plots, "checkpoints_*")}`));
  return report;
}

function mapRuns(report: LabReport, f: (e: EpochRecord) => number): Record<string, number[]> {
  return Object.fromEntries(Object.entries(report.runs).map(([name, run]) => [name, run.epochs.map(f)]));
}

function summary(report: LabReport): string {
  const rows = Object.entries(report.runs).map(([name, run]) => {
    const last = run.epochs[run.epochs.length - 1];
    const seconds = run.epochs.reduce((a, e) => a + e.seconds, 0) / Math.max(1, run.epochs.length);
    return [name, run.epochs.length, last?.loss_avg ?? null, last?.performance ?? null, run.test?.loss ?? null, run.test?.performance ?? null, seconds];
  });
  return table(["run", "epochs", "train loss", "train acc", "test loss (sum)", "test acc", "s/epoch"], rows);
}

/**
 * `torchnode lab --nproc-per-node N` outside `torchnode run`: starts N workers
 * of this same command under the launcher (on a free port), and returns their
 * exit status; null when the lab runs here. `args` are argv checked by prepareLab.
 */
export async function launchDataParallel(argv: string[], args: Parsed, bin: string): Promise<number | null> {
  const n = args.nproc_per_node as number;
  if (n <= 1 || process.env.WORLD_SIZE) return null;
  return run(["--nproc-per-node", String(n), "--master-port", String(await freePort()), bin, "lab", ...argv]);
}

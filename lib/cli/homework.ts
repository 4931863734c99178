/**
 * `torchnode homework`: ../shared/reference/early_stopping.py in Node: an MLP
 * trained with the L1-regularised loss, validated after every epoch (on the
 * test set, or on `--val-split N` training images held out with
 * random_split), Prechelt's criteria observed along the way, and E_opt's
 * best state restored at the end. Same options, same JSON report.
 */
import * as torch from "..";
import { nn } from "..";
import {
  EOpt, GL, History, formatG, L1RegularizedLoss, MLP, PQ, UP, Validation, criteria, evaluate, mnist, plot_curves, train_model,
  type Callback, type TrainState,
} from "../lab";
import { floatRepr } from "../_pyformat";
import { DataLoader, random_split } from "../utils/data";
import type { Parsed } from "./args";
import { dumps, writeReport } from "./json";
import { curvesFile, homeworkParser, prepareHomework, reportConfig } from "./options";
import { table } from "./summary";

export { HOMEWORK_OPTIONS } from "./options";

export const ALPHAS_GL = [1, 2, 5];
export const ALPHAS_PQ = [0.5, 0.75, 1, 2];
export const SS_UP = [2, 3];

type History4 = { train_loss: number[]; train_perf: number[]; val_loss: number[]; val_perf: number[] };
export type HomeworkReport = {
  config: Parsed; torch: string; history: History4; gl: number[]; stops: Record<string, number | null>;
  e_opt: { epoch: number | null; val_loss: number; restored_val: [number, number] };
};

/** Prints early_stopping.py's line after each epoch. */
class EpochLine implements Callback {
  constructor(private readonly log: (line: string) => void) {}
  on_epoch_end({ epoch, logs }: TrainState): void {
    const f = floatRepr;
    this.log(`Epoch ${epoch + 1}: train loss ${f(logs.loss)} acc ${f(logs.performance)} | val loss ${f(logs.val_loss)} acc ${f(logs.val_performance)}`);
  }
}

/** Runs the homework on a command line (checked first, see prepareHomework) or on options it checked; null for --help. */
export function homework(argv: string[] | Parsed, log: (line: string) => void = console.log): HomeworkReport | null {
  const args = Array.isArray(argv) ? prepareHomework(argv) : argv;
  if (args === "help") {
    log(homeworkParser.help());
    return null;
  }
  const seed = args.seed as number;
  const k = args.strip as number;
  torch.manual_seed(seed);

  const [trainloader0, testloader, trainset] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
  let trainloader = trainloader0;
  let validloader = testloader;
  const val_split = args.val_split as number;
  if (val_split) {
    const [train_part, val_part] = random_split(trainset, [trainset.length - val_split, val_split], new torch.Generator().manual_seed(seed));
    trainloader = new DataLoader(train_part, { batch_size: 512, shuffle: true });
    validloader = new DataLoader(val_part, { batch_size: 512, shuffle: false });
  }

  const model = new MLP();
  const base_loss = new nn.CrossEntropyLoss();
  const loss_fn = new L1RegularizedLoss(base_loss, model, args.l1 as number);
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: args.lr as number });

  // Validation first: the others read its val_loss. The criteria only observe (stop: false),
  // as the reference trains every epoch and reports where each would have stopped.
  const e_opt = new EOpt();
  const gls = ALPHAS_GL.map((a) => new GL(a, { stop: false }));
  const pqs = ALPHAS_PQ.map((a) => new PQ(a, k, { stop: false }));
  const ups = SS_UP.map((s) => new UP(s, k, { stop: false }));
  const history = new History();
  train_model(model, trainloader, loss_fn, optimizer, args.epochs as number, {
    device: "cpu", log: () => {}, desc: "homework",
    callbacks: [new Validation(validloader, base_loss), history, e_opt, ...gls, ...pqs, ...ups, new EpochLine(log)],
  });

  const h: History4 = {
    train_loss: history.epochs.map((e) => e.loss), train_perf: history.epochs.map((e) => e.performance),
    val_loss: history.epochs.map((e) => e.val_loss), val_perf: history.epochs.map((e) => e.val_performance),
  };
  const stops: Record<string, number | null> = {};
  for (const c of gls) stops[`GL_${formatG(c.alpha)}`] = c.stopped_epoch;
  for (const c of pqs) stops[`PQ_${formatG(c.alpha)}`] = c.stopped_epoch;
  for (const c of ups) stops[`UP_${c.s}`] = c.stopped_epoch;
  const [, gl] = criteria(h.train_loss, h.val_loss, k);
  // E_opt restored its best state when training ended (on_train_end).
  const restored = evaluate(model, validloader, base_loss);
  const report: HomeworkReport = {
    config: reportConfig(args), torch: torch.libtorch_version, history: h, gl, stops,
    e_opt: { epoch: e_opt.best_epoch, val_loss: e_opt.best_value, restored_val: restored },
  };
  // prepareHomework made the folder and proved it writable.
  const out = args.out as string;
  writeReport(out, dumps(report));

  const [curves] = plot_curves(
    [
      { title: "Loss", series: { "training (with L1)": h.train_loss, validation: h.val_loss } },
      { title: "Accuracy", series: { training: h.train_perf, validation: h.val_perf } },
    ],
    // Named with its settings, so that plots of several runs tell apart.
    { file: curvesFile(out), title: `homework: L1 ${floatRepr(args.l1 as number)}, lr ${floatRepr(args.lr as number)}, seed ${String(args.seed)}, ${String(args.epochs)} epochs, strips of ${k}` },
  );
  log(`stops: ${JSON.stringify(stops)} E_opt epoch: ${e_opt.best_epoch}`);
  log("");
  log(table(["criterion", "stops at epoch"], [...Object.entries(stops), ["E_opt (best val)", e_opt.best_epoch]]));
  log(`\nreport: ${out}\nplot: ${curves} (and .svg)`);
  return report;
}

/**
 * torch.nn's layers against real PyTorch, bit for bit: scripts/golden_layers.py
 * runs here with the Python of this libtorch (helpers/fixtures' PYTHON) and
 * records, for each module configuration, the repr and state_dict after
 * torch.manual_seed(seed) and construction, then for each mode the forward's
 * output, the gradients of output.sum() and the state after it. Each case is
 * rebuilt here from the same arguments (positional, then one options object).
 */
import test from "ava";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import { sameTorch, runGoldenScript } from "./helpers/fixtures";
import { callArgs, compareTensor, decodeTensor, type FullTensor, type Json } from "./helpers/nn_golden";

type Named = [string, FullTensor | null];
interface ModeRecord { mode: string; out: FullTensor; more_outs?: FullTensor[]; grads: (FullTensor | null)[]; param_grads: Named[]; state: Named[] }
interface Case {
  cls: string; ctor: string | null; args: Json[]; kwargs: Record<string, Json>; seed: number;
  repr: string; state: Named[]; inputs: { t: FullTensor; grad: boolean }[]; modes: ModeRecord[];
}

const py = runGoldenScript<{ torch_version: string; cases: Case[] }>("golden_layers.py");
const fixture = py.doc;

type Ctor = (new (...args: unknown[]) => nn.Module) & { from_pretrained?: (...args: unknown[]) => nn.Module };
let compared = 0;

function compareNamed(label: string, actual: [string, Tensor | null][], expected: Named[]): string[] {
  const names = JSON.stringify(actual.map(([n]) => n)), want = JSON.stringify(expected.map(([n]) => n));
  if (names !== want) return [`${label} names: torchnode ${names}, PyTorch ${want}`];
  return actual.flatMap(([n, t], i) => {
    compared += t?.numel() ?? 0;
    return compareTensor(`${label} ${n}`, t, expected[i][1]);
  });
}

function runCase(c: Case): string[] {
  torch.manual_seed(c.seed);
  const cls = (nn as unknown as Record<string, Ctor>)[c.cls];
  if (typeof cls !== "function") return [`torchnode has no nn.${c.cls}`];
  const args = callArgs(c.args, c.kwargs);
  const m = c.ctor ? cls[c.ctor as "from_pretrained"]!(...args) : new cls(...args);
  const problems: string[] = [];
  if (String(m) !== c.repr) problems.push(`repr: torchnode ${JSON.stringify(String(m))}, PyTorch ${JSON.stringify(c.repr)}`);
  problems.push(...compareNamed("state_dict", Object.entries(m.state_dict()), c.state));
  for (const rec of c.modes) {
    m.train(rec.mode === "train");
    const xs = c.inputs.map(({ t, grad }) => decodeTensor(t).requires_grad_(grad));
    const result = m(...xs) as Tensor | Tensor[];
    // a named tuple (AdaptiveLogSoftmaxWithLoss's [output, loss]): each element compared, their sums summed for backward
    const ys = Array.isArray(result) ? result : [result];
    const y = ys[0];
    ys.forEach((t, i) => {
      compared += t.numel();
      problems.push(...compareTensor(`${rec.mode} output${i ? ` ${i}` : ""}`, t, i ? rec.more_outs?.[i - 1] : rec.out));
    });
    if (y.requires_grad) {
      ys.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();
      xs.forEach((x, i) => {
        compared += x.grad?.numel() ?? 0;
        problems.push(...compareTensor(`${rec.mode} input ${i} grad`, x.grad, rec.grads[i]));
      });
      problems.push(...compareNamed(`${rec.mode} grad of`, [...m.named_parameters()].map(([n, p]) => [n, p.grad]), rec.param_grads));
      for (const p of m.parameters()) p.grad = null;
    } else if (rec.grads.length) problems.push(`${rec.mode}: PyTorch's output requires grad, torchnode's does not`);
    problems.push(...compareNamed(`${rec.mode} state_dict after`, Object.entries(m.state_dict()), rec.state));
  }
  return problems;
}

test.serial("scripts/golden_layers.py runs with the PyTorch of this libtorch", (t) => {
  t.is(py.status, 0, py.stderr);
  t.regex(fixture!.torch_version, sameTorch());
  torch.set_num_threads(1);
});

const counts = new Map<string, number>();
for (const c of fixture?.cases ?? []) {
  const n = (counts.get(c.cls) ?? 0) + 1;
  counts.set(c.cls, n);
  const kw = Object.keys(c.kwargs).length ? `, {${Object.keys(c.kwargs).join(", ")}}` : "";
  test.serial(`nn.${c.cls}${c.ctor ? `.${c.ctor}` : ""} #${n} (${c.args.length} positional${kw}) equals PyTorch`, (t) => {
    let problems: string[];
    try {
      problems = runCase(c);
    } catch (e) {
      problems = [`threw ${(e as Error).stack}`];
    }
    if (problems.length) t.fail(`${problems.length} difference(s) from PyTorch:\n${problems.slice(0, 20).join("\n")}`);
    else t.pass();
  });
}

test.serial("every golden value was compared", (t) => {
  t.true(compared > 0);
  t.log(`${fixture?.cases.length} cases, ${compared} values compared bit for bit`);
});

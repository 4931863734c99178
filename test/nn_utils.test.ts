/**
 * torch.nn.utils against real PyTorch: gradient clipping (by norm, every
 * norm_type, and by value), parameters_to_vector / vector_to_parameters and,
 * on 2.x, get_total_norm / clip_grads_with_norm_. Every result and every
 * gradient after the call must match scripts/golden_nn.py's bytes.
 */
import test from "ava";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import * as utils from "../lib/nn/utils";
import { callArgs, compareTensor, decodeTensor, errorOf, loadNnFixture, setDigestLength, type ErrorValue, type FullTensor, type NnFixture } from "./helpers/nn_golden";
import { stateDictMetadata } from "../lib/nn/modules/module";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PYTHON } from "./helpers/fixtures";
import { torchAtLeast } from "../lib/version";

const fx: NnFixture = loadNnFixture();
setDigestLength(fx.digest_hex);
torch.set_num_threads(fx.num_threads);

type AnyFn = (...args: unknown[]) => unknown;
const fns = utils as unknown as Record<string, AnyFn>;

for (const c of fx.nn_utils.cases) {
  test(`${c.fn} on ${c.grads} ${JSON.stringify(c.args)} ${JSON.stringify(c.kwargs)} (seed ${c.seed})`, (t) => {
    const params = c.params.map((p, i) => {
      const param = new nn.Parameter(decodeTensor(p));
      const g = c.grads_in[i];
      if (g) param.grad = decodeTensor(g);
      return param;
    });
    const problems: string[] = [];
    let result: unknown = null;
    const error = errorOf(() => {
      const args = callArgs(c.args, c.kwargs);
      if (c.fn === "get_total_norm") result = fns[c.fn](params.flatMap((p) => (p.grad ? [p.grad] : [])), ...args);
      else if (c.fn === "clip_grads_with_norm_") {
        const total = utils.get_total_norm(params.flatMap((p) => (p.grad ? [p.grad] : [])));
        problems.push(...compareTensor("total_norm", total, c.total_norm));
        utils.clip_grads_with_norm_(params, args[0] as number, total);
      } else if (c.fn === "parameters_to_vector") result = utils.parameters_to_vector(params);
      else if (c.fn === "vector_to_parameters") {
        const vec = decodeTensor(c.vec!);
        utils.vector_to_parameters(vec, params);
        vec.mul_(2); // the parameters are views of vec, as in PyTorch
      } else result = fns[c.fn](params, ...args);
    });
    t.deepEqual(error, c.error);
    problems.push(...compareTensor("result", result as Tensor | null, c.result));
    params.forEach((p, i) => {
      problems.push(...compareTensor(`param ${i}`, p.detach(), c.params_after[i]));
      problems.push(...compareTensor(`grad ${i}`, p.grad, c.grads_after[i]));
    });
    t.deepEqual(problems, []);
  });
}

test("nn.utils errors read as PyTorch's", (t) => {
  const made: Record<string, () => unknown> = {
    "vector_to_parameters of a list": () => utils.vector_to_parameters([1.0, 2.0] as never, [new nn.Parameter(torch.zeros(2))]),
    "vector_to_parameters of a number": () => utils.vector_to_parameters(3 as never, [new nn.Parameter(torch.zeros(2))]),
  };
  for (const e of fx.nn_utils.errors) t.deepEqual(errorOf(made[e.name]), e.error, e.name);
});

test("clip_grad_norm_ takes a single tensor, an options object, and leaves no graph behind", (t) => {
  const w = new nn.Parameter(torch.tensor([3, 4]));
  w.grad = torch.tensor([3, 4]);
  const total = utils.clip_grad_norm_(w, 1.0, { norm_type: 2 });
  t.is(total.item(), 5);
  t.false(total.requires_grad);
  t.true(Math.abs(w.grad.norm().item() - 1) < 1e-6);
  t.is(utils.clip_grad_norm(w, 10).item(), w.grad.norm().item());
  t.is(utils.get_total_norm([]).item(), 0);
  t.notThrows(() => utils.clip_grads_with_norm_([], 1, torch.tensor(0)));
});

test("nn.utils validates its arguments", (t) => {
  const w = new nn.Parameter(torch.zeros(2));
  t.throws(() => utils.clip_grad_norm_(w, "1" as never), { instanceOf: TypeError });
  t.throws(() => utils.clip_grad_norm_(42 as never, 1), { instanceOf: TypeError });
  t.throws(() => utils.clip_grad_value_(w, null as never), { instanceOf: TypeError });
  t.throws(() => utils.clip_grad_norm_(w, 1, { norm_type: "2" as never }), { instanceOf: TypeError });
  if (!torchAtLeast(2)) t.throws(() => utils.clip_grad_norm_(w, 1, { foreach: null }), { instanceOf: TypeError, message: /foreach/ });
});

// ---- weight_norm, spectral_norm and conv-BN fusion against scripts/golden_init.py ------------------

type Entries = [string, FullTensor][];
interface UtilsGolden {
  utils: {
    kind: "weight_norm" | "spectral_norm"; layer: string; dim?: number | null; kwargs?: Record<string, number>;
    params: string[]; buffers: string[]; initial: Entries; spectral_metadata?: Record<string, number>;
    steps: { x: FullTensor; y: FullTensor; weight: FullTensor; grads: Entries; state: Entries }[];
    removed: Entries; removed_params: string[];
  }[];
  utils_errors: { name: string; error: ErrorValue | null }[];
  fusion: { transpose: boolean; conv: Entries; bn: Entries; fused: Entries; x: FullTensor; y: FullTensor; requires_grad: boolean[] }[];
}
const golden = path.join(__dirname, "..", "scripts", "golden_init.py");
const run = spawnSync(PYTHON, [golden], { encoding: "utf8", timeout: 240_000, maxBuffer: 256 << 20, env: { ...process.env, OMP_NUM_THREADS: "1" } });
if (run.status !== 0) throw new Error(`${PYTHON} ${golden} failed: ${run.stderr}`);
const ug = JSON.parse(run.stdout) as UtilsGolden;
const LAYERS: Record<string, () => nn.Module> = {
  linear: () => new nn.Linear(4, 3),
  conv2d: () => new nn.Conv2d(2, 3, 3),
  convT: () => new nn.ConvTranspose1d(3, 2, 3),
};
const compareState = (label: string, m: nn.Module, expected: Entries): string[] => {
  const sd = m.state_dict();
  const problems = Object.keys(sd).join() === expected.map(([k]) => k).join() ? [] : [`${label} keys ${Object.keys(sd)}, PyTorch ${expected.map(([k]) => k)}`];
  for (const [k, v] of expected) problems.push(...compareTensor(`${label} ${k}`, sd[k], v));
  return problems;
};

for (const c of ug.utils) {
  test(`${c.kind} on ${c.layer} ${JSON.stringify(c.dim ?? c.kwargs)}: a training trajectory, state_dict and removal`, (t) => {
    torch.manual_seed(7);
    const m = LAYERS[c.layer]();
    if (c.kind === "weight_norm") utils.weight_norm(m, { dim: c.dim });
    else utils.spectral_norm(m, c.kwargs);
    t.deepEqual([...m.named_parameters()].map(([n]) => n), c.params);
    t.deepEqual([...m.named_buffers()].map(([n]) => n), c.buffers);
    const problems = compareState("initial", m, c.initial);
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
    c.steps.forEach((s, i) => {
      if (i === c.steps.length - 1) m.eval();
      const y = m(decodeTensor(s.x)) as Tensor;
      problems.push(...compareTensor(`step ${i} y`, y, s.y), ...compareTensor(`step ${i} weight`, (m as unknown as { weight: Tensor }).weight, s.weight));
      opt.zero_grad();
      y.pow(2).sum().backward();
      const params = new Map(m.named_parameters());
      for (const [n, g] of s.grads) problems.push(...compareTensor(`step ${i} grad ${n}`, params.get(n)!.grad, g));
      opt.step();
      problems.push(...compareState(`step ${i}`, m, s.state));
    });
    if (c.spectral_metadata) t.deepEqual(stateDictMetadata(m.state_dict())?.get("")?.spectral_norm, c.spectral_metadata);
    if (c.kind === "weight_norm") utils.remove_weight_norm(m);
    else utils.remove_spectral_norm(m);
    problems.push(...compareState("removed", m, c.removed));
    t.deepEqual([...m.named_parameters()].map(([n]) => n), c.removed_params);
    t.deepEqual(problems, []);
  });
}

test("weight_norm / spectral_norm / fusion errors read as PyTorch's", (t) => {
  const made: Record<string, () => unknown> = {
    "weight_norm twice": () => utils.weight_norm(utils.weight_norm(new nn.Linear(2, 2))),
    "remove_weight_norm missing": () => utils.remove_weight_norm(new nn.Linear(2, 2)),
    "spectral_norm twice": () => utils.spectral_norm(utils.spectral_norm(new nn.Linear(2, 2))),
    "spectral_norm n_power_iterations": () => utils.spectral_norm(new nn.Linear(2, 2), { n_power_iterations: 0 }),
    "remove_spectral_norm missing": () => utils.remove_spectral_norm(new nn.Linear(2, 2)),
    "fuse in training": () => utils.fuse_conv_bn_eval(new nn.Conv2d(2, 2, 1) as never, new nn.BatchNorm2d(2) as never),
  };
  for (const e of ug.utils_errors) t.deepEqual(errorOf(made[e.name]), e.error, e.name);
});

for (const f of ug.fusion) {
  test(`fuse_conv_bn_eval (transpose ${f.transpose}) as PyTorch's`, (t) => {
    const conv = (f.transpose ? new nn.ConvTranspose2d(3, 4, 3) : new nn.Conv2d(3, 4, 3)).eval();
    const bn = new nn.BatchNorm2d(4).eval();
    conv.load_state_dict(Object.fromEntries(f.conv.map(([k, v]) => [k, decodeTensor(v)])));
    bn.load_state_dict(Object.fromEntries(f.bn.map(([k, v]) => [k, decodeTensor(v)])));
    const fused = utils.fuse_conv_bn_eval(conv as never, bn as never, f.transpose) as unknown as nn.Module;
    const problems = compareState("fused", fused, f.fused);
    problems.push(...compareTensor("y", fused(decodeTensor(f.x)) as Tensor, f.y));
    t.deepEqual([...fused.parameters()].map((p) => p.requires_grad), f.requires_grad);
    t.deepEqual(problems, []);
  });
}

/**
 * The optimizers PyTorch 2.x added, optim.Adafactor and optim.Muon, and
 * optim.swap_in_optimizer_params_and_state, against the PyTorch of this
 * libtorch: scripts/golden_optim2.py runs the same cases there at test time,
 * and the parameters and the whole state after every step are compared as bit
 * patterns, the state dicts key by key, the errors by type and message. On a
 * libtorch older than the release that has them (1.13 here) each throws a
 * NotImplementedError naming that release.
 */
import test from "ava";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";
import { libtorch_version, torchAtLeast } from "../lib/version";
import { goldenDocument } from "./helpers/fixtures";
import { type Encoded, encode, thrown } from "./helpers/optim_bits";

const F = nn.functional;

type EncodedState = Record<string, { keys: string[]; values: Record<string, Encoded> }>;
type Case = {
  name: string; optimizer: "Adafactor" | "Muon"; dtype: "float32" | "float64"; names: string[]; options: Record<string, unknown>;
  second: [string[], Record<string, unknown>] | null; steps: number; per_step: { params: Encoded[]; state: EncodedState }[];
  param_groups: Record<string, unknown>[];
};
type Thrown = { type: string; message: string } | null;
type Golden = {
  torch_version: string; cases: Case[]; errors: Record<string, Thrown>; swap_in_errors: Record<string, Thrown>;
  swap_in: {
    inside: { lrs: number[]; params_are_swapped: boolean; state: Record<string, Encoded> }; swapped: Encoded[]; osd_state: EncodedState;
    osd_lrs: number[]; live: Encoded[]; live_state: EncodedState; live_groups: Record<string, unknown>[]; live_params_kept: boolean;
  };
};

// Everything here is in PyTorch 2.15 (swap_in_optimizer_params_and_state the newest); older ones lack some or all.
const HAS_ALL = torchAtLeast(2, 15);

const golden: Golden | null = HAS_ALL ? goldenDocument<Golden>("golden_optim2.py") : null;



function encodeState(state: Record<number, Record<string, unknown>>): EncodedState {
  const out: EncodedState = {};
  for (const [k, s] of Object.entries(state)) out[k] = { keys: Object.keys(s), values: Object.fromEntries(Object.entries(s).map(([key, v]) => [key, encode(v)])) };
  return out;
}

// scripts/golden_optim2.py's make_model, line for line.
function makeModel(dtype: torch.dtype): [Record<string, Tensor>, () => Tensor] {
  torch.manual_seed(0);
  const lin = new nn.Linear(4, 3).to(dtype);
  const cube = new nn.Parameter(torch.randn([2, 3, 4], { dtype }));
  const tall = new nn.Parameter(torch.randn([5, 3], { dtype }));
  const spare = new nn.Parameter(torch.zeros([2, 2], { dtype }));
  const X = torch.randn([6, 4], { dtype });
  const Y = torch.randn([6, 3], { dtype });
  const A = torch.randn([2, 5], { dtype });
  const params = { weight: lin.weight, bias: lin.bias!, cube, tall, spare };
  return [params, () => F.mse_loss(lin(X), Y).add(cube.pow(3).mean()).add(A.matmul(tall).tanh().sum())];
}

function build(c: Case, params: Record<string, Tensor>): optim.Optimizer {
  const groups: optim.ParamGroupInput[] = [{ params: c.names.map((n) => params[n]) }];
  if (c.second) groups.push({ params: c.second[0].map((n) => params[n]), ...c.second[1] });
  return c.optimizer === "Adafactor" ? new optim.Adafactor(groups, c.options) : new optim.Muon(groups, c.options);
}

function runCase(c: Case, steps: number, inTidy = false) {
  const [params, objective] = makeModel(torch[c.dtype]);
  const opt = build(c, params);
  const order = [...c.names, ...(c.second ? c.second[0] : [])];
  const per_step = [];
  for (let i = 0; i < steps; i++) {
    const step = () => {
      opt.zero_grad();
      objective().backward();
      opt.step();
    };
    if (inTidy) torch.tidy(step);
    else step();
    per_step.push({ params: order.map((n) => encode(params[n])), state: encodeState(opt.state_dict().state) });
  }
  return { opt, params, objective, per_step };
}


/** A deep copy of a state dict (copy.deepcopy): tensors cloned, containers rebuilt. */
function deepCopy<T>(value: T): T {
  if (value instanceof torch.Tensor) return value.clone() as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  return value;
}

if (golden) {
  for (const c of golden.cases) {
    test(`${c.name}: the parameters and the state after each step and the state dict are PyTorch's, bit for bit`, (t) => {
      const { opt, per_step } = runCase(c, c.steps);
      per_step.forEach((s, i) => {
        t.deepEqual(s.params, c.per_step[i].params, `params after step ${i + 1}`);
        t.deepEqual(s.state, c.per_step[i].state, `state after step ${i + 1}`);
      });
      const groups = opt.state_dict().param_groups;
      t.deepEqual(groups.map((g) => Object.keys(g)), c.param_groups.map((g) => Object.keys(g)));
      t.deepEqual(groups, c.param_groups);
      t.log(`${c.steps} steps, ${c.per_step[0].params.length} params (PyTorch ${golden.torch_version})`);
    });
  }

  test("Adafactor and Muon: a state dict loaded into a new optimizer continues as the original does", (t) => {
    for (const name of ["adafactor lr wd maximize", "muon default", "muon float64 two groups"]) {
      const c = golden.cases.find((x) => x.name === name)!;
      const first = runCase(c, 2);
      const fresh = build(c, first.params);
      fresh.load_state_dict(deepCopy(first.opt.state_dict()));
      fresh.zero_grad();
      first.objective().backward();
      fresh.step();
      const order = [...c.names, ...(c.second ? c.second[0] : [])];
      t.deepEqual(order.map((n) => encode(first.params[n])), c.per_step[2].params, name);
      t.deepEqual(encodeState(fresh.state_dict().state), c.per_step[2].state, name);
    }
  });

  test("Adafactor and Muon: steps taken inside torch.tidy keep their state (the same numbers as outside)", (t) => {
    for (const name of ["adafactor default", "muon default"]) {
      const c = golden.cases.find((x) => x.name === name)!;
      t.deepEqual(runCase(c, 3, true).per_step, c.per_step.slice(0, 3), name);
    }
  });

  test("Adafactor and Muon fail as PyTorch does, with its messages", (t) => {
    const p = torch.zeros([2, 3], { requires_grad: true });
    const stepped = (make: (ps: Tensor[]) => optim.Optimizer) => {
      const q = torch.ones([2, 3], { requires_grad: true });
      const opt = make([q]);
      q.grad = torch.ones([2, 3]);
      opt.step();
    };
    const adafactorComplex = () => {
      const z = torch.zeros([2], { dtype: torch.complex64, requires_grad: true });
      const opt = new optim.Adafactor([z]);
      z.grad = torch.ones([2], { dtype: torch.complex64 });
      opt.step();
    };
    const got: Record<string, Thrown> = {
      "adafactor lr": thrown(() => new optim.Adafactor([p], { lr: -1.0 })),
      "adafactor beta2_decay": thrown(() => new optim.Adafactor([p], { beta2_decay: 0.5 })),
      "adafactor eps1": thrown(() => new optim.Adafactor([p], { eps: [-1.0, 1e-3] })),
      "adafactor eps2": thrown(() => new optim.Adafactor([p], { eps: [null, -0.5] })),
      "adafactor d": thrown(() => new optim.Adafactor([p], { d: 0.5 })),
      "adafactor weight_decay": thrown(() => new optim.Adafactor([p], { weight_decay: -0.1 })),
      "adafactor empty": thrown(() => new optim.Adafactor([])),
      "adafactor complex": thrown(adafactorComplex),
      "muon lr": thrown(() => new optim.Muon([p], { lr: -1.0 })),
      "muon momentum": thrown(() => new optim.Muon([p], { momentum: -0.5 })),
      "muon weight_decay": thrown(() => new optim.Muon([p], { weight_decay: -0.1 })),
      "muon adjust_lr_fn": thrown(() => new optim.Muon([p], { adjust_lr_fn: "foo" as never })),
      "muon 1-D": thrown(() => new optim.Muon([p, torch.zeros([3], { requires_grad: true })])),
      "muon 3-D": thrown(() => new optim.Muon([torch.zeros([2, 3, 4], { requires_grad: true })])),
      "muon empty": thrown(() => new optim.Muon([])),
      "muon ns_steps": thrown(() => stepped((ps) => new optim.Muon(ps, { ns_steps: 100 }))),
      "muon ns_coefficients": thrown(() => stepped((ps) => new optim.Muon(ps, { ns_coefficients: [1.0, 2.0] as never }))),
    };
    t.deepEqual(got, golden.errors);
    // What JS alone can pass: options of the wrong type.
    t.throws(() => new optim.Adafactor([p], { lr: "0.1" as never }), { instanceOf: TypeError });
    t.throws(() => new optim.Adafactor([p], { eps: 1e-3 as never }), { instanceOf: TypeError });
    t.throws(() => new optim.Muon([p], { momentum: null as never }), { instanceOf: TypeError });
    t.log(`${Object.keys(got).length} errors (PyTorch ${golden.torch_version})`);
  });

  // scripts/golden_optim2.py's adam_on.
  const adamOn = (params: Record<string, Tensor>, objective: () => Tensor, steps: number): optim.Adam => {
    const opt = new optim.Adam([{ params: [params.weight] }, { params: [params.bias], lr: 0.01 }], { lr: 0.1 });
    for (let i = 0; i < steps; i++) {
      opt.zero_grad();
      objective().backward();
      opt.step();
    }
    return opt;
  };

  test("swap_in_optimizer_params_and_state steps the given parameters and state dict, then gives the optimizer back its own, as PyTorch does", (t) => {
    const [params, objective] = makeModel(torch.float32);
    const opt = adamOn(params, objective, 2);
    const live = [params.weight, params.bias];
    const swap = new Map([["weight", live[0].detach().clone().requires_grad_()], ["bias", live[1].detach().clone().requires_grad_()]]);
    [...swap.values()].forEach((s, i) => (s.grad = live[i].grad!.clone().mul_(2)));
    const osd = deepCopy(opt.state_dict());
    osd.param_groups[1].lr = 0.5;
    delete osd.state[1];
    const inside: Record<string, unknown> = {};
    const returned = optim.swap_in_optimizer_params_and_state(opt, swap, osd, () => {
      inside.lrs = opt.param_groups.map((g) => g.lr);
      inside.params_are_swapped = opt.param_groups.every((g, i) => g.params[0] === [...swap.values()][i]);
      opt.step();
      opt.step();
      inside.state = Object.fromEntries([...swap.values()].map((s, i) => [String(i), encode(opt.state.get(s)!.step)]));
      return "done";
    });
    t.is(returned, "done");
    const want = golden.swap_in;
    t.deepEqual(inside, want.inside);
    t.deepEqual([...swap.values()].map(encode), want.swapped);
    t.deepEqual(encodeState(osd.state), want.osd_state);
    t.deepEqual(osd.param_groups.map((g) => g.lr), want.osd_lrs);
    t.deepEqual(live.map(encode), want.live);
    t.deepEqual(encodeState(opt.state_dict().state), want.live_state);
    t.deepEqual(opt.state_dict().param_groups.map(({ params: _, ...g }) => g), want.live_groups);
    t.is(opt.param_groups.every((g, i) => g.params[0] === live[i]), want.live_params_kept);
  });

  test("swap_in_optimizer_params_and_state restores the optimizer when the callback throws or its promise settles", async (t) => {
    const [params, objective] = makeModel(torch.float32);
    const opt = adamOn(params, objective, 1);
    const state = opt.state;
    const groups = opt.param_groups.map((g) => ({ ...g }));
    const fake = { weight: params.weight.detach().clone(), bias: params.bias.detach().clone() };
    t.throws(() => optim.swap_in_optimizer_params_and_state(opt, fake, deepCopy(opt.state_dict()), () => {
      throw new Error("inside");
    }), { message: "inside" });
    t.is(opt.state, state);
    t.deepEqual(opt.param_groups, groups);
    const pending = optim.swap_in_optimizer_params_and_state(opt, fake, deepCopy(opt.state_dict()), async () => {
      await Promise.resolve();
      return opt.param_groups[0].params[0];
    });
    t.not(opt.state, state);
    t.is(await pending, fake.weight);
    t.is(opt.state, state);
    t.deepEqual(opt.param_groups, groups);
  });

  test("swap_in_optimizer_params_and_state refuses what PyTorch refuses, with its messages", (t) => {
    const swapIn = optim.swap_in_optimizer_params_and_state;
    const [params, objective] = makeModel(torch.float32);
    const opt = adamOn(params, objective, 1);
    const two = { weight: params.weight.detach().clone(), bias: params.bias.detach().clone() };
    const run = (osd: unknown, parameters: Record<string, Tensor> = two, optimizer: optim.Optimizer = opt) => swapIn(optimizer, parameters, osd as optim.OptimizerStateDict, () => undefined);
    const sd = (edit: (s: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const out = deepCopy(opt.state_dict());
      edit(out);
      return out;
    };
    const fresh = new optim.Adam([params.weight]);
    const got: Record<string, Thrown> = {
      "no state": thrown(() => run(opt.state_dict(), { weight: two.weight }, fresh)),
      "not a dict": thrown(() => run([])),
      "state not a dict": thrown(() => run(sd((s) => (s.state = null)))),
      "state entry not a dict": thrown(() => run(sd((s) => (s.state[0] = 5)))),
      "param_groups not a list": thrown(() => run(sd((s) => (s.param_groups = {})))),
      "group count": thrown(() => run(sd((s) => s.param_groups.pop()))),
      "group not a dict": thrown(() => run(sd((s) => (s.param_groups[1] = 7)))),
      "ids not ints": thrown(() => run(sd((s) => (s.param_groups[0].params = ["a"])))),
      "ids length": thrown(() => run(sd((s) => (s.param_groups[0].params = [0, 5])))),
      "keys differ": thrown(() => run(sd((s) => { s.param_groups[1].foo = 1; delete s.param_groups[1].eps; }))),
      "too few parameters": thrown(() => run(opt.state_dict(), { weight: two.weight })),
      "extra state keys": thrown(() => run(sd((s) => (s.state[7] = {})))),
    };
    t.deepEqual(got, golden.swap_in_errors);
    t.log(`${Object.keys(got).length} errors (PyTorch ${golden.torch_version})`);
  });
}

test("each of them is in the PyTorch that has it; an older libtorch throws a NotImplementedError naming that release", (t) => {
  const p = torch.zeros([2, 3], { requires_grad: true });
  const rows: [string, number, number, () => unknown][] = [
    ["optim.Adafactor", 2, 5, () => new optim.Adafactor([p])],
    ["optim.Muon", 2, 9, () => new optim.Muon([p])],
    ["optim.swap_in_optimizer_params_and_state", 2, 15, () => optim.swap_in_optimizer_params_and_state(new optim.Adam([p]), {}, { state: {}, param_groups: [] }, () => 0)],
  ];
  for (const [name, major, minor, make] of rows) {
    if (torchAtLeast(major, minor)) {
      t.notThrows(() => {
        try {
          make();
        } catch (e) {
          if (e instanceof torch.NotImplementedError) throw e;
        }
      }, name);
    } else {
      t.throws(make, { instanceOf: torch.NotImplementedError, message: `${name} is in PyTorch ${major}.${minor} and later; this libtorch is ${libtorch_version}` });
    }
  }
  if (!HAS_ALL) t.log(`PyTorch ${libtorch_version}: the goldens need PyTorch 2.15; only the refusals are checked`);
});

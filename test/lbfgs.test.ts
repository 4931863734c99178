/**
 * optim.LBFGS and optim.SparseAdam against the PyTorch of this libtorch:
 * scripts/golden_lbfgs.py runs the same problems there at test time, and every
 * closure loss, every parameter after each step and the final state are
 * compared as bit patterns; the errors carry PyTorch's messages.
 */
import test from "ava";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";
import { torchAtLeast } from "../lib/version";
import { goldenDocument } from "./helpers/fixtures";
import { type Encoded, bits, tensorBits, encode, thrown } from "./helpers/optim_bits";

const F = nn.functional;

type Case = {
  name: string; problem: string; dtype: "float32" | "float64"; steps: number; options: Record<string, unknown>;
  losses: string[]; per_step: { returned: string; losses: number; params: string[][] }[];
  state_keys: string[]; state: Record<string, Encoded>; param_groups: Record<string, unknown>[];
};
type SparseCase = { dtype: "float32" | "float64"; maximize: boolean; batches: number[][]; per_step: string[][]; state: Record<string, Encoded>; param_groups: Record<string, unknown>[] };
type Golden = { torch_version: string; has_maximize: boolean; cases: Case[]; errors: Record<string, { type: string; message: string } | null>; sparse_adam: SparseCase[] };

const golden = goldenDocument<Golden>("golden_lbfgs.py");



// The problems of scripts/golden_lbfgs.py, line for line.
function rosenbrock(x: Tensor): Tensor {
  return torch.rsub(x.select(0, 0), 1).pow(2).add(x.select(0, 1).sub(x.select(0, 0).pow(2)).pow(2).mul(100));
}

function makeProblem(name: string, dtype: torch.dtype): [Tensor[], () => Tensor] {
  torch.manual_seed(0);
  if (name.startsWith("rosenbrock")) {
    const x = torch.tensor([-1.5, 2.0], { dtype, requires_grad: true });
    const sign = name === "rosenbrock_max" ? -1 : 1;
    return [[x], () => rosenbrock(x).mul(sign)];
  }
  if (name === "linreg") {
    const X = torch.randn([64, 3], { dtype });
    const w_true = torch.randn([3], { dtype });
    const y = X.mv(w_true).add(torch.randn([64], { dtype }).mul(0.1));
    const w = torch.randn([3], { dtype }).requires_grad_();
    const b = torch.zeros([1], { dtype }).requires_grad_();
    const unused = torch.ones([2], { dtype }).requires_grad_();
    return [[w, unused, b], () => X.mv(w).add(b).sub(y).pow(2).mean()];
  }
  if (name === "mlp") {
    const X = torch.randn([16, 3], { dtype });
    const y = torch.randn([16, 1], { dtype });
    const W1 = torch.randn([3, 5], { dtype }).mul(0.5).requires_grad_();
    const b1 = torch.zeros([5], { dtype }).requires_grad_();
    const W2 = torch.randn([5, 1], { dtype }).mul(0.5).requires_grad_();
    const b2 = torch.zeros([1], { dtype }).requires_grad_();
    return [[W1, b1, W2, b2], () => F.mse_loss(torch.tanh(X.matmul(W1).add(b1)).matmul(W2).add(b2), y)];
  }
  throw new Error(name);
}

function runCase(c: Case, inTidy: boolean) {
  const [params, objective] = makeProblem(c.problem, torch[c.dtype]);
  const optimizer = new optim.LBFGS(params, c.options as optim.LBFGSOptions);
  const losses: string[] = [];
  const closure = () => {
    optimizer.zero_grad();
    const loss = objective();
    loss.backward();
    losses.push(bits(loss.item()));
    return loss;
  };
  const per_step = [];
  for (let i = 0; i < c.steps; i++) {
    const returned = inTidy ? torch.tidy(() => bits(optimizer.step(closure)!.item())) : bits(optimizer.step(closure)!.item());
    per_step.push({ returned, losses: losses.length, params: params.map(tensorBits) });
  }
  return { optimizer, losses, per_step };
}

for (const c of golden.cases) {
  test(`LBFGS ${c.name}: every loss, the parameters after each step and the final state are PyTorch's, bit for bit`, (t) => {
    const { optimizer, losses, per_step } = runCase(c, false);
    t.deepEqual(losses, c.losses);
    t.deepEqual(per_step, c.per_step);
    const sd = optimizer.state_dict();
    t.deepEqual(Object.keys(sd.state), ["0"]);
    t.deepEqual(Object.keys(sd.state[0]), c.state_keys);
    for (const key of c.state_keys) t.deepEqual(encode(sd.state[0][key]), c.state[key], key);
    t.deepEqual(Object.keys(sd.param_groups[0]), Object.keys(c.param_groups[0]));
    t.deepEqual(sd.param_groups, c.param_groups);
    t.log(`${losses.length} losses, ${c.steps} steps, state ${c.state_keys.length} keys (PyTorch ${golden.torch_version})`);
  });
}

test("LBFGS: steps taken inside torch.tidy keep their state (the same numbers as outside)", (t) => {
  for (const name of ["rosenbrock32 strong_wolfe h3", "linreg32 plain h4"]) {
    const c = golden.cases.find((x) => x.name === name)!;
    const { losses, per_step } = runCase(c, true);
    t.deepEqual(losses, c.losses, name);
    t.deepEqual(per_step, c.per_step, name);
  }
});

test("LBFGS: a state dict loaded into a new optimizer continues as the original does", (t) => {
  const c = golden.cases.find((x) => x.name === "mlp32 strong_wolfe h5")!;
  const [params, objective] = makeProblem(c.problem, torch.float32);
  const make = (ps: Tensor[]) => {
    const opt = new optim.LBFGS(ps, c.options as optim.LBFGSOptions);
    return [opt, () => { opt.zero_grad(); const loss = objective(); loss.backward(); return loss; }] as const;
  };
  const [opt, closure] = make(params);
  opt.step(closure);
  // load_state_dict copies the state, as PyTorch's deepcopies it (state_dict() itself shares it).
  const [fresh, freshClosure] = make(params);
  fresh.load_state_dict(opt.state_dict());
  const copies = params.map((p) => p.detach().clone());
  opt.step(closure);
  const after = params.map(tensorBits);
  // Back to where the state dict was taken; the fresh optimizer takes the same step.
  torch.no_grad(() => params.forEach((p, i) => p.copy_(copies[i])));
  fresh.step(freshClosure);
  t.deepEqual(params.map(tensorBits), after);
  t.deepEqual(after, c.per_step[1].params);
});

test("LBFGS and SparseAdam fail as PyTorch does, with its messages", (t) => {
  const p = torch.zeros([2], { requires_grad: true });
  const q = torch.zeros([2], { requires_grad: true });
  const badLineSearch = () => {
    const opt = new optim.LBFGS([p], { line_search_fn: "foo" as never });
    opt.step(() => { opt.zero_grad(); const loss = p.sub(1).pow(2).sum(); loss.backward(); return loss; });
  };
  const sparseAdamDenseGrad = () => {
    const w = torch.ones([3], { requires_grad: true });
    const opt = new optim.SparseAdam([w]);
    w.sum().backward();
    opt.step();
  };
  const got: Record<string, unknown> = {
    "lbfgs groups": thrown(() => new optim.LBFGS([{ params: [p] }, { params: [q] }])),
    "lbfgs lr": thrown(() => new optim.LBFGS([p], { lr: -1.0 })),
    "lbfgs empty": thrown(() => new optim.LBFGS([])),
    "lbfgs line_search_fn": thrown(badLineSearch),
    "lbfgs no closure": thrown(() => new optim.LBFGS([p]).step()),
    "sparse_adam lr": thrown(() => new optim.SparseAdam([p], { lr: 0.0 })),
    "sparse_adam eps": thrown(() => new optim.SparseAdam([p], { eps: 0.0 })),
    "sparse_adam beta0": thrown(() => new optim.SparseAdam([p], { betas: [1.0, 0.999] })),
    "sparse_adam beta1": thrown(() => new optim.SparseAdam([p], { betas: [0.9, -0.5] })),
    "sparse_adam empty": thrown(() => new optim.SparseAdam([])),
    "sparse_adam dense grad": thrown(sparseAdamDenseGrad),
  };
  t.deepEqual(got, golden.errors);
  t.log(`${Object.keys(got).length} errors (PyTorch ${golden.torch_version})`);
});

test("SparseAdam refuses sparse parameters, naming their indices as the PyTorch of this libtorch does", (t) => {
  const dense = torch.zeros([2], { requires_grad: true });
  const sparse = torch.ones([2, 2]).to_sparse().requires_grad_();
  const message = torchAtLeast(2) ? "Sparse params at indices [[0, 1]]: SparseAdam requires dense parameter tensors" : "Sparse params at indices [1]: SparseAdam requires dense parameter tensors";
  t.throws(() => new optim.SparseAdam([dense, sparse]), { instanceOf: torch.ValueError, message });
});

for (const c of golden.sparse_adam) {
  test(`SparseAdam ${c.dtype}${c.maximize ? " maximize" : ""}: sparse embedding gradients give PyTorch's parameters and state, bit for bit`, (t) => {
    torch.manual_seed(0);
    const weight = torch.randn([6, 3], { dtype: torch[c.dtype] }).requires_grad_();
    const optimizer = new optim.SparseAdam([weight], { lr: 0.1, betas: [0.8, 0.95], maximize: c.maximize });
    const per_step = [];
    for (const batch of c.batches) {
      optimizer.zero_grad();
      const out = F.embedding(torch.tensor(batch.map(BigInt)), weight, null, null, 2.0, false, true);
      out.mul(out).sum().add(out.sum()).backward();
      optimizer.step();
      per_step.push(tensorBits(weight));
    }
    t.deepEqual(per_step, c.per_step);
    const sd = optimizer.state_dict();
    for (const key of Object.keys(c.state)) t.deepEqual(encode(sd.state[0][key]), c.state[key], key);
    t.deepEqual(Object.keys(sd.state[0]), Object.keys(c.state));
    t.deepEqual(sd.param_groups, c.param_groups);
  });
}

test("LBFGS: maximize exists from PyTorch 2 on, as in the PyTorch found here", (t) => {
  const p = torch.zeros([2], { requires_grad: true });
  t.is("maximize" in new optim.LBFGS([p]).param_groups[0], golden.has_maximize);
  t.is(new optim.LBFGS([p], { max_iter: 7 }).param_groups[0].max_eval, 8); // 7 * 5 // 4
});

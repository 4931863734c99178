import test from "ava";
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { torchAtLeast } from "../lib/version";

// What PyTorch's Python changed in 2.x: SGD's default lr (2.2), its `fused` option (2.3), the state of plain SGD (2.4).

test("param_groups carry PyTorch's option names, the user's options object included", (t) => {
  const lin = new nn.Linear(2, 2);
  const opt = new optim.SGD(lin.parameters(), { lr: 0.1, weight_decay: 5e-2 });
  t.is(opt.param_groups.length, 1);
  const { params, ...options } = opt.param_groups[0];
  t.is(params.length, 2);
  const keys = ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable"];
  t.deepEqual(Object.keys(options), torchAtLeast(2, 3) ? [...keys, "fused"] : keys);
  t.is(options.weight_decay, 5e-2);
});

test("invalid optimizer arguments fail with PyTorch's messages", (t) => {
  const p = () => new nn.Linear(2, 2).parameters();
  t.throws(() => new optim.SGD(p(), { lr: -1 }), { instanceOf: torch.ValueError, message: "Invalid learning rate: -1.0" });
  t.throws(() => new optim.SGD(p(), { lr: 0.1, momentum: -0.5 }), { instanceOf: torch.ValueError, message: "Invalid momentum value: -0.5" });
  t.throws(() => new optim.SGD(p(), { lr: 0.1, nesterov: true }), { instanceOf: torch.ValueError, message: "Nesterov momentum requires a momentum and zero dampening" });
  if (torchAtLeast(2, 2)) t.is(new optim.SGD(p()).param_groups[0].lr, 1e-3);
  else t.throws(() => new optim.SGD(p()), { instanceOf: torch.ValueError, message: "parameter group didn't specify a value of required optimization parameter lr" });
  t.throws(() => new optim.SGD([], { lr: 0.1 }), { instanceOf: torch.ValueError, message: "optimizer got an empty parameter list" });
  t.throws(() => new optim.Adam(p(), { betas: [1.0, 0.9] }), { instanceOf: torch.ValueError, message: "Invalid beta parameter at index 0: 1.0" });
  const x = torch.ones([2], { requires_grad: true });
  t.throws(() => new optim.SGD([x.mul(2)], { lr: 0.1 }), { instanceOf: torch.ValueError, message: "can't optimize a non-leaf Tensor" });
  t.throws(() => new optim.SGD(torch.ones(2) as never, { lr: 0.1 }), { instanceOf: TypeError });
});

test("an SGD step is param -= lr * grad, and parameters without grad are left alone", (t) => {
  const w = new nn.Parameter(torch.tensor([1, 2]));
  const unused = new nn.Parameter(torch.tensor([5]));
  const opt = new optim.SGD([w, unused], { lr: 0.5 });
  w.mul(torch.tensor([3, 4])).sum().backward();
  opt.step();
  t.deepEqual(w.tolist(), [1 - 0.5 * 3, 2 - 0.5 * 4]);
  t.deepEqual(unused.tolist(), [5]);
  t.false(w.grad_fn !== null, "the update is not recorded by autograd");
});

test("state_dict packs params as indices and state by index; load_state_dict restores it", (t) => {
  torch.manual_seed(0);
  const make = () => new nn.Linear(3, 2);
  const a = make();
  const opt = new optim.SGD(a.parameters(), { lr: 0.1, momentum: 0.9 });
  a(torch.ones(1, 3)).sum().backward();
  opt.step();
  const sd = opt.state_dict();
  t.deepEqual(sd.param_groups[0].params, [0, 1]);
  t.deepEqual(Object.keys(sd.state), ["0", "1"]);
  t.true((sd.state[0].momentum_buffer as torch.Tensor).shape.equals([2, 3]));
  const b = make();
  const opt2 = new optim.SGD(b.parameters(), { lr: 0.5, momentum: 0.9 });
  opt2.load_state_dict(sd);
  t.is(opt2.param_groups[0].lr, 0.1);
  t.deepEqual((opt2.state.get(b.weight)!.momentum_buffer as torch.Tensor).tolist(), (sd.state[0].momentum_buffer as torch.Tensor).tolist());
  t.throws(() => new optim.SGD([b.weight], { lr: 1 }).load_state_dict(sd), { instanceOf: torch.ValueError });
});

test("plain SGD records a null momentum buffer, as PyTorch 1.13 does, and no state, as 2.4 on does", (t) => {
  const w = new nn.Parameter(torch.ones(2));
  const opt = new optim.SGD([w], { lr: 0.1 });
  w.sum().backward();
  opt.step();
  t.deepEqual(opt.state_dict().state, torchAtLeast(2, 4) ? {} : { 0: { momentum_buffer: null } });
});

test("StepLR multiplies lr by gamma every step_size epochs and records initial_lr", (t) => {
  const opt = new optim.SGD([new nn.Parameter(torch.ones(1))], { lr: 1 });
  const sched = new optim.lr_scheduler.StepLR(opt, 2, 0.5);
  const lrs: number[] = [];
  for (let i = 0; i < 6; i++) {
    lrs.push(opt.param_groups[0].lr as number);
    sched.step();
  }
  t.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25, 0.25]);
  t.is(opt.param_groups[0].initial_lr, 1);
  t.deepEqual(sched.get_last_lr(), [0.125]);
});

test("Adam keeps step, exp_avg and exp_avg_sq per parameter", (t) => {
  const w = new nn.Parameter(torch.tensor([1, -1]));
  const opt = new optim.Adam([w], { lr: 0.1 });
  for (let i = 0; i < 3; i++) {
    opt.zero_grad();
    w.pow(2).sum().backward();
    opt.step();
  }
  const state = opt.state.get(w)!;
  t.deepEqual(Object.keys(state), ["step", "exp_avg", "exp_avg_sq"]);
  t.is((state.step as torch.Tensor).item(), 3);
  t.true((w.abs().max().item()) < 1);
});

// The other optimizers: PyTorch's ValueError messages (the goldens of test/nn_golden.test.ts hold more, per release).
test("invalid arguments of Adadelta, Adagrad, RMSprop, Adamax, NAdam, RAdam, ASGD and Rprop fail with PyTorch's messages", (t) => {
  const p = () => new nn.Linear(2, 2).parameters();
  const cases: [() => unknown, string][] = [
    [() => new optim.Adadelta(p(), { lr: -1 }), "Invalid learning rate: -1.0"],
    [() => new optim.Adadelta(p(), { rho: 1.5 }), "Invalid rho value: 1.5"],
    [() => new optim.Adagrad(p(), { lr_decay: -0.5 }), "Invalid lr_decay value: -0.5"],
    [() => new optim.Adagrad(p(), { initial_accumulator_value: -1 }), "Invalid initial_accumulator_value value: -1.0"],
    [() => new optim.RMSprop(p(), { alpha: -0.99 }), "Invalid alpha value: -0.99"],
    [() => new optim.RMSprop(p(), { momentum: -1e-3 }), "Invalid momentum value: -0.001"],
    [() => new optim.Adamax(p(), { betas: [0.9, 1.0] }), "Invalid beta parameter at index 1: 1.0"],
    [() => new optim.NAdam(p(), { momentum_decay: -0.004 }), "Invalid momentum_decay value: -0.004"],
    [() => new optim.RAdam(p(), { eps: -1e-8 }), "Invalid epsilon value: -1e-08"],
    [() => new optim.ASGD(p(), { weight_decay: -1e-5 }), "Invalid weight_decay value: -1e-05"],
    [() => new optim.Rprop(p(), { etas: [1.5, 1.2] }), "Invalid eta values: 1.5, 1.2"],
  ];
  for (const [make, message] of cases) t.throws(make, { instanceOf: torch.ValueError, message });
  // 2.x checks ASGD's lambd and alpha; 1.13 takes them as given.
  if (torchAtLeast(2)) t.throws(() => new optim.ASGD(p(), { lambd: -1 }), { instanceOf: torch.ValueError, message: "Invalid lambd value: -1.0" });
  else t.notThrows(() => new optim.ASGD(p(), { lambd: -1 }));
  t.throws(() => new optim.Rprop(p(), { etas: [0.5] as never }), { instanceOf: TypeError });
  t.throws(() => new optim.Adadelta(p(), { lr: "1" as never }), { instanceOf: TypeError });
});

test("Adadelta with StepLR, as pytorch/examples' mnist: step tensors (2.x) or counts (1.13), lr 1.0 then 0.7", (t) => {
  const w = new nn.Parameter(torch.tensor([1, -2]));
  const opt = new optim.Adadelta([w], { lr: 1.0 });
  const sched = new optim.lr_scheduler.StepLR(opt, { step_size: 1, gamma: 0.7 });
  w.pow(2).sum().backward();
  opt.step();
  sched.step();
  const step = opt.state.get(w)!.step;
  if (torchAtLeast(2)) t.is((step as torch.Tensor).dtype, torch.float32);
  else t.is(step, 1);
  t.deepEqual(sched.get_last_lr(), [0.7]);
  t.deepEqual(Object.keys(opt.state.get(w)!), ["step", "square_avg", "acc_delta"]);
});

test("invalid scheduler arguments fail with PyTorch's messages", (t) => {
  const opt = () => new optim.SGD([new nn.Parameter(torch.ones(1))], { lr: 0.1 });
  t.throws(() => new optim.lr_scheduler.ConstantLR(opt(), { factor: 1.5 }), { instanceOf: torch.ValueError, message: "Constant multiplicative factor expected to be between 0 and 1." });
  t.throws(() => new optim.lr_scheduler.LinearLR(opt(), { end_factor: -1 }), { instanceOf: torch.ValueError, message: "Ending multiplicative factor expected to be between 0 and 1." });
  const o = new optim.SGD([{ params: [new nn.Parameter(torch.ones(1))] }, { params: [new nn.Parameter(torch.ones(1))] }], { lr: 0.1 });
  t.throws(() => new optim.lr_scheduler.LambdaLR(o, [(e: number) => e]), { instanceOf: torch.ValueError, message: "Expected 2 lr_lambdas, but got 1" });
  const a = opt();
  const s1 = new optim.lr_scheduler.ExponentialLR(a, 0.9);
  t.throws(() => new optim.lr_scheduler.SequentialLR(a, [s1], [3]), {
    instanceOf: torch.ValueError,
    message: "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 1 and the number of milestones to be equal to 1",
  });
  t.throws(() => new optim.lr_scheduler.ChainedScheduler([]), { instanceOf: torch.ValueError });
});

test("ReduceLROnPlateau, CyclicLR, OneCycleLR and CosineAnnealingWarmRestarts refuse bad arguments with PyTorch's messages", (t) => {
  const sgd = () => new optim.SGD(new nn.Linear(2, 2).parameters(), { lr: 0.1, momentum: 0.9 });
  const S = optim.lr_scheduler;
  const V2 = torchAtLeast(2);
  const cases: [() => unknown, string][] = [
    [() => new S.ReduceLROnPlateau(sgd(), { factor: 1.0 }), "Factor should be < 1.0."],
    [() => new S.ReduceLROnPlateau(sgd(), { mode: "mid" as never }), "mode mid is unknown!"],
    [() => new S.ReduceLROnPlateau(sgd(), { threshold_mode: "x" as never }), "threshold mode x is unknown!"],
    [() => new S.ReduceLROnPlateau(sgd(), { min_lr: [0, 0, 0] }), "expected 1 min_lrs, got 3"],
    [() => new S.CyclicLR(sgd(), 0.01, 0.1, { mode: "sine" as never }), "mode is invalid and scale_fn is None"],
    [() => new S.CyclicLR(sgd(), [0.01, 0.02], 0.1), V2 ? "base_lr must have the same length as optimizer.param_groups. base_lr has 2 values, param_groups has 1." : "expected 1 values for base_lr, got 2"],
    [() => new S.OneCycleLR(sgd(), 0.1), "You must define either total_steps OR (epochs AND steps_per_epoch)"],
    [() => new S.OneCycleLR(sgd(), 0.1, { total_steps: 0 }), "Expected positive integer total_steps, but got 0"],
    [() => new S.OneCycleLR(sgd(), 0.1, { total_steps: 10, pct_start: 1.5 }), "Expected float between 0 and 1 pct_start, but got 1.5"],
    [() => new S.OneCycleLR(sgd(), 0.1, { total_steps: 10, anneal_strategy: "exp" as never }), `anneal_strategy must ${V2 ? "be" : "by"} one of 'cos' or 'linear', instead got exp`],
    [() => new S.CosineAnnealingWarmRestarts(sgd(), 0), "Expected positive integer T_0, but got 0"],
    [() => new S.CosineAnnealingWarmRestarts(sgd(), 2, 0), "Expected integer T_mult >= 1, but got 0"],
    [() => new S.CosineAnnealingWarmRestarts(sgd(), 2).step(-1), "Expected non-negative epoch, but got -1"],
  ];
  for (const [make, message] of cases) t.throws(make, { instanceOf: torch.ValueError, message });
  const adagrad = new optim.Adagrad(new nn.Linear(2, 2).parameters());
  t.throws(() => new S.CyclicLR(adagrad, 0.01, 0.1), { instanceOf: torch.ValueError, message: /optimizer must support momentum/ });
  const once = new S.OneCycleLR(sgd(), 0.1, { total_steps: 2 });
  once.step();
  once.step();
  t.throws(() => once.step(), { instanceOf: torch.ValueError, message: `Tried to step ${V2 ? 3 : 4} times. The specified number of total steps is 2` });
});

test("ReduceLROnPlateau takes a tensor metric and sets no initial_lr", (t) => {
  const opt = new optim.SGD([new nn.Parameter(torch.zeros(2))], { lr: 1 });
  const sched = new optim.lr_scheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
  sched.step(torch.tensor(1.0));
  sched.step(torch.tensor(2.0));
  t.deepEqual(sched.get_last_lr(), [0.5]);
  t.false("initial_lr" in opt.param_groups[0]);
});

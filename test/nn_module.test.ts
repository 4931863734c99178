import test from "ava";
import * as torch from "../lib";
import { nn } from "../lib";
import { torchAtLeast } from "../lib/version";

class Net extends nn.Module {
  flat = new nn.Flatten();
  h1 = new nn.Linear(4, 3);
  out = new nn.Linear(3, 2);
  scale = 2; // a plain value: not registered
  forward(X: torch.Tensor, activ = nn.functional.relu): torch.Tensor {
    return this.out(activ(this.h1(this.flat(X)))).mul(this.scale);
  }
}

test("fields register in assignment order, and modules are callable", (t) => {
  const net = new Net();
  t.deepEqual([...net.named_children()].map(([n]) => n), ["flat", "h1", "out"]);
  t.deepEqual([...net.named_parameters()].map(([n]) => n), ["h1.weight", "h1.bias", "out.weight", "out.bias"]);
  t.is(typeof net, "function");
  t.true(net instanceof nn.Module && net instanceof Net);
  const y = net(torch.ones(5, 2, 2));
  t.deepEqual([...y.shape], [5, 2]);
  t.deepEqual(net(torch.ones(1, 4), (x: torch.Tensor) => x).tolist(), net.forward(torch.ones(1, 4), (x: torch.Tensor) => x).tolist());
});

test("assignment in a constructor registers too, and reassignment replaces", (t) => {
  class C extends nn.Module {
    a: nn.Module;
    constructor() {
      super();
      this.a = new nn.ReLU();
      this.register_buffer("running", torch.zeros(2));
      this.register_buffer("scratch", torch.zeros(1), false);
    }
  }
  const c = new C();
  t.deepEqual([...c.named_modules()].map(([n]) => n), ["", "a"]);
  t.deepEqual(Object.keys(c.state_dict()), ["running"]);
  (c as unknown as { running: torch.Tensor }).running = torch.ones(2);
  t.deepEqual(c.state_dict().running.tolist(), [1, 1]);
  c.a = new nn.Identity();
  t.true(c._modules.get("a") instanceof nn.Identity);
  delete (c as unknown as { a?: nn.Module }).a;
  t.deepEqual([...c.named_children()], []);
});

test("assigning the wrong kind of value raises PyTorch's TypeError", (t) => {
  const lin = new nn.Linear(2, 2);
  const e = t.throws(() => {
    (lin as unknown as { weight: torch.Tensor }).weight = torch.ones(2, 2);
  }, { instanceOf: TypeError });
  t.is(e?.message, "cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)");
  t.throws(() => lin.register_buffer("weight", torch.ones(1)), { instanceOf: torch.KeyError, message: "attribute 'weight' already exists" });
  t.throws(() => lin.register_buffer("a.b", torch.ones(1)), { instanceOf: torch.KeyError, message: 'buffer name can\'t contain "."' });
  t.throws(() => lin.add_module("", new nn.ReLU()), { instanceOf: torch.KeyError, message: 'module name can\'t be empty string ""' });
  t.throws(() => lin.register_parameter("p", lin.weight.mul(2) as nn.Parameter), { instanceOf: TypeError });
});

test("parameters are Parameters sharing data, requiring grad", (t) => {
  const data = torch.zeros(3);
  const p = new nn.Parameter(data);
  t.true(p instanceof nn.Parameter && p instanceof torch.Tensor);
  t.true(p.requires_grad);
  data.fill_(7);
  t.deepEqual(p.tolist(), [7, 7, 7]);
  t.true(String(p).startsWith("Parameter containing:\ntensor([7., 7., 7.], requires_grad=True)"));
  t.false(new nn.Parameter(torch.ones(1), false).requires_grad);
});

test("train/eval propagate, and dropout follows the mode", (t) => {
  const seq = new nn.Sequential(new nn.Linear(3, 3), new nn.Dropout(0.5));
  seq.eval();
  t.false(seq.training);
  t.false(seq[1].training);
  const x = torch.ones(4, 3);
  t.deepEqual(seq(x).tolist(), seq(x).tolist());
  seq.train();
  t.true(seq.at(-1).training);
  t.throws(() => seq.train("yes" as unknown as boolean), { instanceOf: torch.ValueError, message: "training mode is expected to be boolean" });
});

test("zero_grad zeroes in place on PyTorch 1.x, and set_to_none drops", (t) => {
  const lin = new nn.Linear(2, 1);
  lin(torch.ones(1, 2)).sum().backward();
  const grad = lin.weight.grad!;
  lin.zero_grad();
  if (torch.libtorch_version.startsWith("1.")) {
    t.deepEqual(lin.weight.grad!.tolist(), [[0, 0]]);
    t.true(grad._isSame(lin.weight.grad!));
  } else {
    t.is(lin.weight.grad, null);
  }
  lin(torch.ones(1, 2)).sum().backward();
  lin.zero_grad(true);
  t.is(lin.weight.grad, null);
});

test("state_dict has PyTorch's keys, order and metadata, and load_state_dict round-trips", (t) => {
  torch.manual_seed(0);
  const a = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));
  const sd = a.state_dict();
  t.deepEqual(Object.keys(sd), ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"]);
  t.deepEqual([...nn.stateDictMetadata(sd)!], [["", { version: 1 }], ["0", { version: 1 }], ["1", { version: 2 }]]);
  t.false(sd["0.weight"].requires_grad);
  const b = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));
  t.deepEqual(b.load_state_dict(sd), { missing_keys: [], unexpected_keys: [] });
  t.deepEqual(b.state_dict()["0.weight"].tolist(), sd["0.weight"].tolist());
  t.true(b[0] instanceof nn.Linear);
});

test("load_state_dict reports missing, unexpected and mis-sized keys as PyTorch does", (t) => {
  const net = new Net();
  const sd = net.state_dict();
  delete sd["out.bias"];
  sd["extra.weight"] = torch.ones(1);
  sd["h1.bias"] = torch.ones(4);
  const e = t.throws(() => net.load_state_dict(sd), { instanceOf: torch.RuntimeError });
  t.is(
    e?.message,
    'Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "out.bias". \n\tUnexpected key(s) in state_dict: "extra.weight". \n\t' +
      "size mismatch for h1.bias: copying a param with shape torch.Size([4]) from checkpoint, the shape in current model is torch.Size([3]).",
  );
  delete sd["h1.bias"];
  // As in Python, strict=false still reports what did not match, without raising.
  t.deepEqual(net.load_state_dict(sd, false), { missing_keys: ["h1.bias", "out.bias"], unexpected_keys: ["extra.weight"] });
});

test("to(dtype) converts floating parameters in place and keeps their identity", (t) => {
  const bn = new nn.BatchNorm1d(2);
  const weight = bn.weight!;
  bn.to(torch.float64);
  t.is(bn.weight, weight);
  t.is(weight.dtype, torch.float64);
  t.is(bn.running_mean!.dtype, torch.float64);
  t.is(bn.num_batches_tracked!.dtype, torch.int64);
  t.throws(() => bn.to(torch.int32), { instanceOf: TypeError, message: "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32" });
});

test("forward hooks run around forward and can replace the output", (t) => {
  const relu = new nn.ReLU();
  const calls: string[] = [];
  const pre = relu.register_forward_pre_hook(() => {
    calls.push("pre");
  });
  const post = relu.register_forward_hook((_m, _args, out) => (out as torch.Tensor).add(1));
  t.deepEqual(relu(torch.tensor([-1, 2])).tolist(), [1, 3]);
  pre.remove();
  post.remove();
  t.deepEqual(relu(torch.tensor([-1, 2])).tolist(), [0, 2]);
  t.deepEqual(calls, ["pre"]);
});

test("module reprs read as PyTorch's", (t) => {
  t.is(String(new nn.Linear(784, 16)), "Linear(in_features=784, out_features=16, bias=True)");
  // PyTorch 2.12 on names the bias option too.
  t.is(String(new nn.BatchNorm1d({ num_features: 16, momentum: null })), `BatchNorm1d(16, eps=1e-05, momentum=None, affine=True, ${torchAtLeast(2, 12) ? "bias=True, " : ""}track_running_stats=True)`);
  t.is(String(new nn.Dropout({ p: 0.2 })), "Dropout(p=0.2, inplace=False)");
  t.is(String(new nn.ReLU(true)), "ReLU(inplace=True)");
  t.is(String(new nn.CrossEntropyLoss()), "CrossEntropyLoss()");
  t.is(String(new nn.Sequential(new nn.Sequential(new nn.ReLU()))), "Sequential(\n  (0): Sequential(\n    (0): ReLU()\n  )\n)");
});

test("Sequential indexing, iteration, append and insert", (t) => {
  const seq = new nn.Sequential(new nn.ReLU(), new nn.Identity());
  seq.append(new nn.Flatten());
  seq.insert(0, new nn.Softmax(1));
  t.is(seq.length, 4);
  t.deepEqual([...seq].map((m) => m.constructor.name), ["Softmax", "ReLU", "Identity", "Flatten"]);
  t.true(seq[3] instanceof nn.Flatten);
  t.throws(() => seq.at(4), { instanceOf: torch.IndexError });
  const named = new nn.Sequential(new Map<string, nn.Module>([["act", new nn.ReLU()]]));
  t.deepEqual([...named.named_children()].map(([n]) => n), ["act"]);
});

test("invalid layer arguments fail with PyTorch's wording", (t) => {
  t.throws(() => new nn.Dropout(1.5), { instanceOf: torch.ValueError, message: "dropout probability has to be between 0 and 1, but got 1.5" });
  const bn = new nn.BatchNorm1d(3);
  t.throws(() => bn(torch.ones(1, 3)), { instanceOf: torch.ValueError, message: "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])" });
  t.throws(() => bn(torch.ones(2, 3, 1, 1)), { instanceOf: torch.ValueError, message: "expected 2D or 3D input (got 4D input)" });
  t.throws(() => new nn.Linear(3, 2)(torch.ones(4, 5)), { instanceOf: torch.RuntimeError, message: /^(addmm: )?mat1 and mat2 shapes cannot be multiplied \(4x5 and 3x2\)$/ });
  t.throws(() => nn.functional.cross_entropy(torch.ones(2, 3), torch.tensor([0n, 1n]), { reduction: "avg" as "mean" }), { instanceOf: torch.ValueError, message: "avg is not a valid value for reduction" });
});

/**
 * torch.cuda against the PyTorch of the libtorch used here (TORCHNODE_PYTHON,
 * Debian's by default). Without a GPU both answer the same questions the same
 * way: availability, memory statistics (0 before CUDA can be initialised),
 * and the errors (a CPU build: "Torch not compiled with CUDA enabled"; a CUDA
 * build without a driver: "Found no NVIDIA driver..."). With a GPU, the GPU
 * tests run instead; each skip says why.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { native } from "../lib/native";
import { PYTHON } from "./helpers/fixtures";

const gpu = torch.cuda.is_available();
const why = `no GPU here: torch.cuda.is_available() is false (${native._cuda_compiled ? "CUDA build, no device or driver" : "CPU build"})`;

// The same calls in Python and here: what each returns, or its error.
const CALLS: [string, string, () => unknown][] = [
  ["is_available", "torch.cuda.is_available()", () => torch.cuda.is_available()],
  ["device_count", "torch.cuda.device_count()", () => torch.cuda.device_count()],
  ["memory_allocated", "torch.cuda.memory_allocated()", () => torch.cuda.memory_allocated()],
  ["max_memory_allocated", "torch.cuda.max_memory_allocated()", () => torch.cuda.max_memory_allocated()],
  ["memory_reserved", "torch.cuda.memory_reserved()", () => torch.cuda.memory_reserved()],
  ["empty_cache", "torch.cuda.empty_cache()", () => torch.cuda.empty_cache() ?? null],
  ["current_device", "torch.cuda.current_device()", () => torch.cuda.current_device()],
  ["get_device_name", "torch.cuda.get_device_name()", () => torch.cuda.get_device_name()],
  ["set_device", "torch.cuda.set_device(0)", () => torch.cuda.set_device(0) ?? null],
  ["zeros on cuda", "torch.zeros(2, device='cuda')", () => torch.zeros([2], { device: "cuda" }).shape.length],
  ["to cuda:0", "torch.ones(2).to('cuda:0')", () => torch.ones(2).to("cuda:0").shape.length],
];
function python(): { value?: unknown; error?: { type: string; message: string } }[] {
  const script = `import json, sys, warnings, torch
warnings.simplefilter("ignore")
out = []
for expr in json.loads(sys.argv[1]):
    try:
        v = eval(expr)
        out.append({"value": 1 if isinstance(v, torch.Tensor) else v})
    except Exception as e:
        out.append({"error": {"type": type(e).__name__, "message": str(e).split("\\n")[0]}})
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ["-c", script, JSON.stringify(CALLS.map(([, expr]) => expr))], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

(gpu ? test.skip : test)("without a GPU, torch.cuda answers as PyTorch does: the same values, the same errors", (t) => {
  const want = python();
  CALLS.forEach(([name, , call], i) => {
    let got: { value?: unknown; error?: { type: string; message: string } };
    try {
      got = { value: call() };
    } catch (e) {
      got = { error: { type: (e as Error).constructor.name, message: (e as Error).message.split("\n")[0] } };
    }
    if (want[i].error?.type === "AttributeError" && /torch\._C/.test(want[i].error!.message)) {
      // 1.13's CPU build fails on a missing binding (set_device); torchnode says what is missing.
      t.is(got.error?.message, "Torch not compiled with CUDA enabled", name);
    } else if (want[i].error) {
      t.truthy(got.error, `${name}: PyTorch raised ${want[i].error!.type}: ${want[i].error!.message}; torchnode returned ${JSON.stringify(got.value)}`);
      // Python's CPU build raises AssertionError, which JS has no twin of: torchnode's is a RuntimeError.
      if (want[i].error!.type !== "AssertionError" && !/reset_peak/.test(name)) t.is(got.error?.type, want[i].error!.type, name);
      t.is(got.error?.message, want[i].error!.message, name);
    } else {
      t.deepEqual(got, want[i], name);
    }
  });
});

const gpuTest = gpu ? test.serial : test.serial.skip;
// The one line that says why the GPU tests below are skipped.
if (!gpu) console.log(`cuda: the GPU tests are skipped: ${why}`);

gpuTest("a tensor goes to the GPU and back unchanged, and CUDA arithmetic matches the CPU's", (t) => {
  torch.manual_seed(0);
  const x = torch.randn(64, 32), w = torch.randn(32, 16);
  const back = x.to("cuda:0").to("cpu");
  t.true(back.equal(x));
  const onGpu = x.to("cuda:0").matmul(w.to("cuda:0")).relu().to("cpu");
  t.true(onGpu.allclose(x.matmul(w).relu(), 1e-5, 1e-6));
  t.is(String(torch.tensor([1, 2]).to("cuda")), "tensor([1., 2.], device='cuda:0')");
});

gpuTest("memory_allocated grows with a tensor and comes back when it is disposed; peaks reset", (t) => {
  torch.cuda.synchronize();
  const before = torch.cuda.memory_allocated();
  const big = torch.empty([1 << 20], { device: "cuda:0" });
  t.is(torch.cuda.memory_allocated() - before, 4 << 20);
  t.true(torch.cuda.max_memory_allocated() >= before + (4 << 20));
  big.dispose();
  t.is(torch.cuda.memory_allocated(), before);
  torch.cuda.reset_peak_memory_stats();
  t.is(torch.cuda.max_memory_allocated(), before);
  torch.cuda.empty_cache();
  t.true(torch.cuda.memory_reserved() >= torch.cuda.memory_allocated());
});

gpuTest("devices, names and streams", (t) => {
  t.is(torch.cuda.current_device(), 0);
  torch.cuda.set_device(0);
  t.regex(torch.cuda.get_device_name(0), /\S/);
  const s = new torch.cuda.Stream();
  t.is(s.device_index, 0);
  t.not(s.stream_id, torch.cuda.default_stream().stream_id);
  const y = torch.cuda.stream(s, () => {
    t.is(torch.cuda.current_stream().stream_id, s.stream_id);
    return torch.ones([1000], { device: "cuda:0" }).mul(3).sum();
  });
  t.is(torch.cuda.current_stream().stream_id, torch.cuda.default_stream().stream_id);
  s.synchronize();
  t.true(s.query());
  t.is(y.item(), 3000);
});

gpuTest("a training step on cuda:0 leaves the model on the GPU and memory flat across steps", (t) => {
  torch.manual_seed(0);
  torch.cuda.manual_seed_all(0);
  const model = new nn.Sequential(new nn.Linear(20, 16), new nn.ReLU(), new nn.Linear(16, 4)).to("cuda:0");
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const x = torch.randn(32, 20).to("cuda:0"), y = torch.randint(0, 4, [32]).to("cuda:0");
  const step = () => torch.tidy(() => {
    opt.zero_grad();
    const loss = new nn.CrossEntropyLoss()(model(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  });
  const first = step();
  torch.cuda.synchronize();
  const after1 = torch.cuda.memory_allocated();
  let last = first;
  for (let i = 0; i < 50; i++) last = step();
  torch.cuda.synchronize();
  t.true(last < first);
  t.is(torch.cuda.memory_allocated(), after1);
  t.is([...model.parameters()][0].device.type, "cuda");
});

/**
 * Soak test: many training steps of the lab's MLP_BN_Drop with the
 * trajectory on, on batches of the lab's MNIST train loader, written as the
 * lab's loop is written and with no dispose/tidy in it, so that every
 * tensor a step makes is left to the garbage collector. Every `--every`
 * steps it collects garbage (outside the steps) and samples RSS, the CPU
 * cache's free blocks (torch.cpuCacheStats().cached_bytes), what glibc keeps
 * free in its arenas (.malloc_free_bytes) and torch.liveTensors(); it fails
 * (exit 1) when the RSS less both kinds of free memory (what is held) or the
 * live tensors grow by more than `--threshold` over the
 * largest warm-up sample. (The cache keeps freed blocks for reuse up to
 * TORCHNODE_CPU_CACHE_MB and returns the ones left idle; it grows in steps of
 * 20-40 MB when the collector happens to let more tensors live at once, which
 * plain RSS cannot tell from a leak.) `--leak` keeps each step's
 * loss alive, a planted leak that test/soak.test.ts uses to check the verdict.
 *
 *   node --expose-gc --import tsx scripts/soak.ts [--steps 50000] [--every 1000] [--warmup 3]
 *        [--threshold 0.05] [--batch-size 512] [--device cpu] [--json] [--leak]
 *
 * Prints one line per sample and, with --json, a JSON summary as the last line.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import * as torch from "../lib";
import { nn } from "../lib";
import { accuracy, AverageMeter, get_params_and_gradients_norm, MLP_BN_Drop, mnist, type Trajectory } from "../lib/lab";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "50000" },
    every: { type: "string", default: "1000" },
    warmup: { type: "string", default: "3" },
    threshold: { type: "string", default: "0.05" },
    "batch-size": { type: "string", default: "512" },
    device: { type: "string", default: "cpu" },
    json: { type: "boolean", default: false },
    leak: { type: "boolean", default: false },
  },
});
const steps = Number(values.steps), every = Number(values.every), warmup = Number(values.warmup);
const threshold = Number(values.threshold), batchSize = Number(values["batch-size"]), device = values.device!;
for (const [name, v] of [["steps", steps], ["every", every], ["warmup", warmup], ["batch-size", batchSize]] as const) {
  if (!Number.isInteger(v) || v < (name === "warmup" ? 0 : 1)) throw new RangeError(`--${name} must be a positive integer, not ${v}`);
}
if (!(threshold > 0)) throw new RangeError(`--threshold must be positive, not ${values.threshold}`);
if (typeof global.gc !== "function") throw new Error("scripts/soak.ts: run node with --expose-gc (samples are taken after a full collection)");
if (steps / every <= warmup) throw new RangeError(`--steps ${steps} / --every ${every} leaves no sample after the ${warmup} warm-up samples`);

/** One sample; the times (ms per step, CPU user and system seconds, GC ms) cover the steps since the previous one. */
type Sample = {
  step: number; rss_mb: number; cache_mb: number; malloc_free_mb: number; held_mb: number; heap_mb: number; live_tensors: number; live_before_gc: number;
  seconds: number; ms_per_step: number; user_s: number; system_s: number; gc_ms: number;
};

let gcMs = 0; // GC pauses, reported by V8 on the event loop (the run yields to it at each sample)
new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration))).observe({ entryTypes: ["gc"] });
let window = { at: Date.now(), cpu: process.cpuUsage(), gc: 0 };

const settle = () => new Promise((resolve) => setTimeout(resolve, 5)); // lets the GC observer report

async function sample(step: number, started: number): Promise<Sample> {
  const now = Date.now(), cpu = process.cpuUsage(window.cpu);
  const live_before_gc = torch.liveTensors();
  await settle();
  const times = { seconds: (now - started) / 1000, ms_per_step: (now - window.at) / every, user_s: cpu.user / 1e6, system_s: cpu.system / 1e6, gc_ms: gcMs - window.gc };
  for (let i = 0; i < 3; i++) global.gc!(); // finalizers of one pass can free what the next collects
  const m = process.memoryUsage();
  // The CPU cache's free blocks are memory kept for reuse (bounded, and returned when idle), not held by anything:
  // they grow in steps when the collector happens to let more tensors live at once. Nor is what glibc keeps free
  // in its arenas: blocks the cache gives back land there, and RSS stays as it was.
  const stats = torch.cpuCacheStats();
  const rss_mb = m.rss / 2 ** 20, cache_mb = (stats?.cached_bytes ?? 0) / 2 ** 20, malloc_free_mb = (stats?.malloc_free_bytes ?? 0) / 2 ** 20;
  const s = { step, rss_mb, cache_mb, malloc_free_mb, held_mb: rss_mb - cache_mb - malloc_free_mb, heap_mb: m.heapUsed / 2 ** 20, live_tensors: torch.liveTensors(), live_before_gc, ...times };
  await settle(); // the forced collections' pauses belong to no window
  window = { at: Date.now(), cpu: process.cpuUsage(), gc: gcMs };
  return s;
}

torch.manual_seed(0);
const [trainloader] = mnist.get_data({ batch_size_train: batchSize, batch_size_test: batchSize });
const model = new MLP_BN_Drop().to(device);
model.train();
const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1, weight_decay: 5e-2 });
const trajectory: Trajectory = { parameters: [], gradients: [] };
const loss_meter = new AverageMeter(), performance_meter = new AverageMeter();

const leaked: torch.Tensor[] = [];
const samples: Sample[] = [];
const started = Date.now();
console.log("step      rss MB cache MB  free MB  held MB  heap MB  live tensors (before gc)  ms/step  user s  sys s  gc ms      s");
let step = 0;
async function train(): Promise<void> {
  while (step < steps) {
    for (let [X, y] of trainloader as Iterable<[torch.Tensor, torch.Tensor]>) {
      // The lab's train_epoch, minus its tidy scope.
      X = X.to(device);
      y = y.to(device);
      optimizer.zero_grad();
      const y_hat = model(X);
      const loss = loss_fn(y_hat, y);
      loss.backward();
      optimizer.step();
      loss_meter.update({ val: loss.item(), n: X.shape[0] });
      performance_meter.update({ val: accuracy(y_hat, y), n: X.shape[0] });
      const [params_norm, gradients_norm] = get_params_and_gradients_norm(model.named_parameters());
      trajectory.parameters.push(params_norm);
      trajectory.gradients.push(gradients_norm);
      if (values.leak) leaked.push(loss);
      if (++step % every === 0) {
        const s = await sample(step, started);
        samples.push(s);
        console.log(`${String(s.step).padEnd(8)} ${[s.rss_mb, s.cache_mb, s.malloc_free_mb, s.held_mb, s.heap_mb].map((v) => v.toFixed(1).padStart(8)).join(" ")} ` +
          `${String(s.live_tensors).padStart(13)} (${s.live_before_gc})`.padEnd(27) + ` ${s.ms_per_step.toFixed(2).padStart(7)} ` +
          `${s.user_s.toFixed(1).padStart(7)} ${s.system_s.toFixed(1).padStart(6)} ${s.gc_ms.toFixed(0).padStart(6)} ${s.seconds.toFixed(1).padStart(6)}`);
      }
      if (step >= steps) break;
    }
  }
}

/** Growth of a figure after warm-up: the largest later sample over the largest warm-up sample, minus 1. */
function growth(key: "rss_mb" | "held_mb" | "live_tensors"): number {
  const base = Math.max(...samples.slice(0, warmup || 1).map((s) => s[key]));
  const later = samples.slice(warmup || 1).map((s) => s[key]);
  return later.length ? Math.max(...later) / base - 1 : 0;
}
train().then(() => {
  const rss_growth = growth("rss_mb"), held_growth = growth("held_mb"), live_growth = growth("live_tensors");
  const ok = held_growth <= threshold && live_growth <= threshold && trajectory.parameters.length === steps;
  console.log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s; final average loss ${loss_meter.avg.toFixed(4)}, accuracy ${performance_meter.avg.toFixed(4)}; ` +
    `after ${warmup} warm-up samples: RSS less the free memory (the CPU cache's and malloc's) ${(held_growth * 100).toFixed(2)}% (RSS ${(rss_growth * 100).toFixed(2)}%), ` +
    `live tensors ${(live_growth * 100).toFixed(2)}% ` +
    `(limit ${(threshold * 100).toFixed(0)}%): ${ok ? "PASS" : "FAIL"}`);
  if (values.json) console.log(JSON.stringify({ ok, steps, every, warmup, threshold, held_growth, rss_growth, live_growth, samples }));
  process.exitCode = ok ? 0 : 1;
});

import test from "ava";
import * as torch from "../lib";
import { native } from "../lib/native";
import { outsideScopes, untracked } from "../lib/memory";
import { nn, optim } from "../lib";
import { AverageMeter, accuracy, train_epoch } from "../lib/lab";
import { DataLoader, TensorDataset } from "../lib/utils/data";

const MB = 1024 * 1024;
const rss = () => process.memoryUsage().rss;
// Live tensors once garbage is collected (finalizers run inside the GC).
function settledLive(): number {
  globalThis.gc!();
  return torch.liveTensors();
}

// Runs `step` n times in one synchronous loop (no await, no dispose) and
// samples the live-tensor count and RSS along the way.
function loop(n: number, step: (i: number) => void): { maxLive: number; growthMB: number } {
  globalThis.gc?.();
  const liveBefore = torch.liveTensors();
  const rssBefore = rss();
  let maxLive = 0, maxRss = rssBefore;
  const every = Math.max(1, Math.floor(n / 200));
  for (let i = 0; i < n; i++) {
    step(i);
    if (i % every === 0) {
      maxLive = Math.max(maxLive, torch.liveTensors() - liveBefore);
      maxRss = Math.max(maxRss, rss());
    }
  }
  return { maxLive, growthMB: (maxRss - rssBefore) / MB };
}

test.serial("1e6 small tensors made and dropped in a synchronous loop stay bounded", (t) => {
  const { maxLive, growthMB } = loop(1_000_000, () => {
    torch.zeros(1);
  });
  t.log(`1e6 × zeros(1), no dispose: at most ${maxLive} alive, RSS grew at most ${growthMB.toFixed(0)} MB`);
  // Dropped Tensors die at the next scavenge, so how many are alive at once is
  // what V8's young generation holds of them: a Tensor is a small JS object
  // (one field), and about 175,000 fit. Left uncollected, all 1e6 would be.
  t.true(maxLive < 250_000, `${maxLive} tensors alive at once`);
  t.true(growthMB < 200, `RSS grew ${growthMB} MB`); // the bound docs/memory.md states
});

test.serial("2,000 × 4 MB tensors in a synchronous loop do not pile up", (t) => {
  const { maxLive, growthMB } = loop(2_000, () => {
    torch.empty(1024 * 1024).fill_(1);
  });
  t.log(`2000 × 4 MB, no dispose: at most ${maxLive} alive, RSS grew at most ${growthMB.toFixed(0)} MB (8000 MB if none were freed)`);
  t.true(maxLive < 400, `${maxLive} tensors alive at once`);
  t.true(growthMB < 800, `RSS grew ${growthMB} MB`); // the bound docs/memory.md states
});

test.serial("with dispose(), the live count is flat", (t) => {
  const base = settledLive();
  const { maxLive, growthMB } = loop(2_000, () => {
    const x = torch.empty(1024 * 1024).fill_(1);
    const y = x.mul(2);
    x.dispose();
    y.dispose();
  });
  t.log(`2000 × (4 MB + 4 MB) with dispose: at most ${maxLive} alive, RSS grew ${growthMB.toFixed(0)} MB`);
  t.is(torch.liveTensors(), base);
  t.true(maxLive <= 2);
  t.true(growthMB < 64, `RSS grew ${growthMB} MB`);
});

test.serial("with tidy(), everything but the result is freed at once", (t) => {
  const base = settledLive();
  const w = torch.randn(64, 64);
  const { maxLive, growthMB } = loop(20_000, () => {
    const out = torch.tidy(() => w.matmul(w).relu().sum(0).mean());
    out.dispose();
  });
  t.log(`20000 tidy steps: at most ${maxLive} alive beyond the weights, RSS grew ${growthMB.toFixed(0)} MB`);
  t.is(torch.liveTensors(), base + 1);
  t.true(maxLive <= 1);
  t.true(growthMB < 32, `RSS grew ${growthMB} MB`);
});

test.serial("tidy keeps returned tensors (nested in objects too) and kept ones, and nests", (t) => {
  const base = settledLive();
  let inner: torch.Tensor | undefined;
  let kept: torch.Tensor | undefined;
  const result = torch.tidy(() => {
    const a = torch.ones(2);
    inner = torch.tidy(() => a.add(1).mul(3));
    kept = torch.keep(a.mul(5));
    a.add(100);
    return { pair: [a, inner], n: 1 };
  });
  t.false(result.pair[0].isDisposed);
  t.deepEqual(inner!.tolist(), [6, 6]);
  t.deepEqual(kept!.tolist(), [5, 5]);
  t.is(torch.liveTensors(), base + 3);
  torch.dispose([result, kept]);
  t.is(torch.liveTensors(), base);
});

test.serial("an untracked tensor outlives the scopes around it, and dispose() still frees it", (t) => {
  const base = settledLive();
  let cached: torch.Tensor | undefined;
  const result = torch.tidy(() => torch.tidy(() => {
    cached = untracked(torch.ones(2).mul(4));
    return cached.add(1);
  }));
  t.false(cached!.isDisposed, "no enclosing scope disposed it");
  t.deepEqual(cached!.tolist(), [4, 4]);
  t.deepEqual(result.tolist(), [5, 5]);
  t.is(torch.liveTensors(), base + 2);
  torch.dispose([cached, result]);
  t.is(torch.liveTensors(), base);
});

test.serial("tidyEach frees each item and what the loop body made when the loop moves on", (t) => {
  const base = settledLive();
  const before = torch.ones(2); // made before the loop: never freed by it
  function* source(): Generator<torch.Tensor> {
    yield before;
    for (let i = 0; i < 200; i++) yield torch.full([1000], i); // made while producing the item
  }
  const kept: torch.Tensor[] = [];
  const items: torch.Tensor[] = [];
  let maxLive = 0;
  for (const x of torch.tidyEach(source())) {
    items.push(x);
    const y = x.mul(2).add(1);
    if (items.length === 3) kept.push(torch.keep(y));
    maxLive = Math.max(maxLive, torch.liveTensors() - base);
  }
  t.false(before.isDisposed);
  t.true(items.slice(1).every((x) => x.isDisposed), "every item the iterator made is freed");
  t.deepEqual((kept[0].tolist() as number[]).slice(0, 2), [3, 3]);
  t.true(maxLive <= 5, `at most ${maxLive} alive at once`);
  t.is(torch.liveTensors(), base + 2);
  torch.dispose([before, kept]);
});

test.serial("tidyEach closes its scope and the iterator on break and on throw", (t) => {
  const base = settledLive();
  let closed = 0;
  function* source(): Generator<torch.Tensor> {
    try {
      for (;;) yield torch.zeros(3);
    } finally {
      closed++;
    }
  }
  for (const x of torch.tidyEach(source())) {
    x.add(1);
    break;
  }
  t.is(closed, 1);
  t.is(torch.liveTensors(), base);
  t.throws(() => {
    for (const x of torch.tidyEach(source())) {
      x.add(1);
      throw new Error("boom");
    }
  }, { message: "boom" });
  t.is(closed, 2);
  t.is(torch.liveTensors(), base);
  // Scopes were closed in order: a tidy afterwards works as usual.
  t.deepEqual(torch.tidy(() => torch.ones(1).add(1)).tolist(), [2]);
  t.throws(() => torch.tidyEach(5 as unknown as Iterable<unknown>), { instanceOf: TypeError, message: /expected an iterable/ });
});

test.serial("tidyEach loops that interleave fail clearly and leave no scope open", (t) => {
  const base = settledLive();
  const depth = native._scopeDepth();
  function* source(): Generator<torch.Tensor> {
    for (;;) yield torch.zeros(2);
  }
  const a = torch.tidyEach(source()), b = torch.tidyEach(source());
  a.next();
  b.next(); // b's scope opens inside a's
  t.throws(() => a.next(), { message: /close in the order they opened/ }); // a closes both, and says so
  t.throws(() => b.next(), { message: /close in the order they opened/ });
  t.is(native._scopeDepth(), depth);
  t.is(torch.liveTensors(), base);
  t.deepEqual(torch.tidy(() => torch.ones(1).add(1)).tolist(), [2]);
});

test.serial("a tidyEach loop abandoned mid-way holds the tensors made later only while they live", (t) => {
  const depth = native._scopeDepth();
  loop(600_000, () => torch.zeros(1)); // the same loop without the scope first: the heap's own growth
  const abandoned = torch.tidyEach([torch.ones(1), torch.ones(1)]);
  const live = settledLive();
  abandoned.next(); // its scope stays open: every tensor made from now on is listed in it
  const { growthMB } = loop(600_000, () => torch.zeros(1));
  t.log(`600000 tensors made under an abandoned scope: RSS grew ${growthMB.toFixed(1)} MB`);
  // The GC freed every one of them while the scope listed them.
  t.is(settledLive(), live, "the scope kept tensors the GC had collected");
  // Kept, their native memory alone would be ~350 MB. How many are in flight
  // between two scavenges varies with the young generation's size, and with it RSS.
  t.true(growthMB < 60, `RSS grew ${growthMB.toFixed(1)} MB: the scope kept what the GC had collected`);
  native._endScope(depth + 1); // close it, as return() would have
  t.is(native._scopeDepth(), depth);
});

test.serial("outsideScopes: what fn makes joins none of the open scopes; scopes fn opens work as usual", (t) => {
  const base = settledLive();
  let kept: torch.Tensor | undefined, inner: torch.Tensor | undefined;
  torch.tidy(() => {
    outsideScopes(() => {
      kept = torch.ones(2).mul(3);
      torch.tidy(() => {
        inner = torch.ones(2).add(1);
      });
    });
    torch.ones(5); // back inside the tidy: freed with it
  });
  t.false(kept!.isDisposed);
  t.true(inner!.isDisposed);
  t.is(settledLive(), base + 1); // kept; torch.ones(2) under it was left to the GC
  kept!.dispose();
});

test.serial("train_epoch: each batch is freed when the loop moves on; what on_batch stores is kept", (t) => {
  torch.manual_seed(0);
  const data = new TensorDataset(torch.randn(64, 4), torch.randint(0, 3, [64]));
  const loader = new DataLoader(data, { batch_size: 8, shuffle: true });
  const model = new nn.Linear(4, 3);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const base = settledLive();
  const snapshots: torch.Tensor[] = [];
  const loss = new AverageMeter(), perf = new AverageMeter();
  train_epoch(model, loader, new nn.CrossEntropyLoss(), optimizer, loss, perf, accuracy, null, "cpu", () => {
    snapshots.push(model.weight.detach().clone());
  });
  t.is(snapshots.length, 8);
  t.true(snapshots.every((s) => !s.isDisposed), "a snapshot taken in on_batch was freed");
  t.false(torch.equal(snapshots[0], snapshots[7]));
  // Left alive: the snapshots and the momentum buffers (one per parameter); every batch and step tensor is gone.
  t.is(settledLive(), base + 8 + 2);
  torch.dispose(snapshots);
});

test.serial("tidy disposes what it made when fn throws", (t) => {
  const base = settledLive();
  t.throws(() => torch.tidy(() => {
    torch.ones(3).add(1);
    throw new Error("boom");
  }), { message: "boom" });
  t.is(torch.liveTensors(), base);
});

test.serial("a tensor collected inside a tidy scope is freed once, without a crash", (t) => {
  const base = settledLive();
  torch.tidy(() => {
    for (let i = 0; i < 200_000; i++) torch.zeros(1);
    globalThis.gc?.();
  });
  t.is(torch.liveTensors(), base);
});

test.serial("V8 is told about a storage once: fresh results count, views and tensors read again do not", (t) => {
  const accounted = (): number => native._accountedBytes();
  const before = accounted();
  const big = torch.zeros(4 * MB); // 16 MB of float32
  t.true(accounted() - before >= 16 * MB, "a fresh result counts its storage");
  const afterFresh = accounted();
  const views = Array.from({ length: 20 }, () => big.view(-1, 4));
  const w = torch.zeros([256, 1024], { requires_grad: true });
  w.sum().backward();
  const grads = Array.from({ length: 20 }, () => w.grad!); // the same .grad, wrapped again each time
  t.true(accounted() - afterFresh < 2 * MB, `views and re-read grads added ${(accounted() - afterFresh) / MB} MB`);
  const sums = Array.from({ length: 3 }, () => big.add(1));
  t.true(accounted() - afterFresh >= 3 * 16 * MB, "each fresh result counts");
  torch.dispose([big, ...views, w, ...grads, ...sums]);
  t.true(Math.abs(accounted() - before) < MB, "disposing gives it all back");
});

test.serial("results that come in pairs or lists count their storage too", (t) => {
  const accounted = (): number => native._accountedBytes();
  const x = torch.zeros(1024, 4096); // 16 MB
  const before = accounted();
  const [values, indices] = x.max(1); // 4 KB of float32 and 8 KB of int64 per 1024 rows: small
  const [std, mean] = torch.std_mean(x, 0); // 16 KB each
  const sorted = x.sort(1); // 16 MB of values, 32 MB of indices
  t.true(accounted() - before >= 48 * MB, `sort's pair added ${(accounted() - before) / MB} MB`);
  torch.dispose([values, indices, std, mean, sorted.values, sorted.indices, x]);
  t.true(accounted() < before, "disposing gives it back");
});

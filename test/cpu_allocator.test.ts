import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";

const MB = 1 << 20;
const stats = () => torch.cpuCacheStats()!;

test.serial("a disposed 4 MB tensor's memory is handed to the next one of that size", (t) => {
  torch.emptyCpuCache();
  const before = stats();
  const a = torch.full([MB], 7);
  t.is(stats().allocated_bytes, before.allocated_bytes + 4 * MB);
  a.dispose();
  t.is(stats().cached_bytes, 4 * MB);
  const b = torch.empty(MB).fill_(2);
  const after = stats();
  t.is(after.hits, before.hits + 1);
  t.is(after.cached_bytes, 0);
  t.is(b.sum().item(), 2 * MB);
});

test.serial("sizes are reused within their rounding: 2.34 MB takes a freed 2.5 MB block (256 KB steps from 2 MB)", (t) => {
  torch.emptyCpuCache();
  const a = torch.empty(640 * 1024); // 2.5 MB
  a.dispose();
  t.is(stats().cached_bytes, 2.5 * MB);
  const hits = stats().hits;
  const b = torch.ones(600 * 1024); // 2.34 MB, rounded up to 2.5 MB
  t.is(stats().hits, hits + 1);
  t.is(b.sum().item(), 600 * 1024);
  const c = torch.ones(700 * 1024); // 2.73 MB: the next class up, a new block
  t.is(stats().hits, hits + 1);
  t.is(c.sum().item(), 700 * 1024);
});

test.serial("live tensors never share a block, and small tensors bypass the cache", (t) => {
  torch.emptyCpuCache();
  const a = torch.zeros(MB);
  a.dispose();
  const b = torch.zeros(MB), c = torch.zeros(MB);
  b.fill_(1);
  t.is(c.sum().item(), 0);
  // Earlier tests' tensors left to the collector are freed first, so that a
  // collection during the loop below cannot lower the count.
  global.gc!();
  const { allocated_bytes } = stats();
  const small = Array.from({ length: 100 }, () => torch.zeros(1000));
  t.is(stats().allocated_bytes, allocated_bytes);
  t.is(small.length, 100);
});

test.serial("emptyCpuCache returns every cached block", (t) => {
  const x = torch.ones(4 * MB);
  x.dispose();
  t.true(stats().cached_bytes >= 16 * MB);
  torch.emptyCpuCache();
  t.is(stats().cached_bytes, 0);
});

function child(limitMB: string, mode = "", env: Record<string, string> = {}) {
  const script = path.join(__dirname, "helpers", "cpu_cache_child.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", script, mode], { encoding: "utf8", env: { ...process.env, TORCHNODE_CPU_CACHE_MB: limitMB, ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { afterFree: torch.CpuCacheStats | null; after: torch.CpuCacheStats | null; sums: number[]; again: number };
}

test("TORCHNODE_CPU_CACHE_MB bounds the cache: the largest blocks are evicted first", (t) => {
  const r = child("8");
  t.is(r.afterFree!.cached_bytes, 8 * MB);
  t.is(r.afterFree!.evictions, 3);
  t.deepEqual(r.sums, [1, 2, 3, 4, 5].map((v) => v * MB));
});

test("TORCHNODE_CPU_CACHE_MB=0 leaves libtorch's allocator alone, with the same results", (t) => {
  const off = child("0"), on = child("1024");
  t.is(off.after, null);
  t.is(on.after!.hits, 2); // arange and mul, in blocks the five disposed tensors left
  t.deepEqual(off.sums, on.sums);
  t.is(off.again, on.again);
});

test("blocks no one took for a whole idle window go back to the system; blocks in use stay", (t) => {
  const { after } = child("1024", "idle", { TORCHNODE_CPU_CACHE_IDLE_S: "0.3" });
  t.is(after!.released, 1, "the 4 MB block left alone");
  t.is(after!.cached_bytes, MB, "the 1 MB block the loop keeps taking");
});

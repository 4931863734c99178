// Run by test/cpu_allocator.test.ts with TORCHNODE_CPU_CACHE_* set; prints
// the cache's figures as JSON.
// - (default) five 4 MB tensors made and disposed, then arange and mul of
//   that size, with a checksum of the arithmetic done on reused memory;
// - idle: one 4 MB block left in the cache while 1 MB tensors keep being
//   made and disposed for 1.5 s.
import * as torch from "../../lib";

if (process.argv[2] === "idle") {
  torch.empty(1 << 20).dispose();
  const t0 = Date.now();
  while (Date.now() - t0 < 1500) torch.empty(1 << 18).fill_(1).dispose();
  console.log(JSON.stringify({ after: torch.cpuCacheStats() }));
} else {
  const blocks = Array.from({ length: 5 }, (_, i) => torch.full([1 << 20], i + 1));
  const sums = blocks.map((b) => b.sum().item());
  for (const b of blocks) b.dispose();
  const afterFree = torch.cpuCacheStats();
  const again = torch.arange(1 << 20, { dtype: torch.float32 }).mul(2);
  console.log(JSON.stringify({ afterFree, after: torch.cpuCacheStats(), sums, again: again.sum().item() }));
}

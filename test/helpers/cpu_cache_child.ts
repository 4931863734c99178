// Run by test/cpu_allocator.test.ts with TORCHNODE_CPU_CACHE_MB set: five
// 4 MB tensors made and disposed, then one more; prints the cache's figures
// and a checksum of the arithmetic done on reused memory.
import * as torch from "../../lib";

const blocks = Array.from({ length: 5 }, (_, i) => torch.full([1 << 20], i + 1));
const sums = blocks.map((b) => b.sum().item());
for (const b of blocks) b.dispose();
const afterFree = torch.cpuCacheStats();
const again = torch.arange(1 << 20, { dtype: torch.float32 }).mul(2);
console.log(JSON.stringify({ afterFree, after: torch.cpuCacheStats(), sums, again: again.sum().item() }));

/**
 * Resident bytes per small tensor in torchnode: COUNT torch.zeros(1) kept in
 * an array, RSS delta / COUNT, split into the JS heap's share and the rest
 * (native: the TensorBox, the at::Tensor and its storage, N-API's reference).
 *
 * Usage: node --expose-gc --import tsx bench/memory.ts [--json]
 */
import * as torch from "../lib";

export const COUNT = 200_000;

export type MemoryResult = { count: number; bytes_per_tensor: number; js_heap_bytes_per_tensor: number; gc: boolean };

function collect(): void {
  // Several passes: finalizers of the first can free what a second collects.
  for (let i = 0; i < 3; i++) global.gc?.();
}

export function measureMemory(): MemoryResult {
  torch.zeros(1); // load everything a first tensor needs before the baseline
  collect();
  const before = process.memoryUsage();
  const kept: torch.Tensor[] = [];
  for (let i = 0; i < COUNT; i++) kept.push(torch.zeros(1));
  collect();
  const after = process.memoryUsage();
  if (torch.liveTensors() < COUNT) throw new Error("bench/memory.ts: tensors were freed while kept");
  return {
    count: kept.length,
    bytes_per_tensor: (after.rss - before.rss) / kept.length,
    js_heap_bytes_per_tensor: (after.heapUsed - before.heapUsed) / kept.length,
    gc: typeof global.gc === "function",
  };
}

if (require.main === module) {
  const r = measureMemory();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(r));
  } else {
    if (!r.gc) console.warn("warning: run with --expose-gc for a clean baseline");
    console.log(`torchnode: ${r.bytes_per_tensor.toFixed(0)} bytes per torch.zeros(1) (${r.count} kept, RSS delta; ` +
      `of which JS heap ${r.js_heap_bytes_per_tensor.toFixed(0)}, the rest native ${(r.bytes_per_tensor - r.js_heap_bytes_per_tensor).toFixed(0)})`);
  }
}

/**
 * Resident bytes per small tensor: COUNT torch.zeros(1) kept in an array,
 * RSS delta / COUNT, split into the JS heap's share (the Tensor wrapper
 * objects) and the rest, native (the TensorBox, the at::Tensor and its
 * storage, N-API's reference); beside it Python's figure (bench/memory.py).
 *
 * Usage: node --expose-gc --import tsx bench/memory.ts [--json]
 */
import * as torch from "../lib";
import { benchOptions, runPython } from "./common";

export const COUNT = 200_000;

export type MemoryFigure = {
  count: number;
  torchnode_native_bytes_per_tensor: number;
  torchnode_js_heap_bytes_per_tensor: number;
  torchnode_rss_bytes_per_tensor: number;
  python_rss_bytes_per_tensor: number;
};

function collect(): void {
  // Several passes: finalizers of the first can free what a second collects.
  for (let i = 0; i < 3; i++) global.gc?.();
}

/** torchnode's side: RSS and JS heap deltas per kept tensor. */
export function measureMemory(): { rss: number; heap: number } {
  if (typeof global.gc !== "function") throw new Error("bench/memory.ts: run node with --expose-gc for a clean baseline");
  torch.zeros(1); // load everything a first tensor needs before the baseline
  collect();
  const before = process.memoryUsage();
  const kept: torch.Tensor[] = [];
  for (let i = 0; i < COUNT; i++) kept.push(torch.zeros(1));
  collect();
  const after = process.memoryUsage();
  if (torch.liveTensors() < COUNT) throw new Error("bench/memory.ts: tensors were freed while kept");
  return { rss: (after.rss - before.rss) / kept.length, heap: (after.heapUsed - before.heapUsed) / kept.length };
}

if (require.main === module) {
  const options = benchOptions();
  const ours = measureMemory();
  const py = runPython<{ count: number; bytes_per_tensor: number }>("memory.py", options);
  const figure: MemoryFigure = {
    count: COUNT,
    torchnode_native_bytes_per_tensor: ours.rss - ours.heap,
    torchnode_js_heap_bytes_per_tensor: ours.heap,
    torchnode_rss_bytes_per_tensor: ours.rss,
    python_rss_bytes_per_tensor: py.bytes_per_tensor,
  };
  if (options.json) console.log(JSON.stringify(figure));
  else {
    console.log(`bytes per torch.zeros(1), ${COUNT} kept (RSS delta): torchnode ${ours.rss.toFixed(0)} ` +
      `(native ${figure.torchnode_native_bytes_per_tensor.toFixed(0)}, JS heap ${ours.heap.toFixed(0)}), python ${py.bytes_per_tensor.toFixed(0)}`);
  }
}

/**
 * How bench/compare.ts shows its results: the goals the issue sets, the
 * Markdown table, and the Vega-Lite chart of the speedups.
 */
import type { TopLevelSpec } from "vega-lite";
import { seconds, type Comparison } from "./common";
import type { MemoryFigure } from "./memory";

export type BenchResult = {
  machine: Record<string, string | number>;
  device: string;
  comparisons: (Comparison & { goal: number | null })[];
  memory: MemoryFigure | null;
};

/** What each comparison times. */
const WHAT: Record<string, string> = {
  op_add_small: "`a.add(b)`, 1 element",
  op_add_large: "`a.add(b)`, 1e6 float32, a new result each time (Python may pay page faults)",
  op_add_large_out: "`torch.add(a, b, out=c)`, 1e6 float32 into one warm block on both sides",
  matmul: "`x.matmul(w)`, 512×784 by 784×16",
  train_step: "one step of the lab's MLP, batch 512 (its tensors left to the GC)",
  train_step_tidy: "the same step inside `torch.tidy`, as the lab runs it",
  loader_epoch: "MNIST train loader, batch 512, one epoch (torchnode batched, torchvision per image: different by design)",
  loader_epoch_batched: "the same epoch, whole batches transformed on both sides",
  loader_epoch_per_item: "the same epoch, image by image on both sides",
  lab_epoch: "the lab's epoch: data + training + trajectory",
  lab_steps: "the same epoch's model steps with the trajectory, without the data",
  save: "`torch.save`, 200 MB state dict",
  load: "`torch.load`, 200 MB state dict",
  create_small: "`torch.zeros(1)`",
  item: "`t.item()`",
  ddp_step: "2-rank DistributedDataParallel step of the lab's MLP (Gloo, CPU)",
};

/** The speedup the issue asks for (python_s / torchnode_s), or null where it sets none. */
export function goal(name: string, device: string): number | null {
  if (["op_add_small", "op_add_large", "train_step", "save", "load", "ddp_step"].includes(name)) return 1.0;
  if (name === "matmul") return 0.95; // the same kernel: only the call's overhead differs
  if (name === "loader_epoch") return 20;
  if (name === "lab_epoch") return device.startsWith("cuda") ? 50 : 20;
  return null;
}

export function renderMarkdown(result: BenchResult): string {
  return [`# torchnode against Python PyTorch (${result.device})`, "", renderFigures(result)].join("\n");
}

/** The figures of one recorded run: the machine, the table, the notes and the memory line (what the docs embed). */
export function renderFigures(result: BenchResult): string {
  const m = result.machine;
  const runs = Number(m.runs ?? 1);
  const lines = [
    `${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.platform}; Node ${m.node}, libtorch ${m.libtorch}; ` +
      `Python ${m.python}, torch ${m.python_torch}; ${m.threads} thread(s) on both sides; ${m.date}, load average before ${Number(m.loadavg_1min_before).toFixed(2)}.`,
    "",
    "Median over repeats; speedup = Python's time / torchnode's (above 1: torchnode is faster)." +
      (runs > 1 ? ` The whole set ran ${runs} times in a row; each row is the run with the median speedup, and every run's speedup is beside it.` : ""),
    "",
    `| comparison | what | torchnode | Python | speedup | goal | torchnode min–max |${runs > 1 ? " speedup in each run |" : ""}`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: |${runs > 1 ? " ---: |" : ""}`,
  ];
  for (const c of result.comparisons) {
    const verdict = c.goal === null ? "—" : `≥ ${c.goal} ${c.speedup >= c.goal ? "✓" : "✗"}`;
    const each = runs > 1 ? ` ${(c.speedup_runs ?? [c.speedup]).map((x) => x.toFixed(2)).join(", ")} |` : "";
    lines.push(`| ${c.name} | ${WHAT[c.name] ?? ""} | ${seconds(c.torchnode_s)} | ${seconds(c.python_s)} | ${c.speedup.toFixed(2)} | ${verdict} | ${seconds(c.min)} – ${seconds(c.max)} |${each}`);
  }
  const notes = result.comparisons.filter((c) => c.note).map((c) => `- ${c.name}: ${c.note}`);
  if (notes.length) lines.push("", ...notes);
  const mem = result.memory;
  if (mem) {
    lines.push(
      "",
      `Memory per small tensor (\`torch.zeros(1)\`, ${mem.count} kept, RSS delta): torchnode ${mem.torchnode_rss_bytes_per_tensor.toFixed(0)} bytes, ` +
        `of which **${mem.torchnode_native_bytes_per_tensor.toFixed(0)} native** and ${mem.torchnode_js_heap_bytes_per_tensor.toFixed(0)} JS heap; ` +
        `Python ${mem.python_rss_bytes_per_tensor.toFixed(0)} bytes.`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Horizontal bars of the speedups on a log scale, a tick at each goal, green where it is met. */
export function speedupChart(result: BenchResult): TopLevelSpec {
  const values = result.comparisons.map((c) => ({
    name: c.name, speedup: c.speedup, goal: c.goal, label: c.speedup.toFixed(2),
    verdict: c.goal === null ? "no goal" : c.speedup >= c.goal ? "goal met" : "goal missed",
  }));
  const y = { field: "name", type: "nominal" as const, sort: values.map((v) => v.name), title: null };
  // One log scale for every layer, wide enough for the bars, the goals and 1.
  const all = values.flatMap((v) => (v.goal === null ? [v.speedup] : [v.speedup, v.goal]));
  const domain = [Math.min(0.1, ...all) / 1.5, Math.max(10, ...all) * 2];
  const title = "python_s / torchnode_s (log scale; dashed line: 1; black ticks: goals)";
  const x = (field: string) => ({ field, type: "quantitative" as const, scale: { type: "log" as const, domain }, title });
  return {
    title: `torchnode speedup over Python PyTorch (${result.device}, ${result.machine.cpu})`,
    config: { font: "DejaVu Sans", background: "white" },
    width: 520, height: { step: 26 },
    data: { values },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y,
          x: x("speedup"),
          x2: { datum: domain[0] }, // a log scale has no 0 to start bars from
          color: { field: "verdict", type: "nominal", title: null, scale: { domain: ["goal met", "goal missed", "no goal"], range: ["#4c9a2a", "#c0392b", "#999999"] } },
        },
      },
      { mark: { type: "text", align: "left", dx: 4 }, encoding: { y, x: x("speedup"), text: { field: "label" } } },
      { transform: [{ filter: "datum.goal !== null" }], mark: { type: "tick", color: "black", thickness: 3 }, encoding: { y, x: x("goal") } },
      { data: { values: [{ x: 1 }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#555" }, encoding: { x: x("x") } },
    ],
  } as TopLevelSpec;
}

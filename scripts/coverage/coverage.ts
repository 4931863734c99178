/**
 * How much of PyTorch's public `torch` and `torch.Tensor` (and of torch.nn,
 * nn.functional, nn.init, nn.utils, optim, lr_scheduler and utils.data)
 * torchnode has, against the PyTorch the given Python runs (scripts/coverage/names.py says
 * what is left out of the count and why).
 *
 * Usage: node --import tsx scripts/coverage/coverage.ts [python] [--missing]
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../../lib";

const python = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? process.env.TORCHNODE_PYTHON ?? "/usr/bin/python3";
const showMissing = process.argv.includes("--missing");
const dump = JSON.parse(execFileSync(python, [path.join(__dirname, "names.py")], { encoding: "utf8", maxBuffer: 1 << 26 })) as {
  torch: string;
  names: Record<string, string>;
  tensor: Record<string, string>;
  namespaces: Record<string, Record<string, string>>;
};
const COUNTED = new Set(["function", "class", "constant", "attribute", "method"]);

function measure(label: string, names: Record<string, string>, has: (name: string) => boolean): number {
  const counted = Object.entries(names).filter(([, kind]) => COUNTED.has(kind)).map(([n]) => n);
  const excluded: Record<string, number> = {};
  for (const kind of Object.values(names)) if (!COUNTED.has(kind)) excluded[kind] = (excluded[kind] ?? 0) + 1;
  const present = counted.filter(has);
  const share = present.length / counted.length;
  console.log(`${label}: ${present.length} of ${counted.length} (${(100 * share).toFixed(1)}%); not counted: ${Object.entries(excluded).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (showMissing) console.log(`  missing: ${counted.filter((n) => !has(n)).join(" ")}`);
  return share;
}

console.log(`PyTorch ${dump.torch} (${python}) against torchnode on libtorch ${torch.libtorch_version}`);
const t = measure("torch", dump.names, (n) => n in torch || (n === "var" && "var" in torch));
const proto = torch.Tensor.prototype as object;
const m = measure("torch.Tensor", dump.tensor, (n) => n in proto);
// torch.nn and the rest of the training surface: 95% of each namespace's names.
const low: string[] = [];
for (const [label, names] of Object.entries(dump.namespaces)) {
  const ns = label.split(".").slice(1).reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], torch) as Record<string, unknown> | undefined;
  if (measure(label, names, (n) => ns !== undefined && n in ns) < 0.95) low.push(label);
}
if (process.argv.includes("--check")) {
  // The goals: 90% of Tensor, 80% of torch, 95% of nn, nn.functional, nn.init, nn.utils, optim, lr_scheduler and utils.data.
  if (m < 0.9 || t < 0.8 || low.length) {
    console.error(`below the coverage goal (torch.Tensor >= 90%, torch >= 80%, the training namespaces >= 95%${low.length ? `: ${low.join(", ")}` : ""})`);
    process.exit(1);
  }
}

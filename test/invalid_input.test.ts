import test from "ava";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as torch from "../lib";
import { nn, optim } from "../lib";
import type { RowResult } from "./helpers/invalid_input";

// The table (test/helpers/invalid_input_rows*.ts) runs in a child process: a
// crash there (an abort from native code) fails this test instead of ending
// the suite. Its first line lists the rows, then one line per row finished.
const child = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "helpers", "invalid_input.ts")], {
  encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20,
});
const lines = child.stdout.trim().split("\n");
const names: string[] = child.status === 0 || lines[0]?.startsWith("[") ? JSON.parse(lines[0]) : [];
const results = new Map(lines.slice(1).map((l) => JSON.parse(l) as RowResult).map((r) => [r.name, r]));

/**
 * Rows whose calls PyTorch accepts too: torchnode follows it, and these tests
 * check that it still does (a row here that starts throwing fails, so that
 * the choice is made again, on purpose). Each says what PyTorch does.
 */
const ACCEPTED_AS_BY_PYTORCH: Record<string, string> = {
  "nn.CrossEntropyLoss: negative label_smoothing": "label_smoothing -0.1 is accepted: libtorch 1.13 checks only the upper bound (PyTorch 1.13 accepts it too)",
  "nn.CrossEntropyLoss: NaN label_smoothing": "label_smoothing NaN is accepted and the loss is NaN (PyTorch 1.13 accepts it too)",
  "optim.SGD: NaN lr": "SGD checks lr < 0, which NaN passes (as PyTorch's does)",
  "optim.SGD: Infinity lr": "lr Infinity is accepted (as PyTorch accepts it)",
  "optim.Adam: Infinity lr": "lr Infinity is accepted (as PyTorch accepts it)",
  "optim.AdamW: Infinity lr": "lr Infinity is accepted (as PyTorch accepts it)",
  "random_split: negative length": "random_split(ds, [-1, 5]) returns subsets of 3 and 1 items (PyTorch 1.13 does the same: the lengths only have to add up)",
};

test("the invalid-input table runs to the end in a child process that stays alive", (t) => {
  t.is(child.signal, null, `the child died by signal ${child.signal} after row ${[...results.keys()].pop()}: ${child.stderr.slice(-2000)}`);
  t.is(child.status, 0, child.stderr.slice(-2000));
  t.true(names.length > 900, `only ${names.length} rows`);
  t.is(results.size, names.length, `no result after row ${[...results.keys()].pop()}`);
  const cases = [...results.values()].reduce((n, r) => n + r.cases, 0);
  const unclear = [...results.values()].flatMap((r) => r.unclear.map((u) => `${r.name} ${u}`));
  t.log(`${names.length} rows, ${cases} calls; ${Object.keys(ACCEPTED_AS_BY_PYTORCH).length} rows accepted as PyTorch accepts them; ${unclear.length} typed errors whose message the JS engine wrote:\n${unclear.join("\n")}`);
  t.deepEqual(unclear, [], "every message says what was expected, none is the JS engine's own (x is not a function, Cannot read properties of null)");
  for (const name of Object.keys(ACCEPTED_AS_BY_PYTORCH)) t.true(names.includes(name), `ACCEPTED_AS_BY_PYTORCH names a row that does not exist: ${name}`);
});

test("every public function and class of the torch namespace has rows", (t) => {
  // These take no input that could be wrong, or any value at all.
  const exempt = new Set([
    "is_tensor", "get_default_dtype", "get_num_threads", "get_num_interop_threads", "initial_seed", "get_rng_state", "is_grad_enabled",
    "liveTensors", "dispose", "set_printoptions", "Size", "dtype", "layout", "memory_format", "__version__", "libtorch_version",
    "TorchError", "RuntimeError", "IndexError", "KeyError", "AssertionError", "ValueError", "NotImplementedError", "TorchTypeError", "var_",
    "OSError", "FileNotFoundError", "IsADirectoryError", "NotADirectoryError", "PermissionError",
    "cpuCacheStats", "emptyCpuCache",
    "PythonObject", // made by torch.load from any class name and arguments
  ]);
  const covered = (prefix: string) => (name: string) => names.some((row) => row.startsWith(`${prefix}${name}:`) || row.startsWith(`${prefix}${name} `));
  const missing = Object.entries(torch)
    .filter(([name, v]) => typeof v === "function" && !exempt.has(name))
    .map(([name]) => name)
    .filter((name) => !covered("torch.")(name));
  // Every nn module class and every optimizer and lr scheduler, less bases and modules that take anything.
  const nnExempt = new Set(["Module", "RNNBase", "RNNCellBase", "Identity", "NonDynamicallyQuantizableLinear", "RemovableHandle"]);
  const nnMissing = Object.entries(nn)
    .filter(([name, v]) => typeof v === "function" && (v === nn.Parameter || v.prototype instanceof nn.Module) && !nnExempt.has(name))
    .map(([name]) => name)
    .filter((name) => !covered("nn.")(name));
  const optimMissing = Object.entries(optim)
    .filter(([, v]) => typeof v === "function" && v.prototype instanceof optim.Optimizer)
    .map(([name]) => name)
    .filter((name) => !covered("optim.")(name));
  const schedulerMissing = Object.entries(optim.lr_scheduler)
    .filter(([name, v]) => typeof v === "function" && /^[A-Z]/.test(name) && name !== "LRScheduler")
    .map(([name]) => name)
    .filter((name) => !covered("optim.lr_scheduler.")(name));
  t.deepEqual([...missing, ...nnMissing, ...optimMissing, ...schedulerMissing], []);
});

for (const name of names) {
  const accepted = ACCEPTED_AS_BY_PYTORCH[name];
  test(`${name}${accepted ? ` (accepted, as by PyTorch: ${accepted})` : ""}`, (t) => {
    const r = results.get(name);
    if (!r) return t.fail(`no result: the child stopped before this row (${child.signal ?? child.status})`);
    if (accepted) {
      t.is(r.failures.length, r.cases, `every call returns, as in PyTorch: ${r.failures.join("; ")}`);
      t.true(r.failures.every((f) => /: no error \(returned /.test(f)), r.failures.join("; "));
    } else {
      t.deepEqual(r.failures, [], `every call must throw a TorchError, TypeError or RangeError with a message`);
    }
  });
}

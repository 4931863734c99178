#!/usr/bin/env bash
# The main job (npm start): sets everything up, then runs the regularization
# lab end to end (`torchnode lab`, the Python lab's options: npm start --
# --epochs 2 ...), leaving the report, the plots and the checkpoints in
# runs/lab/ (or the folder of --out).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=runs/lab/lab.json
for arg in "$@"; do [[ "$arg" == --out || "$arg" == --out=* ]] && out=""; done
exec node bin/torchnode.js lab ${out:+--out "$out"} "$@"

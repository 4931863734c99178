#!/usr/bin/env bash
# Regenerates lib/_generated/ from every PyTorch on this machine that
# scripts/setup*.sh installed: Debian's 1.13 (/usr/bin/python3) and the
# PyPI release under ~/.cache/torchnode/pytorch-*/. The output is committed:
# users' installs need neither Python nor torchgen, and a test checks that
# it is what this script writes.
#   bash scripts/gen/ops.sh [OUT_DIR]   (default lib/_generated)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-lib/_generated}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pythons=(/usr/bin/python3)
for py in "$HOME"/.cache/torchnode/pytorch-*/bin/python; do [ -x "$py" ] && pythons+=("$py"); done
dumps=()
for py in "${pythons[@]}"; do
  v=$("$py" -c 'import torch; print(torch.__version__.split("+")[0])')
  "$py" scripts/gen/ops.py "$tmp/ops-$v.json" 2>"$tmp/report-$v.txt" || { cat "$tmp/report-$v.txt" >&2; exit 1; }
  dumps+=("$tmp/ops-$v.json")
done
node --import tsx scripts/gen/ops.ts "$out" "${dumps[@]}"

#!/usr/bin/env bash
# Regenerates the golden fixtures from Debian's PyTorch 1.13 (/usr/bin/python3,
# packages python3-torch, python3-torchvision, python3-matplotlib). Each
# script is deterministic on a given machine.
#
#   bash scripts/golden.sh             every fixture, into test/fixtures (commit them)
#   bash scripts/golden.sh --machine   the BLAS-dependent ones, into test/fixtures/machine (npm test does this)
#
# Why --machine: matmul's last bits depend on the BLAS library behind
# libblas.so.3 (reference BLAS or OpenBLAS) and, for OpenBLAS, on the kernel
# it picks for the CPU (the committed ones came from OpenBLAS's SkylakeX
# kernels). torchnode and PyTorch agree bit for bit on the same machine, so
# the tests compare with PyTorch run on the machine they run on; the tests
# read test/fixtures/machine/<file> where it exists (test/helpers/fixtures.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
if [[ "${1:-}" == "--machine" ]]; then
  out=test/fixtures/machine
  mkdir -p "$out"
  $py scripts/golden_ops.py "$out/ops.json"
  $py scripts/golden_nn.py "$out/nn.json"
  bash scripts/golden_lab.sh "$out/lab"
  exit 0
fi
$py scripts/golden_ops.py test/fixtures/ops.json
$py scripts/golden_nn.py test/fixtures/nn.json
$py scripts/golden_repr.py test/fixtures/repr.json
$py scripts/golden_data.py test/fixtures/data.json
$py scripts/golden_serialization.py test/fixtures/pt
bash scripts/golden_lab.sh

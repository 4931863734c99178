#!/usr/bin/env bash
# Regenerates the golden fixtures from real PyTorch: Debian's 1.13
# (/usr/bin/python3, packages python3-torch, python3-torchvision,
# python3-matplotlib) by default, or the PyTorch of $TORCHNODE_PYTHON. Each
# script is deterministic on a given machine.
#
#   bash scripts/golden.sh             every fixture, into test/fixtures (commit them)
#   bash scripts/golden.sh --machine   the BLAS-dependent ones and PyTorch's OpInfo and ModuleInfo samples, into
#                                      test/fixtures/machine (npm test does this)
#   bash scripts/golden.sh --into DIR  every fixture, into DIR: with TORCHNODE_PYTHON set, the
#                                      fixtures of another PyTorch (test/helpers/fixtures.ts reads
#                                      them first when TORCHNODE_FIXTURES=DIR)
#
# Why --machine: matmul's last bits depend on the BLAS library behind
# libblas.so.3 (reference BLAS or OpenBLAS) and, for OpenBLAS, on the kernel
# it picks for the CPU (the committed ones came from OpenBLAS's SkylakeX
# kernels). torchnode and PyTorch agree bit for bit on the same machine, so
# the tests compare with PyTorch run on the machine they run on; the tests
# read test/fixtures/machine/<file> where it exists (test/helpers/fixtures.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
py=${TORCHNODE_PYTHON:-/usr/bin/python3}
out=test/fixtures

# PyTorch's test databases, OpInfo (scripts/golden_opinfo.py) and ModuleInfo
# (scripts/golden_modules.py), import expecttest, which Debian does not
# package: a copy (pure Python, from PyPI) is kept beside the other caches
# and put on the path of a Python that lacks it.
testdb() {
  if ! $py -c "import expecttest" 2>/dev/null; then
    local lib="$HOME/.cache/torchnode/pylib-expecttest"
    [[ -f "$lib/expecttest/__init__.py" ]] || python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --target "$lib" expecttest >&2
    export PYTHONPATH="$lib${PYTHONPATH:+:$PYTHONPATH}"
  fi
  $py "$@"
}
# testdbs <folder>: opinfo.json and module_db.json in it.
testdbs() {
  testdb scripts/golden_opinfo.py "$1/opinfo.json"
  testdb scripts/golden_modules.py "$1/module_db.json"
}
case "${1:-}" in
  --machine)
    out=test/fixtures/machine
    mkdir -p "$out"
    $py scripts/golden_ops.py "$out/ops.json"
    $py scripts/golden_nn.py "$out/nn.json"
    testdbs "$out"
    bash scripts/golden_lab.sh "$out/lab"
    exit 0
    ;;
  --into) out=${2:?usage: golden.sh --into DIR}; mkdir -p "$out/pt" ;;
  "") ;;
  *) echo "usage: bash scripts/golden.sh [--machine | --into DIR]" >&2; exit 2 ;;
esac
$py scripts/golden_ops.py "$out/ops.json"
$py scripts/golden_nn.py "$out/nn.json"
$py scripts/golden_repr.py "$out/repr.json"
$py scripts/golden_data.py "$out/data.json"
$py scripts/golden_serialization.py "$out/pt"
# Large (25 MB and more) and quick to make: made on each machine, never committed.
[[ $out != test/fixtures ]] && testdbs "$out"
bash scripts/golden_lab.sh "$out/lab"

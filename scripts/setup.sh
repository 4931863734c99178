#!/usr/bin/env bash
# Sets up a machine to build and run torchnode: libtorch (installed with
# apt-get as root on Debian/Ubuntu when none is found), the build tools, the
# npm dependencies, and the native addon. Safe to run again: each step is
# skipped or incremental when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# --test: also what the tests compare with: Debian's PyTorch on the same
# libtorch, torchvision and matplotlib (the golden scripts run the Python lab
# on this machine: scripts/golden.sh --machine), and Debian's Fashion-MNIST.
with_test_deps=false
[[ "${1:-}" == "--test" ]] && with_test_deps=true

missing=()
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
found=$(bash scripts/find-libtorch.sh) || missing+=(libtorch-dev)
# torch.distributed builds on c10d's Gloo headers, which include Gloo's own:
# Debian has them in libgloo-dev (PyPI's wheels do not ship them). Without
# them the addon builds without torch.distributed, so they are installed when
# apt-get can, and only named otherwise.
if [[ ! -f /usr/include/gloo/algorithm.h ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then missing+=(libgloo-dev)
  else echo "setup: no Gloo headers: building without torch.distributed (Debian: sudo apt-get install libgloo-dev)" >&2; fi
fi
if $with_test_deps; then
  /usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
  /usr/bin/python3 -c "import torchvision" 2>/dev/null || missing+=(python3-torchvision)
  /usr/bin/python3 -c "import matplotlib" 2>/dev/null || missing+=(python3-matplotlib)
  # torchgen (scripts/gen/ops.py, run by the generated layer's test) reads YAML.
  /usr/bin/python3 -c "import yaml" 2>/dev/null || missing+=(python3-yaml)
  [[ -d /usr/share/datasets/fashion-mnist ]] || missing+=(dataset-fashion-mnist)
fi
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    found=$(bash scripts/find-libtorch.sh)
  else
    echo "setup: missing ${missing[*]}." >&2
    echo "  On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
    echo "  Or set LIBTORCH to an unpacked libtorch folder (https://pytorch.org, C++ libtorch)." >&2
    exit 1
  fi
fi
echo "setup: libtorch from $found"

if [[ ! -d node_modules/cmake-js || package.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: building the native addon"
npx cmake-js compile --parallel "$(nproc)" --log-level warn >/dev/null
echo "setup: done"

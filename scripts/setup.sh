#!/usr/bin/env bash
# Sets up a machine to build and run torchnode: libtorch (installed with
# apt-get as root on Debian/Ubuntu when none is found), the build tools, the
# npm dependencies, and the native addon. Safe to run again: each step is
# skipped or incremental when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bash scripts/setup.sh [--test]

Sets up this machine to build and run torchnode: libtorch, cmake and g++
(with apt-get as root on Debian/Ubuntu), the npm dependencies, and the addon.

  --test   also what the tests compare with: Debian's PyTorch, torchvision,
           matplotlib and Fashion-MNIST"
# --test: also what the tests compare with: Debian's PyTorch on the same
# libtorch, torchvision and matplotlib (the golden scripts run the Python lab
# on this machine: scripts/golden.sh --machine), and Debian's Fashion-MNIST.
with_test_deps=false
case "${1:-}" in
  "") ;;
  --test) with_test_deps=true ;;
  -h | --help) echo "$usage"; exit 0 ;;
  *) echo "$usage" >&2; echo "setup.sh: error: unrecognized arguments: $*" >&2; exit 2 ;;
esac

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
# The build's progress, one line per file compiled (Ninja's "[3/19] Building
# CXX object .../native/x.cc.o", or make's "[ 15%] ..."), with the time since
# it began; cmake's own chatter is dropped, the compiler's errors and warnings
# pass through.
progress() {
  local line
  while IFS= read -r line; do
    if [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ (Building|Linking).*/([^/]+)\.o$ ]]; then
      printf 'setup: compiling %s (%s of %s, %ds)\n' "${BASH_REMATCH[4]}" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" $((SECONDS - start))
    elif [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ Building.*\.gch$ ]]; then
      printf 'setup: precompiling the ATen and N-API headers (%s of %s, %ds)\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" $((SECONDS - start))
    elif [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ Linking ]]; then
      printf 'setup: linking (%s of %s, %ds)\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" $((SECONDS - start))
    elif [[ $line =~ ^\[\ *([0-9]+)%\]\ Building.*/([^/]+)\.o$ ]]; then # make's form
      printf 'setup: compiling %s (%s%%, %ds)\n' "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}" $((SECONDS - start))
    elif [[ $line =~ ^--\ torchnode: ]]; then echo "setup: ${line#-- torchnode: }"
    elif [[ ! $line =~ ^(--\ |\[|ninja:\ (no work|Entering)|Not searching|info\ |\s*$) ]]; then echo "$line"
    fi
  done
}
start=$SECONDS
if [[ -f build/Release/torchnode.node ]]; then
  echo "setup: building the native addon (only what changed)"
else
  echo "setup: building the native addon (the first build compiles about 20 files: under a minute on 2 cores)"
fi
npx cmake-js compile --parallel "$(nproc)" --log-level warn 2>&1 | progress
echo "setup: done ($((SECONDS - start)) s building)"

#!/usr/bin/env bash
# Builds the prebuilt binary for one libtorch and files it under
# prebuilds/<platform>-<arch>/torchnode.libtorch-<major.minor>.<flavour>.<abi>.node,
# the name lib/native.ts matches against the libtorch a user has.
#
#   bash scripts/prebuild.sh                            the libtorch the build finds ($LIBTORCH,
#                                                       python3's PyTorch, the system's), in build/
#   TORCHNODE_PYTHON=<python> bash scripts/prebuild.sh  that Python's PyTorch, in build/torch-<version>/
#
# Each libtorch has its own build folder, so making one prebuild leaves the
# local build (build/Release, which the loader tries first) as it is.
# (prebuildify names one binary per platform; torchnode needs one per libtorch
# as well, so this script names them, and strips them as prebuildify would.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=build
if [[ -n "${TORCHNODE_PYTHON:-}" ]]; then
  out=build/torch-$("$TORCHNODE_PYTHON" -c 'import torch; print(torch.__version__)')
fi
# cmake-js by path: the GPU machine has Node but no npm (scripts/gpu-check.sh).
node node_modules/cmake-js/bin/cmake-js compile -O "$out" --parallel "$(nproc)" --log-level warn >&2
read -r version flavour abi < <(node -e '
  const b = require(process.argv[1]);
  console.log(b.libtorch.split(".").slice(0, 2).join("."), b.flavour, b.abi)' "$(pwd)/$out/torchnode-build.json")
dir="prebuilds/$(node -p 'process.platform + "-" + process.arch')"
mkdir -p "$dir"
target="$dir/torchnode.libtorch-$version.$flavour.$abi.node"
strip --strip-unneeded -o "$target" "$out/Release/torchnode.node"
echo "$target"

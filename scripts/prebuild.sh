#!/usr/bin/env bash
# Builds the prebuilt binary for the libtorch found here and files it under
# prebuilds/<platform>-<arch>/torchnode.libtorch-<major.minor>.<flavour>.<abi>.node,
# the name lib/native.ts matches against the libtorch a user has.
set -euo pipefail
cd "$(dirname "$0")/.."
npx prebuildify --napi --strip --node-gyp "$(pwd)/scripts/node-gyp-cmake-js.js"
read -r version flavour abi < <(node -e '
  const b = require("./build/torchnode-build.json");
  console.log(b.libtorch.split(".").slice(0, 2).join("."), b.flavour, b.abi)')
dir="prebuilds/$(node -p 'process.platform + "-" + process.arch')"
built=$(ls -t "$dir"/*.node | grep -v '\.libtorch-' | head -1)
target="$dir/torchnode.libtorch-$version.$flavour.$abi.node"
mv "$built" "$target"
# prebuildify moved the build's own binary away; the local build stays usable.
mkdir -p build/Release && cp "$target" build/Release/torchnode.node
echo "prebuild: $target"

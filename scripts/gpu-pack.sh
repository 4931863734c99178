#!/usr/bin/env bash
# Prepares what scripts/gpu-check.sh needs on the GPU machine, which has
# PyTorch (with CUDA), g++ and cmake but no Node and no network:
#   .devnode/node.xz    this machine's Node (../shared/tools/device-node)
#   .gpu/bundle.tar.xz  node_modules without the editing tools (TypeScript, ESLint,
#                       TypeDoc), and the reference lab (../shared/reference)
# Both are ignored by git; the device tool carries them (under its 64 MiB):
#   run  command: bash scripts/gpu-check.sh   carry: [".devnode", ".gpu"]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules/cmake-js ]] || npm ci --no-audit --no-fund --loglevel=error
bash ../shared/tools/device-node >/dev/null
mkdir -p .gpu
tar -cf - --exclude='node_modules/typescript' --exclude='node_modules/eslint*' --exclude='node_modules/@typescript-eslint' \
  --exclude='node_modules/typedoc*' --exclude='node_modules/@shikijs' --exclude='node_modules/.cache' \
  node_modules -C .. shared/reference | xz -T2 -6 >.gpu/bundle.tar.xz
du -ch .devnode/node.xz .gpu/bundle.tar.xz | tail -1 | sed 's/^/gpu-pack: to carry: /'

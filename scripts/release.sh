#!/usr/bin/env bash
# Produces the npm tarball: the TypeScript compiled to dist/ and a prebuilt
# binary for each libtorch found here (scripts/prebuild.sh): the default one
# (Debian's, or python3's PyTorch), the PyTorch of $TORCHNODE_PYTHON, and each
# PyTorch that scripts/setup-pytorch2.sh installed. A prebuild made on another
# machine (a GPU machine's) can be dropped into prebuilds/ first; every file
# there goes into the tarball. No binary is committed to git.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
env -u TORCHNODE_PYTHON bash scripts/prebuild.sh
for py in ${TORCHNODE_PYTHON:-} "$HOME"/.cache/torchnode/pytorch-*/bin/python; do
  if [[ -x "$py" ]]; then TORCHNODE_PYTHON=$py bash scripts/prebuild.sh; fi
done
npm run --silent build:ts
ls prebuilds/*/torchnode.libtorch-*.node
npm pack

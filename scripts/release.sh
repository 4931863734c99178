#!/usr/bin/env bash
# Produces the npm tarball: the TypeScript compiled to dist/ and the prebuilt
# binary for the libtorch found here (scripts/prebuild.sh). A CUDA prebuild
# made on a GPU machine can be dropped into prebuilds/ first; every file there
# goes into the tarball. No binary is committed to git.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build dist
bash scripts/prebuild.sh
npm run --silent build:ts
ls prebuilds/*/torchnode.libtorch-*.node
npm pack

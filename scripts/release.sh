#!/usr/bin/env bash
# Produces the npm tarball in release/: the TypeScript compiled to dist/ and a
# prebuilt binary for each libtorch found here (scripts/prebuild.sh): the
# default one (Debian's, or python3's PyTorch), the PyTorch of
# $TORCHNODE_PYTHON, and each PyTorch that scripts/setup-pytorch2.sh
# installed. A prebuild made on another machine (a GPU machine's) can be
# dropped into prebuilds/ first; every file there goes into the tarball. No
# binary is committed to git.
#
# Everything is built in a scratch folder from the files git tracks (as they
# are in the work tree) and the untracked ones it does not ignore, so the
# work tree's build/, dist/ and prebuilds/ stay as they were; only release/
# (ignored by git) receives the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$scratch"
if [[ -d prebuilds ]]; then cp -r prebuilds "$scratch/"; fi
ln -s "$repo/node_modules" "$scratch/node_modules"
cd "$scratch"
env -u TORCHNODE_PYTHON bash scripts/prebuild.sh
for py in ${TORCHNODE_PYTHON:-} "$HOME"/.cache/torchnode/pytorch-*/bin/python; do
  if [[ -x "$py" ]]; then TORCHNODE_PYTHON=$py bash scripts/prebuild.sh; fi
done
npm run --silent build:ts
ls prebuilds/*/torchnode.libtorch-*.node
mkdir -p "$repo/release"
npm pack --silent --pack-destination "$repo/release" | sed "s|^|release/|"

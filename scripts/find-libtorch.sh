#!/usr/bin/env bash
# Prints where libtorch is, in the order CMakeLists.txt looks: $LIBTORCH, an
# installed PyTorch, the system's (Debian's libtorch-dev). Exit 1 when none.
if [[ -n "${LIBTORCH:-}" && -d "$LIBTORCH/share/cmake/Torch" ]]; then echo "LIBTORCH=$LIBTORCH"; exit 0; fi
prefix=$(python3 -c "import torch.utils; print(torch.utils.cmake_prefix_path)" 2>/dev/null || true)
if [[ -n "$prefix" && -d "$prefix/Torch" ]]; then echo "python3 torch: $prefix"; exit 0; fi
for dir in /usr/lib/*/cmake/Torch /usr/share/cmake/Torch /usr/local/share/cmake/Torch; do
  if [[ -f "$dir/TorchConfig.cmake" ]]; then echo "system: $dir"; exit 0; fi
done
exit 1

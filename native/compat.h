// The differences between the libtorch versions torchnode builds against
// (Debian's 1.13, PyTorch 2.x), kept here so the other files need no #if.
#pragma once

#include <c10/core/Allocator.h>
#include <torch/version.h>

#define TN_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace tn {

// c10::Allocator: allocate() lost its const and copy_data() became required in 2.3.
#if TN_TORCH_AT_LEAST(2, 3)
#define TN_ALLOCATE_CONST
struct AllocatorBase : c10::Allocator {
  void copy_data(void* dest, const void* src, std::size_t count) const override { default_copy_data(dest, src, count); }
};
#else
#define TN_ALLOCATE_CONST const
using AllocatorBase = c10::Allocator;
#endif

}  // namespace tn

// The differences between the libtorch versions torchnode builds against
// (Debian's 1.13, PyTorch 2.x), kept here so the other files need no #if.
#pragma once

#include <c10/core/Allocator.h>
#include <c10/core/Scalar.h>
#include <c10/core/Storage.h>
#include <c10/util/Optional.h>
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

// std/var's `correction`: an int before 2.1, a Scalar since.
#if TN_TORCH_AT_LEAST(2, 1)
inline c10::optional<c10::Scalar> Correction(int64_t c) { return c10::Scalar(c); }
#else
inline c10::optional<int64_t> Correction(int64_t c) { return c; }
#endif

// A storage's bytes, to be written: 2.1 made data() const (it does not
// materialise a copy-on-write storage; mutable_data() does).
inline void* MutableData(const c10::Storage& s) {
#if TN_TORCH_AT_LEAST(2, 1)
  return s.mutable_data();
#else
  return const_cast<void*>(s.data());
#endif
}

}  // namespace tn

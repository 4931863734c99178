// The differences between the libtorch versions torchnode builds against
// (Debian's 1.13, PyTorch 2.x), kept here so the other files need no #if.
#pragma once

#include <ATen/Context.h>
#include <ATen/core/Tensor.h>
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

// Tensor.item() of a tensor that is not one element: PyTorch 1.x's Python
// checked first (ValueError "only one element tensors can be converted to
// Python scalars"); 2.x leaves it to ATen's item() (RuntimeError "a Tensor
// with 2 elements cannot be converted to Scalar").
inline void CheckItem(const at::Tensor& t) {
#if !TN_TORCH_AT_LEAST(2, 0)
  TORCH_CHECK_VALUE(t.numel() == 1, "only one element tensors can be converted to Python scalars");
#endif
}

// Dtypes by ScalarType code. The codes only grow from one libtorch to the
// next, so PyTorch 2.x's newer dtypes are named by code and exist where a
// libtorch's range reaches them (no enumerator this file would need to hide).
// Quantized, bits and sub-byte types (12-14, 16-22, 30-43) are not tensors
// torchnode makes.
inline bool HasDtypeCode(int64_t code) {
  if (code < 0 || code >= static_cast<int64_t>(c10::ScalarType::NumOptions)) return false;
  return !((code >= 12 && code <= 14) || (code >= 16 && code <= 22) || (code >= 30 && code <= 43));
}
struct NewerDtype {
  int code;
  const char* name;
};
// The names Python gives the dtypes newer than 1.13, for dtype strings.
constexpr NewerDtype kNewerDtypes[] = {{23, "float8_e5m2"}, {24, "float8_e4m3fn"}, {25, "float8_e5m2fnuz"},
                                       {26, "float8_e4m3fnuz"}, {27, "uint16"}, {28, "uint32"}, {29, "uint64"},
                                       {44, "float8_e8m0fnu"}, {45, "float4_e2m1fn_x2"}};
constexpr int kUInt16Code = 27, kUInt32Code = 28, kUInt64Code = 29;
// The 8-bit and 4-bit floats, which have no TypedArray: read out as float32.
inline bool IsNarrowFloatCode(int code) { return (code >= 23 && code <= 26) || code == 44; }

// Initialises CUDA once per process, as Python's torch.cuda._lazy_init does
// (and with its errors: "Found no NVIDIA driver on your system..."):
// lazyInitCUDA() became lazyInitDevice(kCUDA) in 2.x.
template <class C>
auto LazyInitCudaOf(C& context, int) -> decltype(context.lazyInitDevice(c10::DeviceType::CUDA)) {
  return context.lazyInitDevice(c10::DeviceType::CUDA);
}
template <class C>
void LazyInitCudaOf(C& context, long) {
  context.lazyInitCUDA();
}
inline void LazyInitCuda() { LazyInitCudaOf(at::globalContext(), 0); }

}  // namespace tn

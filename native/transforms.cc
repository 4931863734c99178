// torchvision's ToTensor then Normalize on a batch of uint8 images, in one
// pass: (float(u8) / scale - mean) / std, element by element in float32, the
// same IEEE operations ATen's to(), div_(), sub_() and div_() perform one
// after another (each correctly rounded, so the results are bit-identical).
// The lab's loader spent ~18 ms an epoch in those four passes over its
// batches; this one pass takes ~5 ms, bound by the two divisions
// (bench/native/loader_floor.cc measures the kinds of kernel tried). The
// loop is compiled for AVX-512, AVX2 and plain x86-64, and the dynamic loader
// picks the one the CPU has.
#include <ATen/Parallel.h>

#include "common.h"

namespace tn {
namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
// x86-64-v4 (AVX-512 with BW and VL, for the byte-to-float widening), not plain avx512f: twice as fast
// here. GCC takes arch= in target_clones from version 12 on.
#define TN_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TN_CLONES
#endif

TN_CLONES void NormalizeU8(const uint8_t* in, float* out, int64_t n, float scale, float mean, float std) {
  for (int64_t i = 0; i < n; ++i) out[i] = (static_cast<float>(in[i]) / scale - mean) / std;
}

// _to_tensor_normalize(images: uint8 N×H×W, scale, mean, std) → float32 N×1×H×W.
Napi::Value ToTensorNormalize(const Napi::CallbackInfo& info) {
  const at::Tensor& images = Unwrap(info[0], "images");
  TORCH_CHECK(images.scalar_type() == at::kByte && images.dim() == 3 && images.device().is_cpu(),
              "_to_tensor_normalize expects N x H x W uint8 images on the CPU");
  // ATen's scalar and the 1-element tensors Normalize makes are float32 values of these doubles.
  const float scale = static_cast<float>(ToDouble(info[1], "scale"));
  const float mean = static_cast<float>(ToDouble(info[2], "mean"));
  const float std = static_cast<float>(ToDouble(info[3], "std"));
  at::Tensor in = images.contiguous();
  at::Tensor out = at::empty({in.size(0), 1, in.size(1), in.size(2)}, in.options().dtype(at::kFloat));
  const uint8_t* src = in.data_ptr<uint8_t>();
  float* dst = out.data_ptr<float>();
  // The grain ATen's element-wise kernels split at, so threads share the work as they would.
  at::parallel_for(0, in.numel(), at::internal::GRAIN_SIZE, [&](int64_t begin, int64_t end) {
    NormalizeU8(src + begin, dst + begin, end - begin, scale, mean, std);
  });
  return Wrap(info.Env(), std::move(out));
}

}  // namespace

void RegisterTransforms(Props& methods, Napi::Object exports) {
  SetFunction(exports, "_to_tensor_normalize", Guarded<ToTensorNormalize>);
}

}  // namespace tn

// torch.cuda.*, through ATen's CUDA hooks, so that one source builds with and
// without CUDA and the CPU build answers "no CUDA" instead of failing.
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

#include "common.h"

namespace tn {
namespace {

Napi::Value IsAvailable(const Napi::CallbackInfo& info) {
  const auto& hooks = at::detail::getCUDAHooks();
  return Napi::Boolean::New(info.Env(), hooks.hasCUDA() && hooks.getNumGPUs() > 0);
}
Napi::Value DeviceCount(const Napi::CallbackInfo& info) {
  const auto& hooks = at::detail::getCUDAHooks();
  return Napi::Number::New(info.Env(), hooks.hasCUDA() ? hooks.getNumGPUs() : 0);
}
// cuda.manual_seed(seed, device = current) / manual_seed_all: no-ops without CUDA, as in PyTorch.
Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  uint64_t seed = ToSeed(info[0]);
  bool all = info.Length() > 1 && ToBool(info[1], "all");
  const auto& hooks = at::detail::getCUDAHooks();
  if (!hooks.hasCUDA()) return info.Env().Undefined();
  int n = hooks.getNumGPUs();
  for (int i = all ? 0 : static_cast<int>(hooks.current_device()); i < (all ? n : hooks.current_device() + 1); ++i) {
    // Through the context, not the hooks: the hooks renamed theirs in 2.x.
    auto gen = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  return info.Env().Undefined();
}
Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  const auto& hooks = at::detail::getCUDAHooks();
  TORCH_CHECK(hooks.hasCUDA(), "Torch not compiled with CUDA enabled");
  int64_t device = info.Length() > 0 && !IsAbsent(info[0]) ? ToDevice(info[0], "device").index() : hooks.current_device();
  hooks.deviceSynchronize(device < 0 ? hooks.current_device() : device);
  return info.Env().Undefined();
}

}  // namespace

void RegisterCuda(Props& m, Napi::Object exports) {
  SetFunction(exports, "_cuda_is_available", Guarded<IsAvailable>);
  SetFunction(exports, "_cuda_device_count", Guarded<DeviceCount>);
  SetFunction(exports, "_cuda_manual_seed", Guarded<ManualSeed>);
  SetFunction(exports, "_cuda_synchronize", Guarded<Synchronize>);
}

}  // namespace tn

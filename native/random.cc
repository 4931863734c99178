// Seeding and thread settings (the sampling ops themselves are generated).
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

#include "common.h"

namespace tn {
namespace {

// torch.manual_seed: seeds the CPU generator and every CUDA one.
Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  uint64_t seed = ToSeed(info[0]);
  {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  const auto& hooks = at::detail::getCUDAHooks();
  if (hooks.hasCUDA()) {
    for (int i = 0; i < hooks.getNumGPUs(); ++i) {
      auto gen = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
  }
  return info.Env().Undefined();
}
Napi::Value InitialSeed(const Napi::CallbackInfo& info) {
  return Napi::BigInt::New(info.Env(), at::detail::getDefaultCPUGenerator().current_seed());
}
Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), at::get_num_threads()); }
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  int64_t n = ToInt(info[0], "num_threads");
  TORCH_CHECK_VALUE(n > 0, "set_num_threads expects a positive integer");
  at::set_num_threads(static_cast<int>(n));
  return info.Env().Undefined();
}
Napi::Value GetNumInteropThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_interop_threads());
}

}  // namespace

void RegisterRandom(Props&, Napi::Object exports) {
  SetFunction(exports, "manual_seed", Guarded<ManualSeed>);
  SetFunction(exports, "initial_seed", Guarded<InitialSeed>);
  SetFunction(exports, "get_num_threads", Guarded<GetNumThreads>);
  SetFunction(exports, "set_num_threads", Guarded<SetNumThreads>);
  SetFunction(exports, "get_num_interop_threads", Guarded<GetNumInteropThreads>);
}

}  // namespace tn

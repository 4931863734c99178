// torch.cuda.*. Availability, device count, seeding and synchronize go
// through ATen's CUDA hooks, so that they answer on every build (a CPU
// libtorch says "no CUDA"). The rest needs c10/cuda (its caching allocator,
// streams, device properties) and is compiled into the CUDA flavour only
// (TORCHNODE_CUDA, set by CMakeLists.txt when libtorch has CUDA); the CPU
// flavour answers those with PyTorch's "Torch not compiled with CUDA enabled".
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

#ifdef TORCHNODE_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

#include "common.h"
#include "compat.h"

namespace tn {
namespace {

#ifdef TORCHNODE_CUDA
constexpr bool kCompiled = true;
#else
constexpr bool kCompiled = false;
#endif

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
// [CUDA runtime version, cuDNN version] (e.g. 13020, 92600) of a CUDA build, nulls otherwise:
// what torch.version.cuda and torch.backends.cudnn.version() tell, for bug reports.
Napi::Value Versions(const Napi::CallbackInfo& info) {
  const auto& hooks = at::detail::getCUDAHooks();
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, kCompiled ? Napi::Value(Napi::Number::New(info.Env(), hooks.versionCUDART())) : info.Env().Null());
  out.Set(1u, hooks.hasCuDNN() ? Napi::Value(Napi::Number::New(info.Env(), hooks.versionCuDNN())) : info.Env().Null());
  return out;
}
Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  const auto& hooks = at::detail::getCUDAHooks();
  TORCH_CHECK(hooks.hasCUDA(), "Torch not compiled with CUDA enabled");
  int64_t device = info.Length() > 0 && !IsAbsent(info[0]) ? ToDevice(info[0], "device").index() : hooks.current_device();
  hooks.deviceSynchronize(device < 0 ? hooks.current_device() : device);
  return info.Env().Undefined();
}

#ifdef TORCHNODE_CUDA
// The device an argument names: -1 (lib/cuda.ts's "none given") is the current one.
// CUDA is initialised first, as Python's torch.cuda._lazy_init does, so that a
// machine without a GPU gets PyTorch's "Found no NVIDIA driver" message.
c10::DeviceIndex DeviceArg(const Napi::Value& v) {
  LazyInitCuda();
  int64_t index = IsAbsent(v) ? -1 : ToInt(v, "device");
  if (index < 0) return c10::cuda::current_device();
  TORCH_CHECK_VALUE(index < c10::cuda::device_count(), "Invalid device id: ", index);
  return static_cast<c10::DeviceIndex>(index);
}
Napi::Value CurrentDevice(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), DeviceArg(info.Env().Undefined())); }
Napi::Value SetDevice(const Napi::CallbackInfo& info) {
  c10::cuda::set_device(DeviceArg(info[0]));
  return info.Env().Undefined();
}
// [allocated bytes, their peak, reserved bytes, their peak]: the aggregate
// (all pools) entries of the caching allocator's statistics, which
// memory_allocated() and its kin read.
Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(DeviceArg(info[0]));
  constexpr size_t aggregate = 0;  // StatType::AGGREGATE in every version
  Napi::Array out = Napi::Array::New(info.Env(), 4);
  out.Set(0u, Napi::Number::New(info.Env(), static_cast<double>(stats.allocated_bytes[aggregate].current)));
  out.Set(1u, Napi::Number::New(info.Env(), static_cast<double>(stats.allocated_bytes[aggregate].peak)));
  out.Set(2u, Napi::Number::New(info.Env(), static_cast<double>(stats.reserved_bytes[aggregate].current)));
  out.Set(3u, Napi::Number::New(info.Env(), static_cast<double>(stats.reserved_bytes[aggregate].peak)));
  return out;
}
Napi::Value ResetPeakMemoryStats(const Napi::CallbackInfo& info) {
  c10::cuda::CUDACachingAllocator::resetPeakStats(DeviceArg(info[0]));
  return info.Env().Undefined();
}
Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  LazyInitCuda();
  c10::cuda::CUDACachingAllocator::emptyCache();
  return info.Env().Undefined();
}
Napi::Value DeviceName(const Napi::CallbackInfo& info) {
  cudaDeviceProp prop;
  C10_CUDA_CHECK(cudaGetDeviceProperties(&prop, DeviceArg(info[0])));
  return Napi::String::New(info.Env(), prop.name);
}

// Streams travel to JS as [stream id, device index], as Python's
// torch.cuda.Stream keeps (stream_id, device_index, device_type).
Napi::Value StreamValue(napi_env env, const c10::cuda::CUDAStream& s) {
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(s.id())));
  out.Set(1u, Napi::Number::New(env, s.device_index()));
  return out;
}
c10::cuda::CUDAStream StreamArg(const Napi::CallbackInfo& info) {
  c10::DeviceIndex device = DeviceArg(info[1]);
  return c10::cuda::CUDAStream::unpack3(ToInt(info[0], "stream_id"), device, c10::DeviceType::CUDA);
}
// _cuda_stream(kind, device, priority): "new" (from the pool), "current" or "default".
Napi::Value Stream(const Napi::CallbackInfo& info) {
  std::string kind = ToString(info[0], "kind");
  c10::DeviceIndex device = DeviceArg(info[1]);
  if (kind == "current") return StreamValue(info.Env(), c10::cuda::getCurrentCUDAStream(device));
  if (kind == "default") return StreamValue(info.Env(), c10::cuda::getDefaultCUDAStream(device));
  int priority = IsAbsent(info[2]) ? 0 : static_cast<int>(ToInt(info[2], "priority"));
  return StreamValue(info.Env(), c10::cuda::getStreamFromPool(priority < 0, device));
}
Napi::Value SetStream(const Napi::CallbackInfo& info) {
  c10::cuda::setCurrentCUDAStream(StreamArg(info));
  return info.Env().Undefined();
}
Napi::Value StreamSynchronize(const Napi::CallbackInfo& info) {
  StreamArg(info).synchronize();
  return info.Env().Undefined();
}
Napi::Value StreamQuery(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), StreamArg(info).query()); }
#define TN_CUDA_ONLY(f) Guarded<f>
#else
Napi::Value NotCompiled(const Napi::CallbackInfo& info) { TORCH_CHECK(false, "Torch not compiled with CUDA enabled"); }
#define TN_CUDA_ONLY(f) Guarded<NotCompiled>
#endif

}  // namespace

void RegisterCuda(Props& m, Napi::Object exports) {
  exports.Set("_cuda_compiled", Napi::Boolean::New(exports.Env(), kCompiled));
  SetFunction(exports, "_cuda_is_available", Guarded<IsAvailable>);
  SetFunction(exports, "_cuda_device_count", Guarded<DeviceCount>);
  SetFunction(exports, "_cuda_manual_seed", Guarded<ManualSeed>);
  SetFunction(exports, "_cuda_synchronize", Guarded<Synchronize>);
  SetFunction(exports, "_cuda_versions", Guarded<Versions>);
  SetFunction(exports, "_cuda_current_device", TN_CUDA_ONLY(CurrentDevice));
  SetFunction(exports, "_cuda_set_device", TN_CUDA_ONLY(SetDevice));
  SetFunction(exports, "_cuda_memory_stats", TN_CUDA_ONLY(MemoryStats));
  SetFunction(exports, "_cuda_reset_peak_memory_stats", TN_CUDA_ONLY(ResetPeakMemoryStats));
  SetFunction(exports, "_cuda_empty_cache", TN_CUDA_ONLY(EmptyCache));
  SetFunction(exports, "_cuda_device_name", TN_CUDA_ONLY(DeviceName));
  SetFunction(exports, "_cuda_stream", TN_CUDA_ONLY(Stream));
  SetFunction(exports, "_cuda_set_stream", TN_CUDA_ONLY(SetStream));
  SetFunction(exports, "_cuda_stream_synchronize", TN_CUDA_ONLY(StreamSynchronize));
  SetFunction(exports, "_cuda_stream_query", TN_CUDA_ONLY(StreamQuery));
}

}  // namespace tn

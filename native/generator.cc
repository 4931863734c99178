// torch.Generator: a random stream of its own (DataLoader's sampler seeds
// one per epoch). JS holds it as an External; ops take it as `generator`.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

#include "common.h"

namespace tn {
namespace {

void DeleteGenerator(napi_env env, void* data, void* hint) { delete static_cast<at::Generator*>(data); }

at::Generator& Handle(const Napi::Value& v) {
  if (!v.IsExternal()) ExpectedError("torch.Generator handle", "generator", v);
  return *v.As<Napi::External<at::Generator>>().Data();
}

// _generator_new(device): a new generator with PyTorch's default seed.
Napi::Value New(const Napi::CallbackInfo& info) {
  at::Device device = IsAbsent(info[0]) ? at::Device(at::kCPU) : ToDevice(info[0], "device");
  at::Generator gen = device.is_cuda() ? at::globalContext().defaultGenerator(device).clone()
                                       : at::detail::createCPUGenerator();
  if (device.is_cuda()) gen.set_current_seed(c10::default_rng_seed_val);
  napi_value out;
  auto* holder = new at::Generator(std::move(gen));
  if (napi_create_external(info.Env(), holder, DeleteGenerator, nullptr, &out) != napi_ok) {
    delete holder;
    throw Napi::Error::New(info.Env());
  }
  return Napi::Value(info.Env(), out);
}

Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  at::Generator& gen = Handle(info[0]);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_current_seed(ToSeed(info[1]));
  return info.Env().Undefined();
}
Napi::Value InitialSeed(const Napi::CallbackInfo& info) {
  return Napi::BigInt::New(info.Env(), Handle(info[0]).current_seed());
}
// seed(): a non-deterministic seed, set and returned.
Napi::Value Seed(const Napi::CallbackInfo& info) {
  at::Generator& gen = Handle(info[0]);
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Napi::BigInt::New(info.Env(), gen.seed());
}
Napi::Value GetState(const Napi::CallbackInfo& info) {
  at::Generator& gen = Handle(info[0]);
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Wrap(info.Env(), gen.get_state());
}
Napi::Value SetState(const Napi::CallbackInfo& info) {
  at::Generator& gen = Handle(info[0]);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(Unwrap(info[1], "new_state"));
  return info.Env().Undefined();
}
// The default CPU generator's state (torch.get_rng_state / set_rng_state).
Napi::Value GetRngState(const Napi::CallbackInfo& info) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Wrap(info.Env(), gen.get_state());
}
Napi::Value SetRngState(const Napi::CallbackInfo& info) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(Unwrap(info[0], "new_state"));
  return info.Env().Undefined();
}

}  // namespace

c10::optional<at::Generator> ToGenerator(const Napi::Value& v) {
  if (IsAbsent(v)) return c10::nullopt;
  Napi::Value handle = v.IsObject() && !v.IsExternal() ? v.As<Napi::Object>().Get("_handle") : v;
  return Handle(handle);
}

void RegisterGenerator(Props& m, Napi::Object exports) {
  SetFunction(exports, "_generator_new", Guarded<New>);
  SetFunction(exports, "_generator_manual_seed", Guarded<ManualSeed>);
  SetFunction(exports, "_generator_initial_seed", Guarded<InitialSeed>);
  SetFunction(exports, "_generator_seed", Guarded<Seed>);
  SetFunction(exports, "_generator_get_state", Guarded<GetState>);
  SetFunction(exports, "_generator_set_state", Guarded<SetState>);
  SetFunction(exports, "get_rng_state", Guarded<GetRngState>);
  SetFunction(exports, "set_rng_state", Guarded<SetRngState>);
}

}  // namespace tn

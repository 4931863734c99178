// The random stream (seeding, in-place sampling) and thread settings.
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

double NumberOr(const Napi::CallbackInfo& info, size_t i, const char* key, double dflt) {
  if (info.Length() <= i || IsAbsent(info[i])) return dflt;
  if (info[i].IsNumber()) return ToDouble(info[i], key);
  if (!info[i].IsObject() || info[i].IsArray() || IsTensor(info[i])) ExpectedError("a number", key, info[i]);
  Napi::Value v = Opt(info[i], key);
  return IsAbsent(v) ? dflt : ToDouble(v, key);
}
// The options object, if the last argument is one (for `generator`).
Napi::Value LastOptions(const Napi::CallbackInfo& info) {
  if (info.Length() == 0) return info.Env().Undefined();
  Napi::Value last = info[info.Length() - 1];
  return last.IsObject() && !last.IsArray() && !IsTensor(last) ? last : info.Env().Undefined();
}
c10::optional<at::Generator> GeneratorOpt(const Napi::CallbackInfo& info) { return ToGenerator(Opt(LastOptions(info), "generator")); }

// uniform_(from = 0, to = 1), normal_(mean = 0, std = 1), as positional or options ({ generator } too).
Napi::Value uniform_(const Napi::CallbackInfo& info) {
  bool opts = info.Length() > 0 && info[0].IsObject();
  double from = NumberOr(info, 0, "from", 0), to = opts ? NumberOr(info, 0, "to", 1) : NumberOr(info, 1, "to", 1);
  This(info).uniform_(from, to, GeneratorOpt(info));
  return info.This();
}
Napi::Value normal_(const Napi::CallbackInfo& info) {
  bool opts = info.Length() > 0 && info[0].IsObject();
  double mean = NumberOr(info, 0, "mean", 0), std = opts ? NumberOr(info, 0, "std", 1) : NumberOr(info, 1, "std", 1);
  This(info).normal_(mean, std, GeneratorOpt(info));
  return info.This();
}
Napi::Value bernoulli_(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && IsTensor(info[0])) This(info).bernoulli_(Unwrap(info[0], "p"), GeneratorOpt(info));
  else This(info).bernoulli_(NumberOr(info, 0, "p", 0.5), GeneratorOpt(info));
  return info.This();
}
Napi::Value bernoulli(const Napi::CallbackInfo& info) {
  Napi::Value p = info.Length() > 0 && info[0].IsNumber() ? info[0] : Opt(LastOptions(info), "p");
  if (!IsAbsent(p)) return Wrap(info.Env(), This(info).bernoulli(ToDouble(p, "p"), GeneratorOpt(info)));
  return Wrap(info.Env(), This(info).bernoulli(GeneratorOpt(info)));
}
Napi::Value exponential_(const Napi::CallbackInfo& info) {
  This(info).exponential_(NumberOr(info, 0, "lambd", 1), GeneratorOpt(info));
  return info.This();
}
// random_(from, to) or random_(to), with an optional trailing { generator }.
Napi::Value random_(const Napi::CallbackInfo& info) {
  size_t n = info.Length() - (IsAbsent(LastOptions(info)) ? 0 : 1);
  auto gen = GeneratorOpt(info);
  if (n >= 2 && !IsAbsent(info[1])) This(info).random_(ToInt(info[0], "from"), ToInt(info[1], "to"), gen);
  else if (n >= 1 && !IsAbsent(info[0])) This(info).random_(ToInt(info[0], "to"), gen);
  else This(info).random_(gen);
  return info.This();
}
Napi::Value multinomial(const Napi::CallbackInfo& info) {
  bool replacement = info.Length() > 1 && (info[1].IsBoolean() ? info[1].As<Napi::Boolean>().Value()
                                                                : !IsAbsent(Opt(info[1], "replacement")) && ToBool(Opt(info[1], "replacement"), "replacement"));
  return Wrap(info.Env(), This(info).multinomial(ToInt(info[0], "num_samples"), replacement));
}

}  // namespace

void RegisterRandom(Props& m, Napi::Object exports) {
  SetFunction(exports, "manual_seed", Guarded<ManualSeed>);
  SetFunction(exports, "initial_seed", Guarded<InitialSeed>);
  SetFunction(exports, "get_num_threads", Guarded<GetNumThreads>);
  SetFunction(exports, "set_num_threads", Guarded<SetNumThreads>);
  SetFunction(exports, "get_num_interop_threads", Guarded<GetNumInteropThreads>);
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
  TN_REG(uniform_) TN_REG(normal_) TN_REG(bernoulli_) TN_REG(bernoulli) TN_REG(exponential_) TN_REG(random_)
  TN_REG(multinomial)
#undef TN_REG
}

}  // namespace tn

// Registration only: gathers the Tensor methods of every file and
// fills the exports with every file's torch.* functions.
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/version.h>

#include "common.h"

namespace tn {

static Napi::Value SetErrorClasses(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  AddonData* data = Data(env);
  Napi::Object classes = info[0].As<Napi::Object>();
  const char* names[] = {"RuntimeError", "IndexError", "TypeError", "ValueError", "NotImplementedError"};
  for (int i = 0; i < static_cast<int>(ErrorKind::Count); ++i) {
    Napi::Value ctor = classes.Get(names[i]);
    if (!ctor.IsFunction()) ExpectedError("error class", names[i], ctor);
    if (data->errors[i]) napi_delete_reference(env, data->errors[i]);
    napi_create_reference(env, ctor, 1, &data->errors[i]);
  }
  return info.Env().Undefined();
}

// _takeError(): the error of the last failed call (lib/native.ts throws it).
static Napi::Value TakeError(const Napi::CallbackInfo& info) {
  AddonData* data = Data(info.Env());
  if (!data->pending_error) return info.Env().Undefined();
  napi_value error;
  napi_get_reference_value(info.Env(), data->pending_error, &error);
  napi_delete_reference(info.Env(), data->pending_error);
  data->pending_error = nullptr;
  return Napi::Value(info.Env(), error);
}

static Napi::Value LiveTensorCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(LiveTensors()));
}

static Napi::Value AccountedByteCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(AccountedBytes()));
}

// torch.__config__.show() and parallel_info(): libtorch's own reports.
static Napi::Value ShowConfig(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), at::show_config()); }
static Napi::Value ParallelInfo(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), at::get_parallel_info()); }

static void DeleteData(napi_env env, void* data, void*) { delete static_cast<AddonData*>(data); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  napi_set_instance_data(env, data, DeleteData, nullptr);
  Napi::Object fail = Napi::Object::New(env);
  napi_create_reference(env, fail, 1, &data->fail);
  exports.Set("_fail", fail);

  Props methods;
  RegisterCpuAllocator(methods, exports);
  RegisterTensor(methods, exports);
  RegisterCreation(methods, exports);
  RegisterReduction(methods, exports);
  RegisterShape(methods, exports);
  RegisterIndexing(methods, exports);
  RegisterCrc32(methods, exports);
  RegisterTransforms(methods, exports);
  RegisterAutograd(methods, exports);
  RegisterRandom(methods, exports);
  RegisterCuda(methods, exports);
  RegisterGenerator(methods, exports);
  RegisterStorage(methods, exports);
  RegisterDispatch(methods, exports);
#ifdef TORCHNODE_DISTRIBUTED
  RegisterDistributed(methods, exports);
#else
  exports.Set("_dist_available", Napi::Boolean::New(env, false));
#endif

  // The Tensor class is JavaScript's (lib/native.ts); these become its prototype's.
  Napi::Object tensor_methods = Napi::Object::New(env);
  NAPI_THROW_IF_FAILED(env, napi_define_properties(env, tensor_methods, methods.size(), methods.data()), exports);
  exports.Set("_tensor_methods", tensor_methods);
  SetFunction(exports, "_setErrorClasses", Guarded<SetErrorClasses>);
  SetFunction(exports, "_liveTensors", Guarded<LiveTensorCount>);
  SetFunction(exports, "_accountedBytes", Guarded<AccountedByteCount>);
  SetFunction(exports, "_takeError", Guarded<TakeError>);
  RegisterScopes(exports);
  SetFunction(exports, "_show_config", Guarded<ShowConfig>);
  SetFunction(exports, "_parallel_info", Guarded<ParallelInfo>);
  exports.Set("_torchVersion", Napi::String::New(env, TORCH_VERSION));
  // The C++ ABI this addon was compiled with (libtorch's: CMake takes it from TORCH_CXX_FLAGS).
  exports.Set("_cxx11Abi", Napi::Boolean::New(env, _GLIBCXX_USE_CXX11_ABI != 0));
  // Bumped whenever lib/ and native/ change how they talk; lib/native.ts refuses other binaries.
  exports.Set("_interface", Napi::Number::New(env, 6));
  return exports;
}

}  // namespace tn

static Napi::Object InitTorchnode(Napi::Env env, Napi::Object exports) { return tn::Init(env, exports); }

NODE_API_MODULE(torchnode, InitTorchnode)

// Shared pieces of the addon: how a JS Tensor holds an at::Tensor, the one
// error guard every entry point goes through, and argument conversions.
#pragma once

#include <ATen/ATen.h>
#include <napi.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace tn {

// What a JS Tensor's handle leads to (see "tensor handles" in common.cc).
// `bytes` is what was reported to V8.
struct TensorBox {
  at::Tensor tensor;
  int64_t bytes = 0;
  uint32_t index = 0;       // in its environment's slab
  uint32_t generation = 0;  // moves on when the box is freed
  bool live = false;
  // Moves to the enclosing dispose scope when the innermost one closes.
  bool kept = false;
  // Outlives every scope (what torchnode itself caches: a sampler's order, a
  // transform's constants); left to dispose() and the GC.
  bool untracked = false;
};

// The boxes of one environment (one thread): a JS Tensor's handle is a box's
// index here and its generation.
struct Slab {
  std::deque<TensorBox> boxes;  // a deque: a box's address stays put as it grows
  std::vector<uint32_t> free;
};

// JS error classes handed over by lib/errors.ts at load time.
enum class ErrorKind { Runtime, Index, Type, Value, NotImplemented, Count };

// Per-environment state (worker threads each get their own).
struct AddonData {
  // lib/native.ts's Tensor class, the key its handle is kept at, and the
  // first constructor argument that marks a call from native code.
  napi_ref tensor_class = nullptr;
  napi_ref handle_key = nullptr;
  napi_ref shell = nullptr;
  // Handles written by lib/native.ts before a call, so that the hot paths
  // need no property read: [0] the Tensor a method is called on, [1] how many
  // arguments an op-layer fast call passes, [2 + i] the handle of argument i
  // (see MethodGuarded and _op_call_fast).
  double* slots = nullptr;
  napi_ref slots_ref = nullptr;
  // The handle of the Tensor the running method was called on (-1: none).
  double this_handle = -1;
  // Freed with this data, after Node has run every Tensor's finalizer.
  Slab slab;
  napi_ref errors[static_cast<int>(ErrorKind::Count)] = {};
  // Failed calls return `fail` and leave their error in `pending_error`
  // for lib/native.ts to throw (see Fail in common.cc).
  napi_ref fail = nullptr;
  napi_ref pending_error = nullptr;
};

AddonData* Data(napi_env env);

// ---- the error guard ------------------------------------------------------
[[noreturn]] void Throw(ErrorKind kind, const std::string& message);

// Thrown by argument checks; the guard turns it into the registered JS class.
struct JsError : std::exception {
  ErrorKind kind;
  std::string message;
  JsError(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
};

// Records the error of a failed call and returns the value that marks failure;
// lib/native.ts throws the recorded error from JavaScript.
napi_value Fail(napi_env env, ErrorKind kind, const char* message);
napi_value Fail(napi_env env, napi_value error);
ErrorKind KindOf(const c10::Error& e);

using Impl = Napi::Value (*)(const Napi::CallbackInfo&);

// Every native entry point is Guarded<F> or MethodGuarded<F>: no C++
// exception reaches N-API, and no JS exception is thrown from native code. (On Node 20, an exception
// thrown through N-API stays recorded on the env while Node rethrows it; a
// garbage collection at that moment runs our finalizers, and Node then takes
// the recorded exception for the finalizer's and aborts. So errors travel as
// a return value and lib/native.ts throws them from JavaScript.)
template <Impl F>
napi_value GuardedCall(napi_env env, napi_callback_info cbinfo) {
  try {
    Napi::CallbackInfo info(env, cbinfo);
    Napi::Value result = F(info);
    return result;
  } catch (const JsError& e) {
    return Fail(env, e.kind, e.message.c_str());
  } catch (const Napi::Error& e) {
    return Fail(env, e.Value());
  } catch (const c10::Error& e) {
    return Fail(env, KindOf(e), e.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    return Fail(env, ErrorKind::Runtime, "out of memory");
  } catch (const std::exception& e) {
    return Fail(env, ErrorKind::Runtime, e.what());
  } catch (...) {
    return Fail(env, ErrorKind::Runtime, "unknown native error");
  }
}

// Runs F with `this_handle` set, and puts the caller's back afterwards: JS
// run while a method reads its arguments (a getter) may call other methods.
template <Impl F>
napi_value WithThis(napi_env env, napi_callback_info cbinfo, double handle) {
  AddonData* data = Data(env);
  double saved = data->this_handle;
  data->this_handle = handle;
  napi_value result = GuardedCall<F>(env, cbinfo);
  data->this_handle = saved;
  return result;
}

template <Impl F>
napi_value Guarded(napi_env env, napi_callback_info cbinfo) {
  return WithThis<F>(env, cbinfo, -1);
}

// A Tensor method (or accessor): `this` is the handle lib/native.ts wrote to
// slots[0] just before the call, read once here.
template <Impl F>
napi_value MethodGuarded(napi_env env, napi_callback_info cbinfo) {
  AddonData* data = Data(env);
  return WithThis<F>(env, cbinfo, data->slots ? data->slots[0] : -1);
}

// ---- tensors <-> JS -------------------------------------------------------
// Wraps a tensor in a new JS Tensor (which owns it from then on).
Napi::Value Wrap(napi_env env, at::Tensor tensor);
// Gives a tensor to `shell`, a Tensor that JavaScript allocated (the op
// layer's fast path); returns the handle for the shell to hold.
Napi::Value WrapInto(napi_env env, at::Tensor tensor, napi_value shell);
Napi::Value WrapList(napi_env env, std::vector<at::Tensor> tensors);
// The tensor behind a JS value; throws TypeError naming `what` otherwise.
at::Tensor& Unwrap(const Napi::Value& value, const char* what);
// The tensor behind `this`, in a method registered with MethodGuarded.
at::Tensor& This(const Napi::CallbackInfo& info);
// Its box, as BoxOf answers (nullptr: `this` is no Tensor).
TensorBox* ThisBox(const Napi::CallbackInfo& info);
bool IsTensor(const Napi::Value& value);
TensorBox* BoxOf(const Napi::Value& value);
// The live box behind a handle as JS holds it, or nullptr (a disposed
// Tensor's, or not a handle at all).
TensorBox* LiveBoxOf(napi_env env, double handle);

// Native bytes that V8 is told about, batched so that every op needs no call.
void AccountBytes(napi_env env, int64_t delta);
int64_t LiveTensors();
// The native bytes this thread's tensor wrappers have told V8 about.
int64_t AccountedBytes();
// Frees the box's tensor now (dispose); the JS object stays, disposed.
void ReleaseBox(napi_env env, TensorBox* box);

// Dispose scopes (torch.tidy): every tensor wrapped while one is open is
// disposed when it closes, except the ones kept or returned.
void RegisterScopes(Napi::Object exports);

// ---- argument conversions ------------------------------------------------
std::string TypeName(const Napi::Value& v);
[[noreturn]] void ExpectedError(const char* expected, const char* what, const Napi::Value& got);

bool IsAbsent(const Napi::Value& v);  // undefined or null
double ToDouble(const Napi::Value& v, const char* what);
int64_t ToInt(const Napi::Value& v, const char* what);
// A seed as PyTorch takes it: any integer in [-2^63, 2^64).
uint64_t ToSeed(const Napi::Value& v);
bool ToBool(const Napi::Value& v, const char* what);
std::string ToString(const Napi::Value& v, const char* what);
at::Scalar ToScalar(const Napi::Value& v, const char* what);
// A Tensor, or a JS number/bigint/boolean as a Scalar.
bool IsScalar(const Napi::Value& v);
std::vector<int64_t> ToIntList(const Napi::Value& v, const char* what);
// Shape given as (2, 3), ([2, 3]) or (torch.Size): arguments from `first` on
// that are numbers, or a single array. Stops at the first non-number.
std::vector<int64_t> ShapeArgs(const Napi::CallbackInfo& info, size_t first, size_t* next = nullptr);
std::vector<at::Tensor> ToTensorList(const Napi::Value& v, const char* what);
at::ScalarType ToDtype(const Napi::Value& v, const char* what);
at::Device ToDevice(const Napi::Value& v, const char* what);
// The device itself, or Python's "Torch not compiled with CUDA enabled".
at::Device CheckedDevice(at::Device d);

// Options objects: the value of `key` in an options object, or undefined.
Napi::Value Opt(const Napi::Value& options, const char* key);
// A plain object that is neither an array nor a Tensor: a trailing options argument.
bool IsOptions(const Napi::Value& v);
at::TensorOptions ToTensorOptions(const Napi::Value& options, at::ScalarType default_dtype);
// A torch.Generator (its JS object or handle); nullopt means the default one.
c10::optional<at::Generator> ToGenerator(const Napi::Value& v);

// ---- registration ---------------------------------------------------------
using Props = std::vector<napi_property_descriptor>;
inline napi_property_descriptor Method(const char* name, napi_callback cb) {
  return {name, nullptr, cb, nullptr, nullptr, nullptr,
          static_cast<napi_property_attributes>(napi_writable | napi_configurable), nullptr};
}
inline napi_property_descriptor Getter(const char* name, napi_callback get, napi_callback set = nullptr) {
  return {name, nullptr, nullptr, get, set, nullptr, napi_configurable, nullptr};
}
void SetFunction(Napi::Object exports, const char* name, napi_callback cb);

// Each native file adds its Tensor methods and its torch.* functions.
void RegisterTensor(Props& methods, Napi::Object exports);
void RegisterCreation(Props& methods, Napi::Object exports);
void RegisterReduction(Props& methods, Napi::Object exports);
void RegisterShape(Props& methods, Napi::Object exports);
void RegisterIndexing(Props& methods, Napi::Object exports);
void RegisterAutograd(Props& methods, Napi::Object exports);
void RegisterRandom(Props& methods, Napi::Object exports);
void RegisterCuda(Props& methods, Napi::Object exports);
void RegisterGenerator(Props& methods, Napi::Object exports);
void RegisterStorage(Props& methods, Napi::Object exports);
void RegisterCpuAllocator(Props& methods, Napi::Object exports);
void RegisterCrc32(Props& methods, Napi::Object exports);
void RegisterTransforms(Props& methods, Napi::Object exports);
void RegisterDispatch(Props& methods, Napi::Object exports);     // native/dispatch.cc: the generated op layer
void RegisterDistributed(Props& methods, Napi::Object exports);  // native/distributed.cc

}  // namespace tn

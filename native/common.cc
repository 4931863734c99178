// The error guard's helpers, tensor wrapping with GC-time finalizers and
// memory accounting, and argument conversions shared by every native file.
#include <torch/version.h>

#include "common.h"
#include "compat.h"

#include <ATen/detail/CUDAHooksInterface.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <unordered_map>

namespace tn {

AddonData* Data(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<AddonData*>(data);
}

// ---- errors ----------------------------------------------------------------
void Throw(ErrorKind kind, const std::string& message) { throw JsError(kind, message); }

ErrorKind KindOf(const c10::Error& e) {
  if (dynamic_cast<const c10::IndexError*>(&e)) return ErrorKind::Index;
  if (dynamic_cast<const c10::TypeError*>(&e)) return ErrorKind::Type;
  if (dynamic_cast<const c10::ValueError*>(&e)) return ErrorKind::Value;
  if (dynamic_cast<const c10::NotImplementedError*>(&e)) return ErrorKind::NotImplemented;
  return ErrorKind::Runtime;
}

// The error object for a failure: the registered JS class, with the message.
static napi_value MakeError(napi_env env, ErrorKind kind, const char* message) {
  AddonData* data = Data(env);
  napi_value ctor = nullptr, msg, error = nullptr;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  if (data && data->errors[static_cast<int>(kind)]) napi_get_reference_value(env, data->errors[static_cast<int>(kind)], &ctor);
  if (ctor && napi_new_instance(env, ctor, 1, &msg, &error) == napi_ok) return error;
  napi_value ignored;
  napi_get_and_clear_last_exception(env, &ignored);
  if (kind == ErrorKind::Type) napi_create_type_error(env, nullptr, msg, &error);
  else if (kind == ErrorKind::Index) napi_create_range_error(env, nullptr, msg, &error);
  else napi_create_error(env, nullptr, msg, &error);
  return error;
}

napi_value Fail(napi_env env, napi_value error) {
  AddonData* data = Data(env);
  // An exception raised by a call back into JS is the error to report.
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &error);
  if (error == nullptr) error = MakeError(env, ErrorKind::Runtime, "unknown native error");
  if (data->pending_error) napi_delete_reference(env, data->pending_error);
  napi_create_reference(env, error, 1, &data->pending_error);
  napi_value fail;
  napi_get_reference_value(env, data->fail, &fail);
  return fail;
}

napi_value Fail(napi_env env, ErrorKind kind, const char* message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  napi_value error = nullptr;
  if (pending) napi_get_and_clear_last_exception(env, &error);
  else error = MakeError(env, kind, message);
  return Fail(env, error);
}

// ---- tensor handles --------------------------------------------------------------
// A JS Tensor (the class lib/native.ts defines) holds one number, its handle:
// the index of its box in its environment's slab and the box's generation. The
// object is allocated by JavaScript and native code only attaches a finalizer
// to it, which costs a third of what napi_new_instance + napi_wrap did (see
// docs/performance.md). Freeing a box moves its generation on, so the handle
// of a disposed Tensor finds no tensor, never another one.
namespace {
constexpr int kIndexBits = 26;
constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;
constexpr uint32_t kGenerationMask = (uint32_t{1} << (53 - kIndexBits)) - 1;

// What a disposed Tensor's handle finds: a box without a tensor. Never written.
const TensorBox disposed_box;

std::atomic<int64_t> live_tensors{0};
// Bytes freed or allocated but not yet reported to V8. Finalizers only touch
// this counter: they run inside garbage collection, where calling into V8 is
// off limits, and the next wrap reports it.
thread_local int64_t unreported_bytes = 0;
// Everything this thread's wrappers account for now (for tests).
thread_local int64_t accounted_bytes = 0;
constexpr int64_t kReportEvery = 256 * 1024;
// A TensorImpl, its StorageImpl and the JS wrapper's bookkeeping.
constexpr int64_t kTensorOverhead = 400;

thread_local std::vector<std::vector<uint64_t>> scopes;
// New tensors join the innermost scope only above this depth (_setScopeFloor):
// code run "outside" the scopes open now leaves its tensors to the GC.
thread_local size_t scope_floor = 0;
// The innermost scope's list is swept of freed handles when it doubles past this.
thread_local size_t sweep_at = 4096;

uint64_t HandleOf(const TensorBox& box) { return (uint64_t{box.generation} << kIndexBits) | box.index; }

// Whether a number JS holds can be a handle: not NaN (what a Float64Array
// stores for undefined), not -1 (a shell not yet given its tensor).
bool IsHandle(double d) { return d >= 0 && d <= 9007199254740991.0; }

// The live box behind a handle, or nullptr (freed since, or never made).
TensorBox* LiveBox(Slab& slab, uint64_t handle) {
  uint64_t index = handle & kIndexMask;
  if (index >= slab.boxes.size()) return nullptr;
  TensorBox& box = slab.boxes[index];
  return box.live && box.generation == (handle >> kIndexBits) ? &box : nullptr;
}

TensorBox* NewBox(Slab& slab, at::Tensor tensor) {
  TensorBox* box;
  if (!slab.free.empty()) {
    box = &slab.boxes[slab.free.back()];
    slab.free.pop_back();
  } else {
    if (slab.boxes.size() > kIndexMask) Throw(ErrorKind::Runtime, "too many live tensors (2^26) in one thread");
    box = &slab.boxes.emplace_back();
    box->index = static_cast<uint32_t>(slab.boxes.size() - 1);
  }
  box->tensor = std::move(tensor);
  box->live = true;
  // Counted here, as FreeBox uncounts it, so that a box freed before its object
  // has it (napi_new_instance or napi_add_finalizer failing) leaves the count right.
  if (box->tensor.defined()) live_tensors.fetch_add(1, std::memory_order_relaxed);
  return box;
}

// Frees the box and its tensor. `env` is null inside garbage collection,
// where V8 may not be called: the bytes are then reported by a later wrap.
void FreeBox(napi_env env, Slab& slab, TensorBox* box) {
  if (box->tensor.defined()) live_tensors.fetch_sub(1, std::memory_order_relaxed);
  if (env) {
    AccountBytes(env, -box->bytes);
  } else {
    unreported_bytes -= box->bytes;
    accounted_bytes -= box->bytes;
  }
  box->tensor = at::Tensor();
  box->bytes = 0;
  box->live = box->kept = box->untracked = false;
  box->generation = (box->generation + 1) & kGenerationMask;
  slab.free.push_back(box->index);
}

void FinalizeHandle(napi_env env, void* data, void* hint) {
  Slab& slab = static_cast<AddonData*>(hint)->slab;
  if (TensorBox* box = LiveBox(slab, reinterpret_cast<uintptr_t>(data))) FreeBox(nullptr, slab, box);
}

// Drops freed handles from the innermost scope, so that a scope left open
// (an abandoned loop) does not grow without bound.
void SweepInnermostScope(Slab& slab) {
  std::vector<uint64_t>& handles = scopes.back();
  size_t kept = 0;
  for (uint64_t h : handles) {
    if (LiveBox(slab, h)) handles[kept++] = h;
  }
  handles.resize(kept);
  sweep_at = std::max<size_t>(4096, 2 * kept);
}

// Bytes to tell V8 about for a new wrapper. The storage counts only where
// this wrapper is its sole holder, i.e. for a fresh result: a view (x.flatten()
// of a 1.6 MB batch) or a tensor wrapped again (param.grad read each step)
// shares memory that is already counted, and counting it again made V8 run a
// full collection every few training steps.
int64_t BytesOf(const at::Tensor& t) {
  if (!t.defined()) return 0;
  bool sole = t.has_storage() && t.use_count() == 1 && t.storage().use_count() == 1;
  return kTensorOverhead + (sole ? static_cast<int64_t>(t.storage().nbytes()) : 0);
}

// A new box becomes `object`'s: freed when the GC collects the object (or at
// dispose, or when its scope closes). Returns the handle for the object to hold.
uint64_t Attach(napi_env env, AddonData* data, TensorBox* box, napi_value object) {
  uint64_t handle = HandleOf(*box);
  if (napi_add_finalizer(env, object, reinterpret_cast<void*>(static_cast<uintptr_t>(handle)), FinalizeHandle, data,
                         nullptr) != napi_ok) {
    FreeBox(env, data->slab, box);
    throw Napi::Error::New(env);
  }
  box->bytes = BytesOf(box->tensor);
  if (scopes.size() > scope_floor) {
    scopes.back().push_back(handle);
    if (scopes.back().size() >= sweep_at) SweepInnermostScope(data->slab);
  }
  AccountBytes(env, box->bytes);
  return handle;
}

// Backward formulas may return an "efficient zero tensor" (no storage);
// JS may read any tensor's bytes, so it gets a real one.
at::Tensor Materialized(at::Tensor tensor) {
  if (tensor.defined() && tensor._is_zerotensor()) return at::zeros(tensor.sizes(), tensor.options());
  return tensor;
}
}  // namespace

void AccountBytes(napi_env env, int64_t delta) {
  unreported_bytes += delta;
  accounted_bytes += delta;
  if (unreported_bytes >= kReportEvery || unreported_bytes <= -kReportEvery) {
    int64_t adjusted;
    napi_adjust_external_memory(env, unreported_bytes, &adjusted);
    unreported_bytes = 0;
  }
}

int64_t LiveTensors() { return live_tensors.load(std::memory_order_relaxed); }
int64_t AccountedBytes() { return accounted_bytes; }

Napi::Value Wrap(napi_env env, at::Tensor tensor) {
  AddonData* data = Data(env);
  napi_value cls, argv[2], object;
  napi_get_reference_value(env, data->tensor_class, &cls);
  napi_get_reference_value(env, data->shell, &argv[0]);
  TensorBox* box = NewBox(data->slab, Materialized(std::move(tensor)));
  napi_create_double(env, static_cast<double>(HandleOf(*box)), &argv[1]);
  if (napi_new_instance(env, cls, 2, argv, &object) != napi_ok) {
    FreeBox(env, data->slab, box);
    throw Napi::Error::New(env);
  }
  Attach(env, data, box, object);
  return Napi::Value(env, object);
}

Napi::Value WrapInto(napi_env env, at::Tensor tensor, napi_value shell) {
  AddonData* data = Data(env);
  TensorBox* box = NewBox(data->slab, Materialized(std::move(tensor)));
  return Napi::Number::New(env, static_cast<double>(Attach(env, data, box, shell)));
}

// By value: a caller that hands its vector over (std::move, or a temporary)
// leaves each tensor with one holder, so V8 is told about fresh results.
Napi::Value WrapList(napi_env env, std::vector<at::Tensor> tensors) {
  Napi::Array out = Napi::Array::New(env, tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) out.Set(i, Wrap(env, std::move(tensors[i])));
  return out;
}

// The handle's own property is the whole test: one property read on the hot path.
TensorBox* BoxOf(const Napi::Value& value) {
  napi_env env = value.Env();
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_object) return nullptr;
  AddonData* data = Data(env);
  napi_value key, h;
  napi_get_reference_value(env, data->handle_key, &key);
  double d;
  if (napi_get_property(env, value, key, &h) != napi_ok || napi_get_value_double(env, h, &d) != napi_ok) return nullptr;
  if (!IsHandle(d)) return nullptr;
  if (TensorBox* box = LiveBox(data->slab, static_cast<uint64_t>(d))) return box;
  return const_cast<TensorBox*>(&disposed_box);
}

TensorBox* LiveBoxOf(napi_env env, double handle) {
  return IsHandle(handle) ? LiveBox(Data(env)->slab, static_cast<uint64_t>(handle)) : nullptr;
}

bool IsTensor(const Napi::Value& value) { return BoxOf(value) != nullptr; }

at::Tensor& Unwrap(const Napi::Value& value, const char* what) {
  TensorBox* box = BoxOf(value);
  if (!box) ExpectedError("Tensor", what, value);
  if (!box->tensor.defined()) Throw(ErrorKind::Runtime, std::string(what) + ": the tensor has been disposed");
  return box->tensor;
}

// The handle MethodGuarded took from lib/native.ts; a disposed Tensor's (or a
// call from elsewhere) takes the property read, for BoxOf's answer.
TensorBox* ThisBox(const Napi::CallbackInfo& info) {
  if (TensorBox* box = LiveBoxOf(info.Env(), Data(info.Env())->this_handle)) return box;
  return BoxOf(info.This());
}

at::Tensor& This(const Napi::CallbackInfo& info) {
  if (TensorBox* box = LiveBoxOf(info.Env(), Data(info.Env())->this_handle)) return box->tensor;
  return Unwrap(info.This(), "self");  // for its errors
}

void ReleaseBox(napi_env env, TensorBox* box) {
  if (box->live) FreeBox(env, Data(env)->slab, box);
}

// _setTensorClass(Tensor, handleKey, shell, slots): the JS class native code
// makes Tensors of, `new Tensor(shell, handle)`, the key its handle is kept
// at, and the Float64Array of AddonData::slots.
static Napi::Value SetTensorClass(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  AddonData* data = Data(env);
  if (!info[0].IsFunction()) ExpectedError("class", "Tensor", info[0]);
  if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      info[3].As<Napi::TypedArray>().ElementLength() < 64) {
    ExpectedError("Float64Array(64)", "slots", info[3]);
  }
  for (napi_ref* ref : {&data->tensor_class, &data->handle_key, &data->shell, &data->slots_ref}) {
    if (*ref) napi_delete_reference(env, *ref);
  }
  napi_create_reference(env, info[0], 1, &data->tensor_class);
  napi_create_reference(env, info[1], 1, &data->handle_key);
  napi_create_reference(env, info[2], 1, &data->shell);
  // Held by the reference, so its memory stays where it is.
  napi_create_reference(env, info[3], 1, &data->slots_ref);
  data->slots = info[3].As<Napi::Float64Array>().Data();
  return info.Env().Undefined();
}

// _share(self, source) → handle: `new Tensor(t)` makes a tensor sharing t's
// data (what nn.Parameter needs).
static Napi::Value Share(const Napi::CallbackInfo& info) {
  TensorBox* source = info.Length() > 1 ? BoxOf(info[1]) : nullptr;
  if (!source) Throw(ErrorKind::Type, "Tensor(): expected a Tensor to share data with; use torch.tensor(data) to make one");
  if (!source->tensor.defined()) Throw(ErrorKind::Runtime, "Tensor(): the tensor has been disposed");
  return WrapInto(info.Env(), source->tensor, info[0]);
}

// ---- dispose scopes ----------------------------------------------------------
static Napi::Value BeginScope(const Napi::CallbackInfo& info) {
  scopes.emplace_back();
  return Napi::Number::New(info.Env(), static_cast<double>(scopes.size()));
}

// _keep(t): t outlives the innermost scope (it moves to the enclosing one).
static Napi::Value Keep(const Napi::CallbackInfo& info) {
  TensorBox* box = BoxOf(info[0]);
  if (!box) ExpectedError("Tensor", "keep", info[0]);
  if (box->live) box->kept = true;
  return info[0];
}

// _untrack(t): no scope disposes t, not even the one it was made in.
static Napi::Value Untrack(const Napi::CallbackInfo& info) {
  TensorBox* box = BoxOf(info[0]);
  if (!box) ExpectedError("Tensor", "untrack", info[0]);
  if (box->live) box->untracked = true;
  return info[0];
}

// Closes the innermost scope: disposes what it made, except kept and untracked tensors.
static void CloseInnermostScope(napi_env env) {
  Slab& slab = Data(env)->slab;
  std::vector<uint64_t> handles = std::move(scopes.back());
  scopes.pop_back();
  for (uint64_t h : handles) {
    TensorBox* box = LiveBox(slab, h);
    if (!box || box->untracked) continue;
    if (box->kept) {
      box->kept = false;
      if (!scopes.empty()) scopes.back().push_back(h);
    } else {
      FreeBox(env, slab, box);
    }
  }
  if (scope_floor > scopes.size()) scope_floor = scopes.size();
  sweep_at = 4096;
}

// _endScope(depth): closes the scope _beginScope numbered `depth`. Scopes opened
// inside it and left open (two loops interleaved, a loop abandoned mid-way) are
// closed first, so none is left to gather tensors forever; that is still an error.
static Napi::Value EndScope(const Napi::CallbackInfo& info) {
  size_t depth = static_cast<size_t>(ToInt(info[0], "depth"));
  if (depth == 0 || depth > scopes.size()) Throw(ErrorKind::Runtime, "dispose scopes must close in the order they opened");
  bool in_order = depth == scopes.size();
  while (scopes.size() >= depth) CloseInnermostScope(info.Env());
  if (!in_order) {
    Throw(ErrorKind::Runtime, "dispose scopes must close in the order they opened (the scopes opened inside this one were closed with it)");
  }
  return info.Env().Undefined();
}

// _scopeDepth() → how many scopes are open; _setScopeFloor(n) → the previous floor.
static Napi::Value ScopeDepth(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(scopes.size()));
}
static Napi::Value SetScopeFloor(const Napi::CallbackInfo& info) {
  int64_t n = ToInt(info[0], "floor");
  if (n < 0 || static_cast<size_t>(n) > scopes.size()) Throw(ErrorKind::Index, "_setScopeFloor: the floor must be between 0 and the open scopes");
  size_t previous = scope_floor;
  scope_floor = static_cast<size_t>(n);
  return Napi::Number::New(info.Env(), static_cast<double>(previous));
}

void RegisterScopes(Napi::Object exports) {
  SetFunction(exports, "_setTensorClass", Guarded<SetTensorClass>);
  SetFunction(exports, "_share", Guarded<Share>);
  SetFunction(exports, "_beginScope", Guarded<BeginScope>);
  SetFunction(exports, "_endScope", Guarded<EndScope>);
  SetFunction(exports, "_keep", Guarded<Keep>);
  SetFunction(exports, "_untrack", Guarded<Untrack>);
  SetFunction(exports, "_scopeDepth", Guarded<ScopeDepth>);
  SetFunction(exports, "_setScopeFloor", Guarded<SetScopeFloor>);
}

// ---- conversions -------------------------------------------------------------
std::string TypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number " + v.ToString().Utf8Value();
    case napi_string: return "string";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    case napi_object:
      if (v.IsArray()) return "Array";
      if (IsTensor(v)) return "Tensor";
      return "object";
    default: return "value";
  }
}

void ExpectedError(const char* expected, const char* what, const Napi::Value& got) {
  Throw(ErrorKind::Type, std::string("Expected ") + expected + " for " + what + " but received " + TypeName(got));
}

bool IsAbsent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

double ToDouble(const Napi::Value& v, const char* what) {
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBigInt()) {
    bool lossless;
    return static_cast<double>(v.As<Napi::BigInt>().Int64Value(&lossless));
  }
  ExpectedError("number", what, v);
}

int64_t ToInt(const Napi::Value& v, const char* what) {
  double d;
  if (napi_get_value_double(v.Env(), v, &d) == napi_ok) {  // fails, without throwing, on anything but a number
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9007199254740992.0) {
      ExpectedError("integer", what, v);
    }
    return static_cast<int64_t>(d);
  }
  if (v.IsBigInt()) {
    bool lossless;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) Throw(ErrorKind::Index, std::string(what) + ": bigint out of int64 range");
    return i;
  }
  ExpectedError("integer", what, v);
}

uint64_t ToSeed(const Napi::Value& v) {
  if (v.IsBigInt()) {
    bool lossless;
    uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (lossless) return u;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (lossless) return static_cast<uint64_t>(i);
    Throw(ErrorKind::Runtime, "Overflow when unpacking long");
  }
  return static_cast<uint64_t>(ToInt(v, "seed"));
}

bool ToBool(const Napi::Value& v, const char* what) {
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
  ExpectedError("boolean", what, v);
}

std::string ToString(const Napi::Value& v, const char* what) {
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  ExpectedError("string", what, v);
}

bool IsScalar(const Napi::Value& v) {
  napi_valuetype type;
  napi_typeof(v.Env(), v, &type);
  return type == napi_number || type == napi_bigint || type == napi_boolean;
}

at::Scalar ToScalar(const Napi::Value& v, const char* what) {
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    // JS cannot tell 2 from 2.0: integral values act as Python ints, which
    // keeps integer tensors integral and gives float tensors the same result.
    if (d == std::floor(d) && std::fabs(d) <= 9007199254740992.0 && !(d == 0 && std::signbit(d))) {
      return at::Scalar(static_cast<int64_t>(d));
    }
    return at::Scalar(d);
  }
  if (v.IsBigInt()) return at::Scalar(ToInt(v, what));
  if (v.IsBoolean()) return at::Scalar(v.As<Napi::Boolean>().Value());
  if (IsTensor(v)) {
    at::Tensor& t = Unwrap(v, what);
    return t.item();
  }
  ExpectedError("number", what, v);
}

// Sizes and dims are read on most calls: the array's length once, then each element.
std::vector<int64_t> ToIntList(const Napi::Value& v, const char* what) {
  napi_env env = v.Env();
  bool array = false;
  napi_is_array(env, v, &array);
  if (!array) {
    if (v.IsNumber() || v.IsBigInt()) return {ToInt(v, what)};
    ExpectedError("array of integers", what, v);
  }
  uint32_t n = 0;
  napi_get_array_length(env, v, &n);
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e;
    if (napi_get_element(env, v, i, &e) != napi_ok) throw Napi::Error::New(env);
    out[i] = ToInt(Napi::Value(env, e), what);
  }
  return out;
}

std::vector<int64_t> ShapeArgs(const Napi::CallbackInfo& info, size_t first, size_t* next) {
  if (info.Length() > first && info[first].IsArray()) {
    if (next) *next = first + 1;
    return ToIntList(info[first], "size");
  }
  std::vector<int64_t> out;
  size_t i = first;
  for (; i < info.Length() && (info[i].IsNumber() || info[i].IsBigInt()); ++i) out.push_back(ToInt(info[i], "size"));
  if (next) *next = i;
  return out;
}

std::vector<at::Tensor> ToTensorList(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) ExpectedError("array of Tensors", what, v);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(Unwrap(a.Get(i), what));
  return out;
}

static const std::unordered_map<std::string, at::ScalarType>& DtypeNames() {
  static const auto names = [] {
    std::unordered_map<std::string, at::ScalarType> m = {
      {"float32", at::kFloat}, {"float", at::kFloat},       {"float64", at::kDouble},
      {"double", at::kDouble}, {"float16", at::kHalf},      {"half", at::kHalf},
      {"bfloat16", at::kBFloat16}, {"int64", at::kLong},   {"long", at::kLong},
      {"int32", at::kInt},     {"int", at::kInt},           {"int16", at::kShort},
      {"short", at::kShort},   {"int8", at::kChar},         {"uint8", at::kByte},
      {"bool", at::kBool},     {"complex64", at::kComplexFloat}, {"cfloat", at::kComplexFloat},
      {"complex128", at::kComplexDouble}, {"cdouble", at::kComplexDouble},
      {"complex32", at::kComplexHalf}, {"chalf", at::kComplexHalf},
    };
    for (const NewerDtype& d : kNewerDtypes) {
      if (HasDtypeCode(d.code)) m.emplace(d.name, static_cast<at::ScalarType>(d.code));
    }
    return m;
  }();
  return names;
}

at::ScalarType ToDtype(const Napi::Value& v, const char* what) {
  if (v.IsNumber()) {
    int64_t code = ToInt(v, what);
    if (!HasDtypeCode(code)) Throw(ErrorKind::Value, std::string(what) + ": unknown dtype code");
    return static_cast<at::ScalarType>(code);
  }
  if (v.IsObject() && !v.IsArray()) {
    Napi::Object d = v.As<Napi::Object>();
    Napi::Value code = d.Get("code");
    if (code.IsNumber()) {
      // A torch.dtype newer than this libtorch: say which PyTorch has it.
      Napi::Value since = d.Get("since");
      if (since.IsString() && !HasDtypeCode(ToInt(code, what))) {
        Throw(ErrorKind::Type, std::string(what) + ": torch." + d.Get("name").ToString().Utf8Value() + " needs PyTorch " +
                                   since.As<Napi::String>().Utf8Value() + " or later; this libtorch is " + TORCH_VERSION);
      }
      return ToDtype(code, what);
    }
  }
  if (v.IsString()) {
    std::string name = v.As<Napi::String>().Utf8Value();
    if (name.rfind("torch.", 0) == 0) name = name.substr(6);
    auto it = DtypeNames().find(name);
    if (it != DtypeNames().end()) return it->second;
    Throw(ErrorKind::Type, std::string(what) + ": unknown dtype '" + name + "'");
  }
  ExpectedError("torch.dtype", what, v);
}

at::Device CheckedDevice(at::Device d) {
  // Python's torch.cuda lazy init comes before any kernel is looked up: a CPU
  // build says it has no CUDA, a CUDA build without a GPU that it finds no driver.
  if (d.is_cuda() && !at::detail::getCUDAHooks().hasCUDA()) {
#ifdef TORCHNODE_CUDA
    LazyInitCuda();
#else
    Throw(ErrorKind::Runtime, "Torch not compiled with CUDA enabled");
#endif
  }
  return d;
}

at::Device ToDevice(const Napi::Value& v, const char* what) {
  if (v.IsNumber()) return CheckedDevice(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(ToInt(v, what))));
  if (v.IsString()) return CheckedDevice(at::Device(v.As<Napi::String>().Utf8Value()));
  if (v.IsObject() && !v.IsArray() && !IsTensor(v)) return CheckedDevice(at::Device(v.ToString().Utf8Value()));
  ExpectedError("torch.device or device string", what, v);
}

bool IsOptions(const Napi::Value& v) { return v.IsObject() && !v.IsArray() && !IsTensor(v); }

Napi::Value Opt(const Napi::Value& options, const char* key) {
  if (!IsOptions(options)) return options.Env().Undefined();
  return options.As<Napi::Object>().Get(key);
}

at::TensorOptions ToTensorOptions(const Napi::Value& options, at::ScalarType default_dtype) {
  at::TensorOptions o = at::TensorOptions().dtype(default_dtype);
  if (IsAbsent(options)) return o;
  if (!options.IsObject()) ExpectedError("options object", "options", options);
  Napi::Value dtype = Opt(options, "dtype");
  if (!IsAbsent(dtype)) o = o.dtype(ToDtype(dtype, "dtype"));
  Napi::Value device = Opt(options, "device");
  if (!IsAbsent(device)) o = o.device(ToDevice(device, "device"));
  return o;
}

void SetFunction(Napi::Object exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(exports.Env(), name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  exports.Set(name, Napi::Value(exports.Env(), fn));
}

}  // namespace tn

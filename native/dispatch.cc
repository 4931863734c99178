// The generated op layer's one native entry: any ATen operator, called
// through the dispatcher's boxed interface by its schema name.
//
// Why boxed: one compiled function serves every operator of whichever
// libtorch the addon is built against, so the addon does not compile ~2,500
// generated wrappers (minutes on two cores, per libtorch) and an op the
// found libtorch lacks is simply absent, not a build error. The dispatcher
// reaches the same kernels and autograd nodes as Python's bindings; its
// boxed-to-unboxed adapter costs a few hundred nanoseconds per call.
//
// lib/_ops/ resolves Python's overloads and keywords, then calls
// _op_call(handle, ...args) with the schema's arguments in schema order;
// `undefined` takes the schema's default.
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/ScalarOps.h>

#include <atomic>
#include <type_traits>
#include <variant>
#include <deque>
#include <mutex>

#include "common.h"
#include "compat.h"

namespace tn {
namespace {

enum class Kind : uint8_t {
  Tensor, Int, Float, Bool, Scalar, Str, IntList, FloatList, BoolList, TensorList, OptTensorList, ScalarList,
  Dtype, Layout, MemoryFormat, Device, Generator, Unsupported,
};

struct ArgSpec {
  Kind kind;
  bool optional;
  int32_t fixed;  // int[2] etc.: a single int is repeated (Python does the same)
  bool has_default;
  c10::IValue default_value;
  std::string name;
};

// The shapes of the most called ops (element-wise, unary and binary, and
// their in-place twins), called unboxed: the boxed path's conversions to and
// from the dispatcher's values cost ~200 ns, as much as a small kernel.
enum class Fast : uint8_t { None, T, TT, TTS, TS, T_, TT_, TTS_, TS_, Size, SymSize };
using FnT = at::Tensor(const at::Tensor&);
using FnTT = at::Tensor(const at::Tensor&, const at::Tensor&);
using FnTTS = at::Tensor(const at::Tensor&, const at::Tensor&, const at::Scalar&);
using FnTS = at::Tensor(const at::Tensor&, const at::Scalar&);
using FnT_ = at::Tensor&(at::Tensor&);
using FnTT_ = at::Tensor&(at::Tensor&, const at::Tensor&);
using FnTTS_ = at::Tensor&(at::Tensor&, const at::Tensor&, const at::Scalar&);
using FnTS_ = at::Tensor&(at::Tensor&, const at::Scalar&);
// Factories of a size alone (zeros, ones, empty, rand, randn), before and since SymInt sizes.
using FnSize = at::Tensor(at::IntArrayRef, c10::optional<at::ScalarType>, c10::optional<at::Layout>, c10::optional<at::Device>,
                          c10::optional<bool>);
using FnSymSize = at::Tensor(c10::SymIntArrayRef, c10::optional<at::ScalarType>, c10::optional<at::Layout>,
                             c10::optional<at::Device>, c10::optional<bool>);

using Typed = std::variant<std::monostate, c10::TypedOperatorHandle<FnT>, c10::TypedOperatorHandle<FnTT>,
                           c10::TypedOperatorHandle<FnTTS>, c10::TypedOperatorHandle<FnTS>, c10::TypedOperatorHandle<FnT_>,
                           c10::TypedOperatorHandle<FnTT_>, c10::TypedOperatorHandle<FnTTS_>, c10::TypedOperatorHandle<FnTS_>,
                           c10::TypedOperatorHandle<FnSize>, c10::TypedOperatorHandle<FnSymSize>>;

struct Op {
  c10::OperatorHandle handle;
  std::vector<ArgSpec> args;
  // Returns that alias an argument (`Tensor(a!)`): JS gives back the
  // argument's own object, so nothing is wrapped.
  std::vector<bool> ret_alias;
  // For a return that may be a view of an argument (`Tensor(a)`, contiguous,
  // expand_as): that argument's index, else -1. When ATen hands back the very
  // same tensor, JS gets the argument's own object, as Python gets `x` back
  // from `x.contiguous()`.
  std::vector<int> ret_same;
  Fast fast = Fast::None;
  Typed typed;  // the unboxed handle, checked once, for fast's shape
};

// The unboxed shape of a schema, if it is one of Fast's: the registered C++
// signature must match exactly (typed<>() checks, and throws otherwise).
template <class F>
bool IsTyped(Op& op) {
  try {
    op.typed = op.handle.typed<F>();
    return true;
  } catch (const c10::Error&) {
    return false;
  }
}
Fast FastOf(Op& op) {
  const auto& a = op.args;
  if (op.ret_alias.size() != 1) return Fast::None;
  if (a.size() == 5 && a[0].kind == Kind::IntList && !a[0].optional && a[1].kind == Kind::Dtype && a[2].kind == Kind::Layout &&
      a[3].kind == Kind::Device && a[4].kind == Kind::Bool && a[1].optional && a[2].optional && a[3].optional && a[4].optional) {
    if (IsTyped<FnSymSize>(op)) return Fast::SymSize;
    return IsTyped<FnSize>(op) ? Fast::Size : Fast::None;
  }
  for (const ArgSpec& s : a) if (s.optional) return Fast::None;
  bool inplace = op.ret_alias[0];
  auto kinds = [&](std::initializer_list<Kind> ks) {
    if (ks.size() != a.size()) return false;
    size_t i = 0;
    for (Kind k : ks) if (a[i++].kind != k) return false;
    return true;
  };
  if (kinds({Kind::Tensor})) return inplace ? (IsTyped<FnT_>(op) ? Fast::T_ : Fast::None) : (IsTyped<FnT>(op) ? Fast::T : Fast::None);
  if (kinds({Kind::Tensor, Kind::Tensor})) return inplace ? (IsTyped<FnTT_>(op) ? Fast::TT_ : Fast::None) : (IsTyped<FnTT>(op) ? Fast::TT : Fast::None);
  if (kinds({Kind::Tensor, Kind::Tensor, Kind::Scalar})) return inplace ? (IsTyped<FnTTS_>(op) ? Fast::TTS_ : Fast::None) : (IsTyped<FnTTS>(op) ? Fast::TTS : Fast::None);
  if (kinds({Kind::Tensor, Kind::Scalar})) return inplace ? (IsTyped<FnTS_>(op) ? Fast::TS_ : Fast::None) : (IsTyped<FnTS>(op) ? Fast::TS : Fast::None);
  return Fast::None;
}

// Found ops, in a deque so that a push never moves the others: a call reads
// its op without a lock (every thread's environment shares the table).
std::mutex ops_mutex;
std::deque<Op> ops;
std::atomic<size_t> ops_count{0};

const Op& OpAt(const Napi::Value& handle) {
  int64_t index = ToInt(handle, "handle");
  if (index < 0 || static_cast<size_t>(index) >= ops_count.load(std::memory_order_acquire)) Throw(ErrorKind::Value, "unknown op handle");
  return ops[static_cast<size_t>(index)];
}

Kind KindOf(const c10::TypePtr& t) {
  switch (t->kind()) {
    case c10::TypeKind::TensorType: return Kind::Tensor;
    case c10::TypeKind::IntType: return Kind::Int;
    case c10::TypeKind::SymIntType: return Kind::Int;
    case c10::TypeKind::FloatType: return Kind::Float;
    case c10::TypeKind::BoolType: return Kind::Bool;
    case c10::TypeKind::NumberType: return Kind::Scalar;
    case c10::TypeKind::StringType: return Kind::Str;
    case c10::TypeKind::DeviceObjType: return Kind::Device;
    case c10::TypeKind::GeneratorType: return Kind::Generator;
    case c10::TypeKind::ScalarTypeType: return Kind::Dtype;
    case c10::TypeKind::LayoutType: return Kind::Layout;
    case c10::TypeKind::MemoryFormatType: return Kind::MemoryFormat;
    case c10::TypeKind::ListType: {
      const c10::TypePtr& e = t->expectRef<c10::ListType>().getElementType();
      switch (e->kind()) {
        case c10::TypeKind::IntType: return Kind::IntList;
        case c10::TypeKind::SymIntType: return Kind::IntList;
        case c10::TypeKind::FloatType: return Kind::FloatList;
        case c10::TypeKind::BoolType: return Kind::BoolList;
        case c10::TypeKind::TensorType: return Kind::TensorList;
        case c10::TypeKind::NumberType: return Kind::ScalarList;
        case c10::TypeKind::OptionalType:
          if (e->expectRef<c10::OptionalType>().getElementType()->kind() == c10::TypeKind::TensorType) {
            return Kind::OptTensorList;
          }
          return Kind::Unsupported;
        default: return Kind::Unsupported;
      }
    }
    default: return Kind::Unsupported;
  }
}

// A JS number as Python's arg parser sees it when a Tensor is expected: a
// wrapped 0-d tensor (int64, double or bool), as for `x.add(1)`.
at::Tensor NumberAsTensor(const Napi::Value& v, const char* what) {
  return at::native::wrapped_scalar_tensor(ToScalar(v, what));
}

// A Tensor argument: the tensor first (one property read on the hot path), a
// number as Python's wrapped 0-d tensor, anything else Unwrap's TypeError.
at::Tensor ToTensorArg(const Napi::Value& v, const char* what) {
  if (TensorBox* box = BoxOf(v)) {
    if (!box->tensor.defined()) Throw(ErrorKind::Runtime, std::string(what) + ": the tensor has been disposed");
    return box->tensor;
  }
  if (v.IsNumber() || v.IsBigInt() || v.IsBoolean()) return NumberAsTensor(v, what);
  return Unwrap(v, what);
}

// A Tensor argument whose handle lib/native.ts wrote (see _op_call_fast):
// no property read; anything else takes ToTensorArg.
at::Tensor TensorArg(double handle, const Napi::Value& v, const char* what) {
  if (TensorBox* box = LiveBoxOf(v.Env(), handle)) return box->tensor;
  return ToTensorArg(v, what);
}

c10::IValue Convert(const ArgSpec& a, const Napi::Value& v, double handle) {
  const char* what = a.name.c_str();
  if (v.IsUndefined()) {
    if (a.has_default) return a.default_value;
    if (a.optional) return c10::IValue();
    Throw(ErrorKind::Type, "missing required argument '" + a.name + "'");
  }
  if (v.IsNull()) {
    if (a.optional) return c10::IValue();
    ExpectedError("a value (None is not accepted)", what, v);
  }
  switch (a.kind) {
    case Kind::Tensor: return TensorArg(handle, v, what);
    case Kind::Int: return ToInt(v, what);
    case Kind::Float: return ToDouble(v, what);
    case Kind::Bool: return ToBool(v, what);
    case Kind::Scalar: return ToScalar(v, what);
    case Kind::Str: return ToString(v, what);
    case Kind::IntList: {
      std::vector<int64_t> list = ToIntList(v, what);
      if (a.fixed > 1 && list.size() == 1 && !v.IsArray()) list.assign(a.fixed, list[0]);
      return c10::IValue(list);
    }
    case Kind::FloatList: {
      if (!v.IsArray()) ExpectedError("array of numbers", what, v);
      Napi::Array arr = v.As<Napi::Array>();
      std::vector<double> out(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) out[i] = ToDouble(arr.Get(i), what);
      return c10::IValue(out);
    }
    case Kind::BoolList: {
      if (!v.IsArray()) ExpectedError("array of booleans", what, v);
      Napi::Array arr = v.As<Napi::Array>();
      c10::List<bool> out;
      for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(ToBool(arr.Get(i), what));
      return c10::IValue(out);
    }
    case Kind::TensorList: return c10::IValue(ToTensorList(v, what));
    case Kind::OptTensorList: {
      if (!v.IsArray()) ExpectedError("array of Tensors", what, v);
      Napi::Array arr = v.As<Napi::Array>();
      c10::List<c10::optional<at::Tensor>> out;
      for (uint32_t i = 0; i < arr.Length(); ++i) {
        Napi::Value e = arr.Get(i);
        out.push_back(IsAbsent(e) ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(ToTensorArg(e, what)));
      }
      return c10::IValue(out);
    }
    case Kind::ScalarList: {
      if (!v.IsArray()) ExpectedError("array of numbers", what, v);
      Napi::Array arr = v.As<Napi::Array>();
      std::vector<at::Scalar> out;
      for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(ToScalar(arr.Get(i), what));
      return c10::IValue(out);
    }
    case Kind::Dtype: return static_cast<int64_t>(ToDtype(v, what));
    case Kind::Layout:
    case Kind::MemoryFormat: return ToInt(v, what);  // lib/_ops passes the enum's code
    case Kind::Device: {
      at::Device d = ToDevice(v, what);
      if (d.is_cuda()) LazyInitCuda();
      return d;
    }
    case Kind::Generator: {
      c10::optional<at::Generator> g = ToGenerator(v);
      return g ? c10::IValue(*g) : c10::IValue();
    }
    case Kind::Unsupported: break;
  }
  Throw(ErrorKind::NotImplemented, "argument '" + a.name + "' has a type torchnode does not convert");
}

Napi::Value ToJs(napi_env env, c10::IValue v) {
  if (v.isTensor()) {
    at::Tensor t = std::move(v).toTensor();
    if (!t.defined()) return Napi::Env(env).Null();
    return Wrap(env, std::move(t));
  }
  if (v.isNone()) return Napi::Env(env).Null();
  if (v.isTensorList()) {
    auto list = std::move(v).toTensorList();
    std::vector<at::Tensor> ts(list.begin(), list.end());
    return WrapList(env, std::move(ts));
  }
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isScalar()) {
    at::Scalar s = v.toScalar();
    if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
    if (s.isIntegral(false)) return Napi::Number::New(env, static_cast<double>(s.toLong()));
    return Napi::Number::New(env, s.toDouble());
  }
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isIntList()) {
    auto list = v.toIntVector();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) out.Set(i, Napi::Number::New(env, static_cast<double>(list[i])));
    return out;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) out.Set(i, ToJs(env, list[i]));
    return out;
  }
  Throw(ErrorKind::NotImplemented, std::string("a result of type ") + v.tagKind() + " that torchnode does not convert");
}

// _op_find(name, overload) -> handle, or -1 where this libtorch lacks it.
Napi::Value OpFind(const Napi::CallbackInfo& info) {
  std::string name = ToString(info[0], "name");
  std::string overload = ToString(info[1], "overload");
  auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
  if (!handle) return Napi::Number::New(info.Env(), -1);
  const c10::FunctionSchema& schema = handle->schema();
  Op op{*handle, {}, {}};
  for (const c10::Argument& a : schema.arguments()) {
    // real_type: ScalarType, Layout and MemoryFormat are ints to the JIT.
    const c10::TypePtr& t = a.real_type();
    bool optional = t->kind() == c10::TypeKind::OptionalType;
    const c10::TypePtr& inner = optional ? t->expectRef<c10::OptionalType>().getElementType() : t;
    op.args.push_back(ArgSpec{KindOf(inner), optional, a.N() ? static_cast<int32_t>(*a.N()) : 0,
                              a.default_value().has_value(), a.default_value().value_or(c10::IValue()), a.name()});
  }
  for (const c10::Argument& r : schema.returns()) {
    op.ret_alias.push_back(r.alias_info() != nullptr && r.alias_info()->isWrite());
    int same = -1;
    if (r.alias_info() != nullptr && !r.alias_info()->isWrite()) {
      for (size_t j = 0; j < schema.arguments().size(); ++j) {
        const c10::AliasInfo* a = schema.arguments()[j].alias_info();
        if (a != nullptr && a->beforeSets() == r.alias_info()->beforeSets()) same = static_cast<int>(j);
      }
    }
    op.ret_same.push_back(same);
  }
  op.fast = FastOf(op);
  std::lock_guard<std::mutex> lock(ops_mutex);
  ops.push_back(std::move(op));
  size_t index = ops_count.fetch_add(1, std::memory_order_release);
  return Napi::Number::New(info.Env(), static_cast<double>(index));
}

// A Scalar argument of an unboxed call: given, or the schema's default.
at::Scalar ScalarArg(const ArgSpec& a, const Napi::Value& v) {
  if (v.IsUndefined()) {
    if (!a.has_default) Throw(ErrorKind::Type, "missing required argument '" + a.name + "'");
    return a.default_value.toScalar();
  }
  return ToScalar(v, a.name.c_str());
}

// Arguments start at info[base], with their handles in `handles` (all -1 when
// the caller wrote none). A result goes into `shell` when there is one (see
// WrapInto), and into a new Tensor otherwise.
Napi::Value CallFast(const Op& op, const Napi::CallbackInfo& info, size_t base, const double* handles, napi_value shell) {
  napi_env env = info.Env();
  const auto& a = op.args;
  auto arg = [&](size_t i) { return info[base + i]; };
  auto tensor = [&](size_t i) { return TensorArg(handles[i], arg(i), a[i].name.c_str()); };
  auto typed = [&](auto* fn) -> const auto& { return std::get<c10::TypedOperatorHandle<std::remove_pointer_t<decltype(fn)>>>(op.typed); };
  auto result = [&](at::Tensor t) { return shell ? WrapInto(env, std::move(t), shell) : Wrap(env, std::move(t)); };
  switch (op.fast) {
    case Fast::T: return result(typed((FnT*)nullptr).call(tensor(0)));
    case Fast::TT: return result(typed((FnTT*)nullptr).call(tensor(0), tensor(1)));
    case Fast::TTS: return result(typed((FnTTS*)nullptr).call(tensor(0), tensor(1), ScalarArg(a[2], arg(2))));
    case Fast::TS: return result(typed((FnTS*)nullptr).call(tensor(0), ScalarArg(a[1], arg(1))));
    case Fast::T_: { at::Tensor self = tensor(0); typed((FnT_*)nullptr).call(self); break; }
    case Fast::TT_: { at::Tensor self = tensor(0); typed((FnTT_*)nullptr).call(self, tensor(1)); break; }
    case Fast::TTS_: { at::Tensor self = tensor(0); typed((FnTTS_*)nullptr).call(self, tensor(1), ScalarArg(a[2], arg(2))); break; }
    case Fast::TS_: { at::Tensor self = tensor(0); typed((FnTS_*)nullptr).call(self, ScalarArg(a[1], arg(1))); break; }
    case Fast::Size:
    case Fast::SymSize: {
      std::vector<int64_t> size = ToIntList(arg(0), "size");
      auto absent = [&](size_t i) { return base + i >= info.Length() || IsAbsent(arg(i)); };
      c10::optional<at::ScalarType> dtype;
      c10::optional<at::Layout> layout;
      c10::optional<at::Device> device;
      c10::optional<bool> pin;
      if (!absent(1)) dtype = ToDtype(arg(1), "dtype");
      if (!absent(2)) layout = static_cast<at::Layout>(ToInt(arg(2), "layout"));
      if (!absent(3)) {
        device = ToDevice(arg(3), "device");
        if (device->is_cuda()) LazyInitCuda();
      }
      if (!absent(4)) pin = ToBool(arg(4), "pin_memory");
      if (op.fast == Fast::Size) return result(typed((FnSize*)nullptr).call(size, dtype, layout, device, pin));
      std::vector<c10::SymInt> sym(size.begin(), size.end());
      return result(typed((FnSymSize*)nullptr).call(c10::SymIntArrayRef(sym), dtype, layout, device, pin));
    }
    case Fast::None: break;
  }
  return Napi::Env(env).Undefined();
}

constexpr size_t kMaxSlotArgs = 62;  // lib/native.ts's slots hold 2 + 62

// The op at info[base - 1], its arguments from info[base] on. `fast`: the
// caller (lib/_ops/fast.ts) wrote every argument's handle to the slots.
Napi::Value Call(const Napi::CallbackInfo& info, size_t base, napi_value shell, bool fast) {
  const Op* op = &OpAt(info[base - 1]);
  const size_t n = op->args.size();
  if (info.Length() > base + n) Throw(ErrorKind::Type, "too many arguments for " + op->handle.schema().name());
  // Copied before anything can call back into JS and write the slots again.
  double handles[kMaxSlotArgs];
  std::fill_n(handles, std::min(n, kMaxSlotArgs), -1.0);
  const size_t passed = info.Length() - base;
  if (fast && n <= kMaxSlotArgs) {
    const double* slots = Data(info.Env())->slots;
    if (slots && slots[1] == static_cast<double>(passed)) std::copy_n(slots + 2, passed, handles);
  }
  if (op->fast != Fast::None && n <= kMaxSlotArgs) return CallFast(*op, info, base, handles, shell);
  // One stack a thread, kept between calls (no allocation per call) and
  // emptied on the way out, so that it holds no tensor after the call.
  thread_local torch::jit::Stack stack;
  struct Emptied {
    ~Emptied() { stack.clear(); }
  } emptied;
  stack.clear();
  napi_env env = info.Env();
  Napi::Value undefined = Napi::Env(env).Undefined();
  for (size_t i = 0; i < n; ++i) {
    stack.push_back(Convert(op->args[i], i < passed ? info[base + i] : undefined, i < kMaxSlotArgs ? handles[i] : -1));
  }
  op->handle.callBoxed(stack);
  const size_t r = op->ret_alias.size();
  if (r == 0) return undefined;
  if (r == 1) {
    if (op->ret_alias[0]) return undefined;
    const int same = op->ret_same[0];
    if (same >= 0 && stack[0].isTensor() && base + same < info.Length() && info[base + same].IsObject() &&
        stack[0].toTensor().unsafeGetTensorImpl() == Unwrap(info[base + same], "self").unsafeGetTensorImpl()) {
      return info[base + same];
    }
    if (shell && stack[0].isTensor()) return WrapInto(env, std::move(stack[0]).toTensor(), shell);
    return ToJs(env, std::move(stack[0]));
  }
  Napi::Array out = Napi::Array::New(env, r);
  for (size_t i = 0; i < r; ++i) out.Set(i, op->ret_alias[i] ? undefined : ToJs(env, std::move(stack[i])));
  return out;
}

// _op_call(handle, ...args): one result as itself, several as an array;
// a result that aliases an argument comes back as `undefined`.
Napi::Value OpCall(const Napi::CallbackInfo& info) { return Call(info, 1, nullptr, false); }

// _op_call_fast(shell, handle, ...args): the same, for lib/_ops/fast.ts, which
// first writes the arguments' count and handles to the slots. A new Tensor
// result goes into `shell` (a Tensor it allocated; undefined for none) and
// comes back as the handle for the shell to hold.
Napi::Value OpCallFast(const Napi::CallbackInfo& info) {
  napi_value shell = info[0].IsUndefined() ? nullptr : static_cast<napi_value>(info[0]);
  return Call(info, 2, shell, true);
}

// _op_arg_names(handle): the schema's argument names, comma-separated (lib/_ops
// checks them against the generated declaration before trusting its layout).
Napi::Value OpArgNames(const Napi::CallbackInfo& info) {
  std::string names;
  for (const ArgSpec& a : OpAt(info[0]).args) names += (names.empty() ? "" : ",") + a.name;
  return Napi::String::New(info.Env(), names);
}

Napi::Value SetDefaultDtype(const Napi::CallbackInfo& info) {
  c10::set_default_dtype(c10::scalarTypeToTypeMeta(ToDtype(info[0], "d")));
  return info.Env().Undefined();
}

}  // namespace

void RegisterDispatch(Props&, Napi::Object exports) {
  SetFunction(exports, "_op_find", Guarded<OpFind>);
  SetFunction(exports, "_op_call", Guarded<OpCall>);
  SetFunction(exports, "_op_call_fast", Guarded<OpCallFast>);
  SetFunction(exports, "_op_arg_names", Guarded<OpArgNames>);
  SetFunction(exports, "_set_default_dtype", Guarded<SetDefaultDtype>);
}

}  // namespace tn

// The Tensor object itself: metadata, conversions (to, item, raw data),
// copies and disposal. Ops live in ops_*.cc.
#include <cmath>
#include <cstring>

#include "common.h"
#include "compat.h"

namespace tn {
namespace {

Napi::Value IntArray(napi_env env, c10::IntArrayRef values) {
  Napi::Array out = Napi::Array::New(env, values.size());
  for (size_t i = 0; i < values.size(); ++i) out.Set(static_cast<uint32_t>(i), static_cast<double>(values[i]));
  return out;
}

Napi::Value Dim(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), This(info).dim()); }
Napi::Value Numel(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(This(info).numel()));
}
Napi::Value Shape(const Napi::CallbackInfo& info) { return IntArray(info.Env(), This(info).sizes()); }
Napi::Value Stride(const Napi::CallbackInfo& info) {
  at::Tensor& t = This(info);
  if (info.Length() > 0 && !IsAbsent(info[0])) return Napi::Number::New(info.Env(), t.stride(ToInt(info[0], "dim")));
  return IntArray(info.Env(), t.strides());
}
Napi::Value StorageOffset(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(This(info).storage_offset()));
}
Napi::Value ElementSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(This(info).element_size()));
}
Napi::Value DtypeCode(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(This(info).scalar_type()));
}
Napi::Value DeviceString(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), This(info).device().str());
}
Napi::Value IsCuda(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), This(info).is_cuda()); }
// is_contiguous(memory_format_code?): lib/tensor.ts passes torch.memory_format's code.
Napi::Value IsContiguous(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && !IsAbsent(info[0])) {
    auto format = static_cast<c10::MemoryFormat>(ToInt(info[0], "memory_format"));
    return Napi::Boolean::New(info.Env(), This(info).is_contiguous(format));
  }
  return Napi::Boolean::New(info.Env(), This(info).is_contiguous());
}
Napi::Value IsFloatingPoint(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), This(info).is_floating_point());
}

// ---- autograd metadata -------------------------------------------------------
Napi::Value GetRequiresGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), This(info).requires_grad());
}
// The checks and wording of PyTorch's Python binding (python_variable.cpp and
// python_variable_methods.cpp), which libtorch alone words differently.
void CheckLeafChange(const at::Tensor& self, bool flag) {
  TORCH_CHECK(self.is_leaf() || flag, "you can only change requires_grad flags of leaf variables. If you want to use a "
              "computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
}
bool Differentiable(const at::Tensor& self) { return at::isFloatingType(self.scalar_type()) || at::isComplexType(self.scalar_type()); }

Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  bool flag = ToBool(info[0], "requires_grad");
  TORCH_CHECK(self.is_leaf(), "you can only change requires_grad flags of leaf variables.",
              flag ? "" : " If you want to use a computed variable in a subgraph that doesn't require "
                          "differentiation use var_no_grad = var.detach().");
  TORCH_CHECK(!flag || Differentiable(self), "only Tensors of floating point and complex dtype can require gradients");
  self.set_requires_grad(flag);
  return info.Env().Undefined();
}
Napi::Value RequiresGrad_(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  bool flag = info.Length() == 0 || IsAbsent(info[0]) ? true : ToBool(info[0], "requires_grad");
  CheckLeafChange(self, flag);
  TORCH_CHECK(!flag || Differentiable(self), "only Tensors of floating point dtype can require gradients");
  self.set_requires_grad(flag);
  return info.This();
}
Napi::Value GetGrad(const Napi::CallbackInfo& info) {
  const at::Tensor& grad = This(info).grad();
  if (!grad.defined()) return info.Env().Null();
  return Wrap(info.Env(), grad);
}
Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  if (IsAbsent(info[0])) {
    self.mutable_grad() = at::Tensor();
    return info.Env().Undefined();
  }
  at::Tensor& grad = Unwrap(info[0], "grad");
  TORCH_CHECK_TYPE(grad.scalar_type() == self.scalar_type(), "assigned grad has data of a different type");
  TORCH_CHECK(grad.device() == self.device(), "assigned grad has data located on a different device");
  TORCH_CHECK(grad.sizes() == self.sizes(), "assigned grad has data of a different size");
  self.mutable_grad() = grad;
  return info.Env().Undefined();
}
Napi::Value IsLeaf(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), This(info).is_leaf()); }
Napi::Value RetainGrad(const Napi::CallbackInfo& info) {
  This(info).retain_grad();
  return info.Env().Undefined();
}
Napi::Value RetainsGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), This(info).retains_grad());
}

// ---- values out ----------------------------------------------------------------
Napi::Value ScalarToJs(napi_env env, const at::Scalar& s) {
  if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
  if (s.isIntegral(false)) {
    int64_t v = s.toLong();
    if (v > 9007199254740992LL || v < -9007199254740992LL) {
      Throw(ErrorKind::Index, "item(): integer " + std::to_string(v) +
                                  " does not fit a JS number exactly; use toTypedArray() for int64 values");
    }
    return Napi::Number::New(env, static_cast<double>(v));
  }
  if (s.isComplex()) Throw(ErrorKind::NotImplemented, "complex values have no JS number");
  return Napi::Number::New(env, s.toDouble());
}

Napi::Value Item(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  CheckItem(self);
  return ScalarToJs(info.Env(), self.item());
}

// A copy of the elements, in row-major order, as the matching TypedArray.
// float16/bfloat16 and the 8-bit floats come out as Float32Array (exact), bool as Uint8Array.
Napi::Value ToTypedArray(const Napi::CallbackInfo& info) {
  at::Tensor t = This(info).detach();
  napi_typedarray_type type;
  switch (t.scalar_type()) {
    case at::kFloat: type = napi_float32_array; break;
    case at::kDouble: type = napi_float64_array; break;
    case at::kHalf:
    case at::kBFloat16: t = t.to(at::kFloat); type = napi_float32_array; break;
    case at::kLong: type = napi_bigint64_array; break;
    case at::kInt: type = napi_int32_array; break;
    case at::kShort: type = napi_int16_array; break;
    case at::kChar: type = napi_int8_array; break;
    case at::kByte: type = napi_uint8_array; break;
    case at::kBool: t = t.to(at::kByte); type = napi_uint8_array; break;
    default: {
      int code = static_cast<int>(t.scalar_type());
      if (code == kUInt16Code) type = napi_uint16_array;
      else if (code == kUInt32Code) type = napi_uint32_array;
      else if (code == kUInt64Code) type = napi_biguint64_array;
      else if (IsNarrowFloatCode(code)) t = t.to(at::kFloat), type = napi_float32_array;
      else Throw(ErrorKind::NotImplemented, std::string("toTypedArray(): no TypedArray for dtype ") + c10::toString(t.scalar_type()));
    }
  }
  t = t.to(at::kCPU).contiguous();
  size_t bytes = t.numel() * t.element_size();
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), bytes);
  if (bytes) std::memcpy(buffer.Data(), t.data_ptr(), bytes);
  napi_value array;
  napi_create_typedarray(info.Env(), type, t.numel(), buffer, 0, &array);
  return Napi::Value(info.Env(), array);
}

// ---- copies and moves -------------------------------------------------------
// to(dtype) / to(device[, dtype]) / to(other) / to({dtype, device, non_blocking, copy}).
// Returns `this` itself when nothing changes, as PyTorch returns self.
Napi::Value To(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  std::optional<at::ScalarType> dtype;
  std::optional<at::Device> device;
  bool non_blocking = false, copy = false;
  for (size_t i = 0; i < info.Length(); ++i) {
    Napi::Value a = info[i];
    if (IsAbsent(a)) continue;
    if (IsTensor(a)) {
      at::Tensor& other = Unwrap(a, "other");
      dtype = other.scalar_type();
      device = other.device();
    } else if (a.IsString() || a.IsNumber()) {
      device = ToDevice(a, "device");
    } else if (a.IsObject() && a.As<Napi::Object>().Has("code")) {
      dtype = ToDtype(a, "dtype");
    } else if (a.IsObject() && a.As<Napi::Object>().Has("type") && a.As<Napi::Object>().Has("index")) {
      device = ToDevice(a, "device");
    } else if (a.IsObject()) {
      Napi::Value v = Opt(a, "dtype");
      if (!IsAbsent(v)) dtype = ToDtype(v, "dtype");
      v = Opt(a, "device");
      if (!IsAbsent(v)) device = ToDevice(v, "device");
      v = Opt(a, "non_blocking");
      if (!IsAbsent(v)) non_blocking = ToBool(v, "non_blocking");
      v = Opt(a, "copy");
      if (!IsAbsent(v)) copy = ToBool(v, "copy");
    } else {
      ExpectedError("dtype, device, Tensor or options", "to()", a);
    }
  }
  at::Tensor result = self.to(device.value_or(self.device()), dtype.value_or(self.scalar_type()), non_blocking, copy);
  if (result.unsafeGetTensorImpl() == self.unsafeGetTensorImpl()) return info.This();
  return Wrap(info.Env(), std::move(result));
}

Napi::Value Cpu(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  if (self.is_cpu()) return info.This();
  return Wrap(info.Env(), self.cpu());
}

Napi::Value Cuda(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  at::Device device = info.Length() > 0 && !IsAbsent(info[0]) ? ToDevice(info[0], "device") : CheckedDevice(at::Device(at::kCUDA));
  if (device.type() != at::kCUDA) Throw(ErrorKind::Runtime, "Invalid device, must be cuda device");
  at::Tensor result = self.to(device);
  if (result.unsafeGetTensorImpl() == self.unsafeGetTensorImpl()) return info.This();
  return Wrap(info.Env(), std::move(result));
}

Napi::Value Detach(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).detach()); }
Napi::Value Detach_(const Napi::CallbackInfo& info) {
  This(info).detach_();
  return info.This();
}
Napi::Value Data_(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).variable_data()); }
// Python's `param.data = t`: the same tensor object takes t's data (Module.to keeps parameter identity).
Napi::Value SetData(const Napi::CallbackInfo& info) {
  This(info).set_data(Unwrap(info[0], "data"));
  return info.Env().Undefined();
}
Napi::Value Copy_(const Napi::CallbackInfo& info) {
  bool non_blocking = info.Length() > 1 && !IsAbsent(Opt(info[1], "non_blocking")) && ToBool(Opt(info[1], "non_blocking"), "non_blocking");
  This(info).copy_(Unwrap(info[0], "src"), non_blocking);
  return info.This();
}

// ---- lifetime ------------------------------------------------------------------
// Frees the native tensor now; the JS object stays, and using it throws.
Napi::Value Dispose(const Napi::CallbackInfo& info) {
  TensorBox* box = ThisBox(info);
  if (box) ReleaseBox(info.Env(), box);
  return info.Env().Undefined();
}
Napi::Value IsDisposed(const Napi::CallbackInfo& info) {
  TensorBox* box = ThisBox(info);
  return Napi::Boolean::New(info.Env(), !box || !box->tensor.defined());
}
// True when both JS objects hold the very same TensorImpl.
Napi::Value IsSame(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), This(info).is_same(Unwrap(info[0], "other")));
}

// Python's float ** float is C's pow(); V8's Math.pow may differ in the last
// bit, and optimizers' bias corrections must match Python's exactly.
Napi::Value PyPow(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), std::pow(ToDouble(info[0], "base"), ToDouble(info[1], "exponent")));
}

// _parseDevice("cuda:1") -> ["cuda", 1]; index -1 when none. libtorch parses,
// so a bad string fails with PyTorch's own message.
Napi::Value ParseDevice(const Napi::CallbackInfo& info) {
  at::Device d(ToString(info[0], "device"));
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, Napi::String::New(info.Env(), c10::DeviceTypeName(d.type(), /*lower_case=*/true)));
  out.Set(1u, Napi::Number::New(info.Env(), d.index()));
  return out;
}

}  // namespace

void RegisterTensor(Props& m, Napi::Object exports) {
  SetFunction(exports, "_parseDevice", Guarded<ParseDevice>);
  SetFunction(exports, "_py_pow", Guarded<PyPow>);
  m.push_back(Method("dim", MethodGuarded<Dim>));
  m.push_back(Method("ndimension", MethodGuarded<Dim>));
  m.push_back(Method("numel", MethodGuarded<Numel>));
  m.push_back(Method("nelement", MethodGuarded<Numel>));
  m.push_back(Method("_shape", MethodGuarded<Shape>));
  m.push_back(Method("stride", MethodGuarded<Stride>));
  m.push_back(Method("storage_offset", MethodGuarded<StorageOffset>));
  m.push_back(Method("element_size", MethodGuarded<ElementSize>));
  m.push_back(Method("_dtypeCode", MethodGuarded<DtypeCode>));
  m.push_back(Method("_deviceString", MethodGuarded<DeviceString>));
  m.push_back(Getter("is_cuda", MethodGuarded<IsCuda>));
  m.push_back(Method("is_contiguous", MethodGuarded<IsContiguous>));
  m.push_back(Method("is_floating_point", MethodGuarded<IsFloatingPoint>));
  m.push_back(Getter("requires_grad", MethodGuarded<GetRequiresGrad>, MethodGuarded<SetRequiresGrad>));
  m.push_back(Method("requires_grad_", MethodGuarded<RequiresGrad_>));
  m.push_back(Getter("grad", MethodGuarded<GetGrad>, MethodGuarded<SetGrad>));
  m.push_back(Getter("is_leaf", MethodGuarded<IsLeaf>));
  m.push_back(Method("retain_grad", MethodGuarded<RetainGrad>));
  m.push_back(Getter("retains_grad", MethodGuarded<RetainsGrad>));
  m.push_back(Method("item", MethodGuarded<Item>));
  m.push_back(Method("toTypedArray", MethodGuarded<ToTypedArray>));
  m.push_back(Method("to", MethodGuarded<To>));
  m.push_back(Method("cpu", MethodGuarded<Cpu>));
  m.push_back(Method("cuda", MethodGuarded<Cuda>));
  m.push_back(Method("detach", MethodGuarded<Detach>));
  m.push_back(Method("detach_", MethodGuarded<Detach_>));
  m.push_back(Getter("data", MethodGuarded<Data_>));
  m.push_back(Method("copy_", MethodGuarded<Copy_>));
  m.push_back(Method("_set_data", MethodGuarded<SetData>));
  m.push_back(Method("dispose", MethodGuarded<Dispose>));
  m.push_back(Method("_isDisposed", MethodGuarded<IsDisposed>));
  m.push_back(Method("_isSame", MethodGuarded<IsSame>));
}

}  // namespace tn

// Element-wise ops and comparisons, with their in-place `_` twins. `other`
// may be a Tensor or a JS number/bigint/boolean (a Python scalar).
#include <ATen/ScalarOps.h>

#include "common.h"

namespace tn {
namespace {

// `other` as PyTorch's overloads take it: Tensor or Scalar.
#define TN_TENSOR_OR_SCALAR(expr_scalar, expr_tensor)                  \
  at::Tensor& self = This(info);                                       \
  const Napi::Value& o = info[0];                                      \
  if (IsScalar(o)) {                                                   \
    at::Scalar other = ToScalar(o, "other");                           \
    return expr_scalar;                                                \
  }                                                                    \
  const at::Tensor& other = Unwrap(o, "other");                        \
  return expr_tensor;

// Python's bindings expose only the Tensor overload of add/sub/mul/div/
// floor_divide: a number becomes a wrapped 0-d tensor, which picks the same
// kernel and the same autograd node (MulBackward0, not MulBackward1).
#define TN_WRAPPED(expr_tensor)                                        \
  at::Tensor& self = This(info);                                       \
  const Napi::Value& o = info[0];                                      \
  at::Tensor wrapped;                                                  \
  if (IsScalar(o)) wrapped = at::native::wrapped_scalar_tensor(ToScalar(o, "other")); \
  const at::Tensor& other = wrapped.defined() ? wrapped : Unwrap(o, "other"); \
  return expr_tensor;

#define TN_BINARY(name)                                                                     \
  Napi::Value name(const Napi::CallbackInfo& info) {                                       \
    TN_TENSOR_OR_SCALAR(Wrap(info.Env(), self.name(other)), Wrap(info.Env(), self.name(other))) \
  }                                                                                         \
  Napi::Value name##_(const Napi::CallbackInfo& info) {                                    \
    TN_TENSOR_OR_SCALAR((self.name##_(other), info.This()), (self.name##_(other), info.This())) \
  }
TN_BINARY(remainder)
TN_BINARY(fmod)
TN_BINARY(eq)
TN_BINARY(ne)
TN_BINARY(lt)
TN_BINARY(le)
TN_BINARY(gt)
TN_BINARY(ge)
TN_BINARY(bitwise_and)
TN_BINARY(bitwise_or)
TN_BINARY(bitwise_xor)
TN_BINARY(xlogy)
#undef TN_BINARY

#define TN_BINARY_WRAPPED(name)                                                  \
  Napi::Value name(const Napi::CallbackInfo& info) { TN_WRAPPED(Wrap(info.Env(), self.name(other))) } \
  Napi::Value name##_(const Napi::CallbackInfo& info) { TN_WRAPPED((self.name##_(other), info.This())) }
TN_BINARY_WRAPPED(mul)
TN_BINARY_WRAPPED(floor_divide)
#undef TN_BINARY_WRAPPED

// Tensor-only binary ops.
#define TN_BINARY_T(name)                                                         \
  Napi::Value name(const Napi::CallbackInfo& info) {                             \
    return Wrap(info.Env(), This(info).name(Unwrap(info[0], "other")));           \
  }
#define TN_BINARY_T_(name)                                                        \
  TN_BINARY_T(name)                                                               \
  Napi::Value name##_(const Napi::CallbackInfo& info) {                          \
    This(info).name##_(Unwrap(info[0], "other"));                                 \
    return info.This();                                                           \
  }
TN_BINARY_T(maximum)
TN_BINARY_T(minimum)
TN_BINARY_T(fmax)
TN_BINARY_T(fmin)
TN_BINARY_T_(atan2)
TN_BINARY_T_(logical_and)
TN_BINARY_T_(logical_or)
TN_BINARY_T_(logical_xor)
TN_BINARY_T_(hypot)
TN_BINARY_T_(copysign)
#undef TN_BINARY_T_
#undef TN_BINARY_T

// add/sub(other, alpha) with alpha as a number or { alpha }.
at::Scalar Alpha(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || IsAbsent(info[1])) return at::Scalar(int64_t(1));
  if (IsScalar(info[1])) return ToScalar(info[1], "alpha");
  Napi::Value a = Opt(info[1], "alpha");
  return IsAbsent(a) ? at::Scalar(int64_t(1)) : ToScalar(a, "alpha");
}
Napi::Value add(const Napi::CallbackInfo& info) { TN_WRAPPED(Wrap(info.Env(), self.add(other, Alpha(info)))) }
Napi::Value add_(const Napi::CallbackInfo& info) { TN_WRAPPED((self.add_(other, Alpha(info)), info.This())) }
Napi::Value sub(const Napi::CallbackInfo& info) { TN_WRAPPED(Wrap(info.Env(), self.sub(other, Alpha(info)))) }
Napi::Value sub_(const Napi::CallbackInfo& info) { TN_WRAPPED((self.sub_(other, Alpha(info)), info.This())) }
Napi::Value rsub(const Napi::CallbackInfo& info) {
  TN_TENSOR_OR_SCALAR(Wrap(info.Env(), at::rsub(self, other, Alpha(info))), Wrap(info.Env(), at::rsub(self, other, Alpha(info))))
}

// div(other, { rounding_mode: "trunc" | "floor" }).
c10::optional<c10::string_view> RoundingMode(const Napi::CallbackInfo& info, std::string& storage) {
  Napi::Value mode = Opt(info[1], "rounding_mode");
  if (IsAbsent(mode)) return c10::nullopt;
  storage = ToString(mode, "rounding_mode");
  return c10::string_view(storage);
}
Napi::Value div(const Napi::CallbackInfo& info) {
  std::string mode;
  auto rm = RoundingMode(info, mode);
  TN_WRAPPED(Wrap(info.Env(), self.div(other, rm)))
}
Napi::Value div_(const Napi::CallbackInfo& info) {
  std::string mode;
  auto rm = RoundingMode(info, mode);
  TN_WRAPPED((self.div_(other, rm), info.This()))
}
Napi::Value pow(const Napi::CallbackInfo& info) {
  TN_TENSOR_OR_SCALAR(Wrap(info.Env(), self.pow(other)), Wrap(info.Env(), self.pow(other)))
}
Napi::Value pow_(const Napi::CallbackInfo& info) {
  TN_TENSOR_OR_SCALAR((self.pow_(other), info.This()), (self.pow_(other), info.This()))
}
// torch.pow(scalar, tensor)
Napi::Value PowScalarBase(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::pow(ToScalar(info[0], "self"), Unwrap(info[1], "exponent")));
}
#undef TN_TENSOR_OR_SCALAR
#undef TN_WRAPPED

#define TN_UNARY(name)                                                                          \
  Napi::Value name(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).name()); } \
  Napi::Value name##_(const Napi::CallbackInfo& info) {                                        \
    This(info).name##_();                                                                       \
    return info.This();                                                                         \
  }
TN_UNARY(abs) TN_UNARY(neg) TN_UNARY(sqrt) TN_UNARY(rsqrt) TN_UNARY(exp) TN_UNARY(exp2) TN_UNARY(expm1)
TN_UNARY(log) TN_UNARY(log2) TN_UNARY(log10) TN_UNARY(log1p) TN_UNARY(sin) TN_UNARY(cos) TN_UNARY(tan)
TN_UNARY(asin) TN_UNARY(acos) TN_UNARY(atan) TN_UNARY(sinh) TN_UNARY(cosh) TN_UNARY(tanh)
TN_UNARY(sigmoid) TN_UNARY(relu) TN_UNARY(floor) TN_UNARY(ceil) TN_UNARY(trunc) TN_UNARY(frac)
TN_UNARY(sign) TN_UNARY(sgn) TN_UNARY(reciprocal) TN_UNARY(square) TN_UNARY(erf) TN_UNARY(erfc)
TN_UNARY(erfinv) TN_UNARY(logical_not) TN_UNARY(bitwise_not) TN_UNARY(deg2rad) TN_UNARY(rad2deg)
TN_UNARY(digamma) TN_UNARY(lgamma) TN_UNARY(i0) TN_UNARY(sinc)
#undef TN_UNARY

Napi::Value isnan(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).isnan()); }
Napi::Value isinf(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).isinf()); }
Napi::Value isfinite(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).isfinite()); }
Napi::Value signbit(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).signbit()); }

// round(decimals?) : round({ decimals }) or round().
Napi::Value round(const Napi::CallbackInfo& info) {
  Napi::Value d = Opt(info[0], "decimals");
  if (IsAbsent(d)) return Wrap(info.Env(), This(info).round());
  return Wrap(info.Env(), This(info).round(ToInt(d, "decimals")));
}
Napi::Value round_(const Napi::CallbackInfo& info) {
  Napi::Value d = Opt(info[0], "decimals");
  if (IsAbsent(d)) This(info).round_();
  else This(info).round_(ToInt(d, "decimals"));
  return info.This();
}

// clamp(min, max) or clamp({ min, max }); either bound a number or a Tensor.
void ClampBounds(const Napi::CallbackInfo& info, Napi::Value& lo, Napi::Value& hi) {
  if (info.Length() > 0 && info[0].IsObject() && !info[0].IsArray() && !IsTensor(info[0])) {
    lo = Opt(info[0], "min");
    hi = Opt(info[0], "max");
  } else {
    lo = info[0];
    hi = info[1];
  }
}
c10::optional<at::Scalar> OptScalar(const Napi::Value& v, const char* what) {
  if (IsAbsent(v)) return c10::nullopt;
  return ToScalar(v, what);
}
c10::optional<at::Tensor> OptTensor(const Napi::Value& v, const char* what) {
  if (IsAbsent(v)) return c10::nullopt;
  return Unwrap(v, what);
}
Napi::Value clamp(const Napi::CallbackInfo& info) {
  Napi::Value lo, hi;
  ClampBounds(info, lo, hi);
  at::Tensor& self = This(info);
  if (IsTensor(lo) || IsTensor(hi)) return Wrap(info.Env(), self.clamp(OptTensor(lo, "min"), OptTensor(hi, "max")));
  return Wrap(info.Env(), self.clamp(OptScalar(lo, "min"), OptScalar(hi, "max")));
}
Napi::Value clamp_(const Napi::CallbackInfo& info) {
  Napi::Value lo, hi;
  ClampBounds(info, lo, hi);
  at::Tensor& self = This(info);
  if (IsTensor(lo) || IsTensor(hi)) self.clamp_(OptTensor(lo, "min"), OptTensor(hi, "max"));
  else self.clamp_(OptScalar(lo, "min"), OptScalar(hi, "max"));
  return info.This();
}
Napi::Value clamp_min(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).clamp_min(ToScalar(info[0], "min")));
}
Napi::Value clamp_max(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).clamp_max(ToScalar(info[0], "max")));
}

// self.where(condition, other): self where condition holds, else other.
Napi::Value where(const Napi::CallbackInfo& info) {
  const at::Tensor& cond = Unwrap(info[0], "condition");
  if (IsScalar(info[1])) return Wrap(info.Env(), at::where(cond, This(info), at::native::wrapped_scalar_tensor(ToScalar(info[1], "other"))));
  return Wrap(info.Env(), at::where(cond, This(info), Unwrap(info[1], "other")));
}
// torch.where(condition, input, other), each of input/other a Tensor or scalar.
Napi::Value Where3(const Napi::CallbackInfo& info) {
  const at::Tensor& cond = Unwrap(info[0], "condition");
  bool xs = IsScalar(info[1]), ys = IsScalar(info[2]);
  if (xs && ys) return Wrap(info.Env(), at::where(cond, ToScalar(info[1], "input"), ToScalar(info[2], "other")));
  if (xs) return Wrap(info.Env(), at::where(cond, ToScalar(info[1], "input"), Unwrap(info[2], "other")));
  if (ys) return Wrap(info.Env(), at::where(cond, Unwrap(info[1], "input"), ToScalar(info[2], "other")));
  return Wrap(info.Env(), at::where(cond, Unwrap(info[1], "input"), Unwrap(info[2], "other")));
}

Napi::Value lerp(const Napi::CallbackInfo& info) {
  const at::Tensor& end = Unwrap(info[0], "end");
  if (IsScalar(info[1])) return Wrap(info.Env(), This(info).lerp(end, ToScalar(info[1], "weight")));
  return Wrap(info.Env(), This(info).lerp(end, Unwrap(info[1], "weight")));
}
Napi::Value lerp_(const Napi::CallbackInfo& info) {
  const at::Tensor& end = Unwrap(info[0], "end");
  if (IsScalar(info[1])) This(info).lerp_(end, ToScalar(info[1], "weight"));
  else This(info).lerp_(end, Unwrap(info[1], "weight"));
  return info.This();
}
at::Scalar ValueOpt(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || IsAbsent(info[i])) return at::Scalar(int64_t(1));
  if (IsScalar(info[i])) return ToScalar(info[i], "value");
  Napi::Value v = Opt(info[i], "value");
  return IsAbsent(v) ? at::Scalar(int64_t(1)) : ToScalar(v, "value");
}
Napi::Value addcmul(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).addcmul(Unwrap(info[0], "tensor1"), Unwrap(info[1], "tensor2"), ValueOpt(info, 2)));
}
Napi::Value addcmul_(const Napi::CallbackInfo& info) {
  This(info).addcmul_(Unwrap(info[0], "tensor1"), Unwrap(info[1], "tensor2"), ValueOpt(info, 2));
  return info.This();
}
Napi::Value addcdiv(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).addcdiv(Unwrap(info[0], "tensor1"), Unwrap(info[1], "tensor2"), ValueOpt(info, 2)));
}
Napi::Value addcdiv_(const Napi::CallbackInfo& info) {
  This(info).addcdiv_(Unwrap(info[0], "tensor1"), Unwrap(info[1], "tensor2"), ValueOpt(info, 2));
  return info.This();
}
Napi::Value fill_(const Napi::CallbackInfo& info) {
  if (IsTensor(info[0])) This(info).fill_(Unwrap(info[0], "value"));
  else This(info).fill_(ToScalar(info[0], "value"));
  return info.This();
}
Napi::Value zero_(const Napi::CallbackInfo& info) {
  This(info).zero_();
  return info.This();
}


// Whole-tensor comparisons. isclose/allclose(other, rtol = 1e-05, atol = 1e-08,
// equal_nan = false): by position (undefined or null keeps a default), or as an
// options object after what is given.
struct CloseArgs {
  double rtol = 1e-05, atol = 1e-08;
  bool equal_nan = false;
};
CloseArgs Close(const Napi::CallbackInfo& info, const char* fn) {
  CloseArgs a;
  static const char* const names[] = {"rtol", "atol", "equal_nan"};
  for (size_t i = 1; i < info.Length(); ++i) {
    const Napi::Value& v = info[i];
    if (IsOptions(v)) {
      if (i + 1 < info.Length() && !IsAbsent(info[i + 1])) ExpectedError("nothing after the options object", fn, info[i + 1]);
      for (const char* key : names) {
        Napi::Value o = Opt(v, key);
        if (IsAbsent(o)) continue;
        if (key == names[2]) a.equal_nan = ToBool(o, key);
        else (key == names[0] ? a.rtol : a.atol) = ToDouble(o, key);
      }
      break;
    }
    if (i > 3) ExpectedError("at most rtol, atol and equal_nan", fn, v);
    if (IsAbsent(v)) continue;  // that one keeps its default
    if (i == 3) a.equal_nan = ToBool(v, names[2]);
    else (i == 1 ? a.rtol : a.atol) = ToDouble(v, names[i - 1]);
  }
  return a;
}
Napi::Value isclose(const Napi::CallbackInfo& info) {
  CloseArgs a = Close(info, "isclose");
  return Wrap(info.Env(), This(info).isclose(Unwrap(info[0], "other"), a.rtol, a.atol, a.equal_nan));
}
Napi::Value allclose(const Napi::CallbackInfo& info) {
  CloseArgs a = Close(info, "allclose");
  return Napi::Boolean::New(info.Env(), This(info).allclose(Unwrap(info[0], "other"), a.rtol, a.atol, a.equal_nan));
}
Napi::Value equal(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), This(info).equal(Unwrap(info[0], "other")));
}
}  // namespace

void RegisterPointwise(Props& m, Napi::Object exports) {
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
#define TN_REG2(name) TN_REG(name) m.push_back(Method(#name "_", Guarded<name##_>));
  TN_REG2(add) TN_REG2(sub) TN_REG2(mul) TN_REG2(div) TN_REG2(pow) TN_REG2(remainder) TN_REG2(fmod)
  TN_REG2(eq) TN_REG2(ne) TN_REG2(lt) TN_REG2(le) TN_REG2(gt) TN_REG2(ge)
  TN_REG2(bitwise_and) TN_REG2(bitwise_or) TN_REG2(bitwise_xor) TN_REG2(floor_divide) TN_REG2(xlogy)
  TN_REG(maximum) TN_REG(minimum) TN_REG(fmax) TN_REG(fmin) TN_REG(rsub)
  TN_REG2(atan2) TN_REG2(logical_and) TN_REG2(logical_or) TN_REG2(logical_xor) TN_REG2(hypot) TN_REG2(copysign)
  TN_REG2(abs) TN_REG2(neg) TN_REG2(sqrt) TN_REG2(rsqrt) TN_REG2(exp) TN_REG2(exp2) TN_REG2(expm1)
  TN_REG2(log) TN_REG2(log2) TN_REG2(log10) TN_REG2(log1p) TN_REG2(sin) TN_REG2(cos) TN_REG2(tan)
  TN_REG2(asin) TN_REG2(acos) TN_REG2(atan) TN_REG2(sinh) TN_REG2(cosh) TN_REG2(tanh)
  TN_REG2(sigmoid) TN_REG2(relu) TN_REG2(floor) TN_REG2(ceil) TN_REG2(round) TN_REG2(trunc) TN_REG2(frac)
  TN_REG2(sign) TN_REG2(sgn) TN_REG2(reciprocal) TN_REG2(square) TN_REG2(erf) TN_REG2(erfc)
  TN_REG2(erfinv) TN_REG2(logical_not) TN_REG2(bitwise_not) TN_REG2(deg2rad) TN_REG2(rad2deg)
  TN_REG2(digamma) TN_REG2(lgamma) TN_REG2(i0) TN_REG2(sinc)
  TN_REG(isnan) TN_REG(isinf) TN_REG(isfinite) TN_REG(signbit)
  TN_REG2(clamp) TN_REG(clamp_min) TN_REG(clamp_max) TN_REG(where) TN_REG2(lerp)
  TN_REG2(addcmul) TN_REG2(addcdiv) TN_REG(fill_) TN_REG(zero_)
  TN_REG(isclose) TN_REG(allclose) TN_REG(equal)
#undef TN_REG2
#undef TN_REG
  m.push_back(Method("negative", Guarded<neg>));
  m.push_back(Method("clip", Guarded<clamp>));
  m.push_back(Method("true_divide", Guarded<div>));
  m.push_back(Method("multiply", Guarded<mul>));
  m.push_back(Method("subtract", Guarded<sub>));
  m.push_back(Method("divide", Guarded<div>));
  SetFunction(exports, "_pow_scalar_base", Guarded<PowScalarBase>);
  SetFunction(exports, "_where", Guarded<Where3>);
}

}  // namespace tn

// Matrix products.
#include "common.h"

namespace tn {
namespace {

#define TN_MATRIX(name)                                                         \
  Napi::Value name(const Napi::CallbackInfo& info) {                           \
    return Wrap(info.Env(), This(info).name(Unwrap(info[0], "other")));         \
  }
TN_MATRIX(matmul)
TN_MATRIX(mm)
TN_MATRIX(bmm)
TN_MATRIX(mv)
TN_MATRIX(dot)
TN_MATRIX(outer)
TN_MATRIX(inner)
TN_MATRIX(kron)
#undef TN_MATRIX

at::Scalar Coefficient(const Napi::CallbackInfo& info, size_t i, const char* key) {
  Napi::Value v = info.Length() > i ? Opt(info[i], key) : info.Env().Undefined();
  return IsAbsent(v) ? at::Scalar(int64_t(1)) : ToScalar(v, key);
}
// addmm(mat1, mat2, { beta, alpha }): beta * self + alpha * (mat1 @ mat2)
Napi::Value addmm(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).addmm(Unwrap(info[0], "mat1"), Unwrap(info[1], "mat2"),
                                           Coefficient(info, 2, "beta"), Coefficient(info, 2, "alpha")));
}
Napi::Value addmm_(const Napi::CallbackInfo& info) {
  This(info).addmm_(Unwrap(info[0], "mat1"), Unwrap(info[1], "mat2"), Coefficient(info, 2, "beta"),
                    Coefficient(info, 2, "alpha"));
  return info.This();
}

}  // namespace

void RegisterLinalg(Props& m, Napi::Object exports) {
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
  TN_REG(matmul) TN_REG(mm) TN_REG(bmm) TN_REG(mv) TN_REG(dot) TN_REG(outer) TN_REG(inner) TN_REG(kron)
  TN_REG(addmm) TN_REG(addmm_)
#undef TN_REG
}

}  // namespace tn

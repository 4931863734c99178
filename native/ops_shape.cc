// What of views and splitting is Python rather than a binding: the T and mT
// properties, and Tensor.split (torch/_tensor.py picks split or
// split_with_sizes by its argument). The rest is generated.
#include "common.h"

namespace tn {
namespace {

int64_t IntOr(const Napi::CallbackInfo& info, size_t i, const char* key, int64_t dflt) {
  if (info.Length() <= i || IsAbsent(info[i])) return dflt;
  if (info[i].IsNumber() || info[i].IsBigInt()) return ToInt(info[i], key);
  if (!info[i].IsObject() || info[i].IsArray() || IsTensor(info[i])) ExpectedError("an integer", key, info[i]);
  Napi::Value v = Opt(info[i], key);
  return IsAbsent(v) ? dflt : ToInt(v, key);
}

Napi::Value T(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  std::vector<int64_t> dims(self.dim());
  for (int64_t i = 0; i < self.dim(); ++i) dims[i] = self.dim() - 1 - i;
  return Wrap(info.Env(), self.permute(dims));
}
Napi::Value mT(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).transpose(-2, -1)); }
// split(split_size | [sizes], dim = 0)
Napi::Value split(const Napi::CallbackInfo& info) {
  int64_t dim = IntOr(info, 1, "dim", 0);
  if (info[0].IsArray()) return WrapList(info.Env(), This(info).split_with_sizes(ToIntList(info[0], "split_size"), dim));
  return WrapList(info.Env(), This(info).split(ToInt(info[0], "split_size"), dim));
}

}  // namespace

void RegisterShape(Props& m, Napi::Object) {
  m.push_back(Getter("T", MethodGuarded<T>));
  m.push_back(Getter("mT", MethodGuarded<mT>));
  m.push_back(Method("split", MethodGuarded<split>));
}

}  // namespace tn

// Python's subscripts, `index` / `index_put_` (t[0, 1:3, None, ...]), which
// no schema declares; gather, scatter, masks and the rest are generated.
#include <ATen/TensorIndexing.h>

#include "common.h"

namespace tn {
namespace {

using at::indexing::Slice;
using at::indexing::TensorIndex;

c10::optional<int64_t> SliceBound(const Napi::Value& v, const char* what) {
  if (IsAbsent(v)) return c10::nullopt;
  return ToInt(v, what);
}

c10::optional<int64_t> ParseBound(const std::string& s) {
  if (s.empty()) return c10::nullopt;
  return static_cast<int64_t>(std::stoll(s));
}

// One subscript item: number, null (None), "..." (Ellipsis), ":" or "a:b:c"
// (a slice), { start, stop, step } (a slice), boolean, or a Tensor.
TensorIndex ToIndex(const Napi::Value& v) {
  if (v.IsNull()) return TensorIndex(at::indexing::None);
  if (v.IsBoolean()) return TensorIndex(v.As<Napi::Boolean>().Value());
  if (v.IsNumber() || v.IsBigInt()) return TensorIndex(ToInt(v, "index"));
  if (v.IsString()) {
    std::string s = v.As<Napi::String>().Utf8Value();
    if (s == "..." ) return TensorIndex(at::indexing::Ellipsis);
    size_t c1 = s.find(':');
    if (c1 == std::string::npos) Throw(ErrorKind::Index, "index: '" + s + "' is not a slice (use ':' or 'start:stop:step')");
    size_t c2 = s.find(':', c1 + 1);
    try {
      auto start = ParseBound(s.substr(0, c1));
      auto stop = ParseBound(s.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1));
      auto step = c2 == std::string::npos ? c10::nullopt : ParseBound(s.substr(c2 + 1));
      return TensorIndex(Slice(start, stop, step));
    } catch (const std::logic_error&) {
      Throw(ErrorKind::Index, "index: '" + s + "' is not a slice (use ':' or 'start:stop:step')");
    }
  }
  if (IsTensor(v)) return TensorIndex(Unwrap(v, "index"));
  if (v.IsObject() && !v.IsArray()) {
    return TensorIndex(Slice(SliceBound(Opt(v, "start"), "start"), SliceBound(Opt(v, "stop"), "stop"),
                             SliceBound(Opt(v, "step"), "step")));
  }
  ExpectedError("number, null, '...', slice or Tensor", "index", v);
}

std::vector<TensorIndex> ToIndices(const Napi::CallbackInfo& info, size_t count) {
  std::vector<TensorIndex> out;
  for (size_t i = 0; i < count; ++i) out.push_back(ToIndex(info[i]));
  return out;
}

// t.index(0, ":", null) is Python's t[0, :, None].
Napi::Value index(const Napi::CallbackInfo& info) {
  if (info.Length() == 1 && info[0].IsArray()) {
    Napi::Array a = info[0].As<Napi::Array>();
    std::vector<TensorIndex> idx;
    for (uint32_t i = 0; i < a.Length(); ++i) idx.push_back(ToIndex(a.Get(i)));
    return Wrap(info.Env(), This(info).index(idx));
  }
  return Wrap(info.Env(), This(info).index(ToIndices(info, info.Length())));
}
// t.index_put_([0, ":"], value) is Python's t[0, :] = value. With tensor
// indices, { accumulate: true } is Tensor.index_put_(indices, values, accumulate).
Napi::Value index_put_(const Napi::CallbackInfo& info) {
  Napi::Value accumulate = Opt(info[2], "accumulate");
  if (!IsAbsent(accumulate) && ToBool(accumulate, "accumulate")) {
    c10::List<c10::optional<at::Tensor>> tensors;
    Napi::Array a = info[0].IsArray() ? info[0].As<Napi::Array>() : Napi::Array::New(info.Env(), 0);
    if (!info[0].IsArray()) tensors.push_back(Unwrap(info[0], "indices"));
    for (uint32_t i = 0; i < a.Length(); ++i) {
      Napi::Value item = a.Get(i);
      if (IsAbsent(item)) tensors.push_back(c10::nullopt);
      else tensors.push_back(Unwrap(item, "indices"));
    }
    This(info).index_put_(tensors, Unwrap(info[1], "values"), true);
    return info.This();
  }
  std::vector<TensorIndex> idx;
  if (info[0].IsArray()) {
    Napi::Array a = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) idx.push_back(ToIndex(a.Get(i)));
  } else {
    idx.push_back(ToIndex(info[0]));
  }
  if (IsTensor(info[1])) This(info).index_put_(idx, Unwrap(info[1], "value"));
  else This(info).index_put_(idx, ToScalar(info[1], "value"));
  return info.This();
}
// nonzero(as_tuple): Python's manual binding; as_tuple gives one index tensor
// per dimension (ATen's nonzero_numpy), a 0-d input counting as 1-d.
Napi::Value nonzero(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  Napi::Value as_tuple = info.Length() > 0 ? (IsOptions(info[0]) ? Opt(info[0], "as_tuple") : info[0]) : info.Env().Undefined();
  if (!IsAbsent(as_tuple) && ToBool(as_tuple, "as_tuple")) {
    return WrapList(info.Env(), at::nonzero_numpy(self.dim() == 0 ? self.unsqueeze(0) : self));
  }
  return Wrap(info.Env(), self.nonzero());
}

}  // namespace

void RegisterIndexing(Props& m, Napi::Object exports) {
  m.push_back(Method("index", MethodGuarded<index>));
  m.push_back(Method("index_put_", MethodGuarded<index_put_>));
  m.push_back(Method("nonzero", MethodGuarded<nonzero>));
}

}  // namespace tn

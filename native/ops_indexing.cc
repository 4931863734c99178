// Indexing: select/narrow-style ops, gather/scatter, masks, and `index` /
// `index_put_`, which take Python's subscript forms (t[0, 1:3, None, ...]).
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

Napi::Value select(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).select(ToInt(info[0], "dim"), ToInt(info[1], "index")));
}
Napi::Value index_select(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).index_select(ToInt(info[0], "dim"), Unwrap(info[1], "index")));
}
Napi::Value gather(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).gather(ToInt(info[0], "dim"), Unwrap(info[1], "index")));
}
Napi::Value take(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).take(Unwrap(info[0], "index"))); }
// scatter(dim, index, src | value, { reduce: "add" | "multiply" }), scatter_add(dim, index, src)
Napi::Value scatter(const Napi::CallbackInfo& info) {
  int64_t dim = ToInt(info[0], "dim");
  const at::Tensor& index = Unwrap(info[1], "index");
  Napi::Value reduce = Opt(info[3], "reduce");
  if (!IsAbsent(reduce)) {
    std::string r = ToString(reduce, "reduce");
    if (IsScalar(info[2])) return Wrap(info.Env(), This(info).scatter(dim, index, ToScalar(info[2], "value"), r));
    return Wrap(info.Env(), This(info).scatter(dim, index, Unwrap(info[2], "src"), r));
  }
  if (IsScalar(info[2])) return Wrap(info.Env(), This(info).scatter(dim, index, ToScalar(info[2], "value")));
  return Wrap(info.Env(), This(info).scatter(dim, index, Unwrap(info[2], "src")));
}
Napi::Value scatter_(const Napi::CallbackInfo& info) {
  int64_t dim = ToInt(info[0], "dim");
  const at::Tensor& index = Unwrap(info[1], "index");
  Napi::Value reduce = Opt(info[3], "reduce");
  if (!IsAbsent(reduce)) {
    std::string r = ToString(reduce, "reduce");
    if (IsScalar(info[2])) This(info).scatter_(dim, index, ToScalar(info[2], "value"), r);
    else This(info).scatter_(dim, index, Unwrap(info[2], "src"), r);
  } else if (IsScalar(info[2])) {
    This(info).scatter_(dim, index, ToScalar(info[2], "value"));
  } else {
    This(info).scatter_(dim, index, Unwrap(info[2], "src"));
  }
  return info.This();
}
Napi::Value scatter_add(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).scatter_add(ToInt(info[0], "dim"), Unwrap(info[1], "index"), Unwrap(info[2], "src")));
}
Napi::Value scatter_add_(const Napi::CallbackInfo& info) {
  This(info).scatter_add_(ToInt(info[0], "dim"), Unwrap(info[1], "index"), Unwrap(info[2], "src"));
  return info.This();
}
Napi::Value index_add_(const Napi::CallbackInfo& info) {
  This(info).index_add_(ToInt(info[0], "dim"), Unwrap(info[1], "index"), Unwrap(info[2], "source"));
  return info.This();
}
Napi::Value masked_fill(const Napi::CallbackInfo& info) {
  const at::Tensor& mask = Unwrap(info[0], "mask");
  if (IsTensor(info[1])) return Wrap(info.Env(), This(info).masked_fill(mask, Unwrap(info[1], "value")));
  return Wrap(info.Env(), This(info).masked_fill(mask, ToScalar(info[1], "value")));
}
Napi::Value masked_fill_(const Napi::CallbackInfo& info) {
  const at::Tensor& mask = Unwrap(info[0], "mask");
  if (IsTensor(info[1])) This(info).masked_fill_(mask, Unwrap(info[1], "value"));
  else This(info).masked_fill_(mask, ToScalar(info[1], "value"));
  return info.This();
}
Napi::Value masked_select(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).masked_select(Unwrap(info[0], "mask")));
}
Napi::Value masked_scatter(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).masked_scatter(Unwrap(info[0], "mask"), Unwrap(info[1], "source")));
}
Napi::Value nonzero(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).nonzero()); }
Napi::Value diag(const Napi::CallbackInfo& info) {
  int64_t d = info.Length() > 0 && !IsAbsent(info[0]) ? ToInt(IsScalar(info[0]) ? info[0] : Opt(info[0], "diagonal"), "diagonal") : 0;
  return Wrap(info.Env(), This(info).diag(d));
}
// repeat_interleave(repeats, dim?)
Napi::Value repeat_interleave(const Napi::CallbackInfo& info) {
  c10::optional<int64_t> dim;
  if (info.Length() > 1 && !IsAbsent(info[1])) dim = ToInt(IsScalar(info[1]) ? info[1] : Opt(info[1], "dim"), "dim");
  if (IsTensor(info[0])) return Wrap(info.Env(), This(info).repeat_interleave(Unwrap(info[0], "repeats"), dim));
  return Wrap(info.Env(), This(info).repeat_interleave(ToInt(info[0], "repeats"), dim));
}
Napi::Value one_hot(const Napi::CallbackInfo& info) {
  int64_t n = info.Length() > 0 && !IsAbsent(info[0]) ? ToInt(info[0], "num_classes") : -1;
  return Wrap(info.Env(), at::one_hot(This(info), n));
}

}  // namespace

void RegisterIndexing(Props& m, Napi::Object exports) {
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
  TN_REG(index) TN_REG(index_put_) TN_REG(select) TN_REG(index_select) TN_REG(gather) TN_REG(take)
  TN_REG(scatter) TN_REG(scatter_) TN_REG(scatter_add) TN_REG(scatter_add_) TN_REG(index_add_)
  TN_REG(masked_fill) TN_REG(masked_fill_) TN_REG(masked_select) TN_REG(masked_scatter) TN_REG(nonzero)
  TN_REG(diag) TN_REG(repeat_interleave)
#undef TN_REG
  SetFunction(exports, "_one_hot", Guarded<one_hot>);
}

}  // namespace tn

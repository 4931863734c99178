// Reductions. Each takes PyTorch's forms: f(), f(dim), f(dim, keepdim),
// f(dim, { keepdim, dtype }) or f({ dim, keepdim, dtype }).
#include "common.h"
#include "compat.h"

namespace tn {
namespace {

struct ReduceArgs {
  c10::optional<std::vector<int64_t>> dim;
  bool keepdim = false;
  c10::optional<at::ScalarType> dtype;
  Napi::Value options;  // the options object, if any, for extra keys
};

void ReadOptions(const Napi::Value& o, ReduceArgs& r) {
  r.options = o;
  Napi::Value v = Opt(o, "dim");
  if (IsAbsent(v)) v = Opt(o, "axis");  // NumPy's name, which PyTorch accepts too
  if (!IsAbsent(v)) r.dim = ToIntList(v, "dim");
  v = Opt(o, "keepdim");
  if (!IsAbsent(v)) r.keepdim = ToBool(v, "keepdim");
  v = Opt(o, "dtype");
  if (!IsAbsent(v)) r.dtype = ToDtype(v, "dtype");
}

// Reads from info[first] on.
ReduceArgs Reduce(const Napi::CallbackInfo& info, size_t first = 0) {
  ReduceArgs r;
  r.options = info.Env().Undefined();
  for (size_t i = first; i < info.Length(); ++i) {
    const Napi::Value& a = info[i];
    if (IsAbsent(a)) continue;
    if (IsOptions(a)) ReadOptions(a, r);
    else if (a.IsBoolean()) r.keepdim = a.As<Napi::Boolean>().Value();
    else if (i == first) r.dim = ToIntList(a, "dim");
    else ExpectedError("keepdim or options", "reduction", a);
  }
  return r;
}

int64_t SingleDim(const ReduceArgs& r) {
  TORCH_CHECK_VALUE(r.dim->size() == 1, "expected a single dim, got ", r.dim->size());
  return (*r.dim)[0];
}

// The tuple by value and its tensors moved, so that V8 is told about fresh results.
Napi::Value Pair(napi_env env, std::tuple<at::Tensor, at::Tensor> t) {
  Napi::Array out = Napi::Array::New(env, 2);
  Napi::Value values = Wrap(env, std::move(std::get<0>(t))), indices = Wrap(env, std::move(std::get<1>(t)));
  out.Set(0u, values);
  out.Set(1u, indices);
  out.Set("values", values);
  out.Set("indices", indices);
  return out;
}

// A plain [a, b] pair (torch.std_mean's tuple).
Napi::Value WrapPair(napi_env env, std::tuple<at::Tensor, at::Tensor> t) {
  return WrapList(env, {std::move(std::get<0>(t)), std::move(std::get<1>(t))});
}

Napi::Value sum(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).sum(r.dtype));
  return Wrap(info.Env(), This(info).sum(*r.dim, r.keepdim, r.dtype));
}
Napi::Value nansum(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  return Wrap(info.Env(), This(info).nansum(r.dim.value_or(std::vector<int64_t>{}), r.keepdim, r.dtype));
}
Napi::Value mean(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).mean(r.dtype));
  return Wrap(info.Env(), This(info).mean(*r.dim, r.keepdim, r.dtype));
}
Napi::Value prod(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).prod(r.dtype));
  return Wrap(info.Env(), This(info).prod(SingleDim(r), r.keepdim, r.dtype));
}
Napi::Value logsumexp(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  TORCH_CHECK_TYPE(r.dim.has_value(), "logsumexp() missing 1 required positional arguments: \"dim\"");
  return Wrap(info.Env(), This(info).logsumexp(*r.dim, r.keepdim));
}

// max() → Tensor; max(dim[, keepdim]) → [values, indices]; max(other) → maximum.
Napi::Value max(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && IsTensor(info[0])) return Wrap(info.Env(), This(info).maximum(Unwrap(info[0], "other")));
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).max());
  return Pair(info.Env(), This(info).max(SingleDim(r), r.keepdim));
}
Napi::Value min(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && IsTensor(info[0])) return Wrap(info.Env(), This(info).minimum(Unwrap(info[0], "other")));
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).min());
  return Pair(info.Env(), This(info).min(SingleDim(r), r.keepdim));
}
Napi::Value amax(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  return Wrap(info.Env(), This(info).amax(r.dim.value_or(std::vector<int64_t>{}), r.keepdim));
}
Napi::Value amin(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  return Wrap(info.Env(), This(info).amin(r.dim.value_or(std::vector<int64_t>{}), r.keepdim));
}
Napi::Value argmax(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  c10::optional<int64_t> d;
  if (r.dim) d = SingleDim(r);
  return Wrap(info.Env(), This(info).argmax(d, r.keepdim));
}
Napi::Value argmin(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  c10::optional<int64_t> d;
  if (r.dim) d = SingleDim(r);
  return Wrap(info.Env(), This(info).argmin(d, r.keepdim));
}
Napi::Value all(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).all());
  return Wrap(info.Env(), This(info).all(SingleDim(r), r.keepdim));
}
Napi::Value any(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).any());
  return Wrap(info.Env(), This(info).any(SingleDim(r), r.keepdim));
}
Napi::Value median(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).median());
  return Pair(info.Env(), This(info).median(SingleDim(r), r.keepdim));
}
Napi::Value count_nonzero(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  if (!r.dim) return Wrap(info.Env(), This(info).count_nonzero());
  return Wrap(info.Env(), This(info).count_nonzero(*r.dim));
}

// std/var: (), (unbiased), (dim, unbiased?, keepdim?) or options
// { dim, unbiased, correction, keepdim } as torch 1.13 takes them.
enum class Moment { Std, Var, StdMean, VarMean };
Napi::Value StdVar(const Napi::CallbackInfo& info, Moment kind) {
  bool is_std = kind == Moment::Std || kind == Moment::StdMean;
  at::Tensor& self = This(info);
  c10::optional<std::vector<int64_t>> dim;
  c10::optional<int64_t> correction;
  bool keepdim = false;
  size_t i = 0;
  if (info.Length() > 0 && info[0].IsBoolean()) {
    correction = info[0].As<Napi::Boolean>().Value() ? 1 : 0;
    i = 1;
  } else if (info.Length() > 0 && !IsAbsent(info[0]) && !IsOptions(info[0])) {
    dim = ToIntList(info[0], "dim");
    i = 1;
    if (info.Length() > 1 && info[1].IsBoolean()) {
      correction = info[1].As<Napi::Boolean>().Value() ? 1 : 0;
      i = 2;
      if (info.Length() > 2 && info[2].IsBoolean()) {
        keepdim = info[2].As<Napi::Boolean>().Value();
        i = 3;
      }
    }
  }
  for (; i < info.Length(); ++i) {
    if (IsAbsent(info[i])) continue;
    if (!IsOptions(info[i])) ExpectedError("options", is_std ? "std" : "var", info[i]);
    Napi::Value v = Opt(info[i], "dim");
    if (!IsAbsent(v)) dim = ToIntList(v, "dim");
    v = Opt(info[i], "unbiased");
    if (!IsAbsent(v)) correction = ToBool(v, "unbiased") ? 1 : 0;
    v = Opt(info[i], "correction");
    if (!IsAbsent(v)) correction = ToInt(v, "correction");
    v = Opt(info[i], "keepdim");
    if (!IsAbsent(v)) keepdim = ToBool(v, "keepdim");
  }
  at::OptionalIntArrayRef d = dim ? at::OptionalIntArrayRef(*dim) : c10::nullopt;
  auto c = Correction(correction.value_or(1));
  switch (kind) {
    case Moment::Std: return Wrap(info.Env(), at::std(self, d, c, keepdim));
    case Moment::Var: return Wrap(info.Env(), at::var(self, d, c, keepdim));
    case Moment::StdMean: return WrapPair(info.Env(), at::std_mean(self, d, c, keepdim));
    default: return WrapPair(info.Env(), at::var_mean(self, d, c, keepdim));
  }
}
Napi::Value std_(const Napi::CallbackInfo& info) { return StdVar(info, Moment::Std); }
Napi::Value var(const Napi::CallbackInfo& info) { return StdVar(info, Moment::Var); }
Napi::Value std_mean(const Napi::CallbackInfo& info) { return StdVar(info, Moment::StdMean); }
Napi::Value var_mean(const Napi::CallbackInfo& info) { return StdVar(info, Moment::VarMean); }

// norm(p = "fro", dim, keepdim, { dtype }) dispatched as torch/functional.py's norm.
Napi::Value norm(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  Napi::Value p = info.Length() > 0 ? info[0] : info.Env().Undefined();
  ReduceArgs r = Reduce(info, 1);
  if (IsOptions(p)) {
    ReadOptions(p, r);
    p = Opt(p, "p");
  }
  std::string ps = p.IsString() ? p.As<Napi::String>().Utf8Value() : (IsAbsent(p) ? "fro" : "");
  std::vector<int64_t> all_dims(self.dim());
  for (int64_t i = 0; i < self.dim(); ++i) all_dims[i] = i;
  if (ps == "fro") {
    TORCH_CHECK_VALUE(!r.dtype, "dtype argument is not supported in frobenius norm");
    if (!r.dim) return Wrap(info.Env(), at::frobenius_norm(self, {}, r.keepdim));
    return Wrap(info.Env(), at::frobenius_norm(self, *r.dim, r.keepdim));
  }
  if (ps == "nuc") {
    if (!r.dim) return Wrap(info.Env(), at::nuclear_norm(self, r.keepdim));
    return Wrap(info.Env(), at::nuclear_norm(self, *r.dim, r.keepdim));
  }
  TORCH_CHECK(ps.empty(), "only valid string values are 'fro' and 'nuc', found ", ps);
  at::Scalar ord = ToScalar(p, "p");
  std::vector<int64_t> dims = r.dim.value_or(all_dims);
  if (r.dtype) return Wrap(info.Env(), at::norm(self, ord, dims, r.keepdim, *r.dtype));
  return Wrap(info.Env(), at::norm(self, ord, dims, r.keepdim));
}

// cumsum(dim, { dtype })
Napi::Value cumsum(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  TORCH_CHECK_TYPE(r.dim.has_value(), "cumsum() missing 1 required positional arguments: \"dim\"");
  return Wrap(info.Env(), This(info).cumsum(SingleDim(r), r.dtype));
}
Napi::Value cumprod(const Napi::CallbackInfo& info) {
  ReduceArgs r = Reduce(info);
  TORCH_CHECK_TYPE(r.dim.has_value(), "cumprod() missing 1 required positional arguments: \"dim\"");
  return Wrap(info.Env(), This(info).cumprod(SingleDim(r), r.dtype));
}

// topk(k, dim = -1, largest = true, sorted = true) with options as the last argument.
Napi::Value topk(const Napi::CallbackInfo& info) {
  int64_t k = ToInt(info[0], "k");
  int64_t dim = -1;
  bool largest = true, sorted = true;
  size_t i = 1;
  if (info.Length() > 1 && (info[1].IsNumber() || info[1].IsBigInt())) dim = ToInt(info[i++], "dim");
  if (info.Length() > i && info[i].IsBoolean()) largest = info[i++].As<Napi::Boolean>().Value();
  if (info.Length() > i && info[i].IsBoolean()) sorted = info[i++].As<Napi::Boolean>().Value();
  if (info.Length() > i && IsOptions(info[i])) {
    Napi::Value v = Opt(info[i], "dim");
    if (!IsAbsent(v)) dim = ToInt(v, "dim");
    v = Opt(info[i], "largest");
    if (!IsAbsent(v)) largest = ToBool(v, "largest");
    v = Opt(info[i], "sorted");
    if (!IsAbsent(v)) sorted = ToBool(v, "sorted");
  }
  return Pair(info.Env(), This(info).topk(k, dim, largest, sorted));
}

// What sort/argsort did not take as dim or descending must be their options
// object (or nothing): a string dim is a Python dimname, which libtorch lacks.
void CheckSortArgs(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() > i && !IsAbsent(info[i]) && !IsOptions(info[i])) {
    ExpectedError(i == 0 ? "an integer" : "a boolean or an options object", i == 0 ? "dim" : "descending", info[i]);
  }
}

// sort(dim = -1, descending = false) or sort({ dim, descending, stable })
Napi::Value sort(const Napi::CallbackInfo& info) {
  int64_t dim = -1;
  bool descending = false;
  c10::optional<bool> stable;
  size_t i = 0;
  if (info.Length() > 0 && (info[0].IsNumber() || info[0].IsBigInt())) dim = ToInt(info[i++], "dim");
  if (info.Length() > i && info[i].IsBoolean()) descending = info[i++].As<Napi::Boolean>().Value();
  CheckSortArgs(info, i);
  if (info.Length() > i && IsOptions(info[i])) {
    Napi::Value v = Opt(info[i], "dim");
    if (!IsAbsent(v)) dim = ToInt(v, "dim");
    v = Opt(info[i], "descending");
    if (!IsAbsent(v)) descending = ToBool(v, "descending");
    v = Opt(info[i], "stable");
    if (!IsAbsent(v)) stable = ToBool(v, "stable");
  }
  // PyTorch's sort(dim, descending) is the unstable overload: stable=False.
  return Pair(info.Env(), This(info).sort(stable.value_or(false), dim, descending));
}
Napi::Value argsort(const Napi::CallbackInfo& info) {
  int64_t dim = -1;
  bool descending = false;
  size_t i = 0;
  if (info.Length() > 0 && (info[0].IsNumber() || info[0].IsBigInt())) dim = ToInt(info[i++], "dim");
  if (info.Length() > i && info[i].IsBoolean()) descending = info[i++].As<Napi::Boolean>().Value();
  CheckSortArgs(info, i);
  if (info.Length() > i && IsOptions(info[i])) {
    Napi::Value v = Opt(info[i], "dim");
    if (!IsAbsent(v)) dim = ToInt(v, "dim");
    v = Opt(info[i], "descending");
    if (!IsAbsent(v)) descending = ToBool(v, "descending");
  }
  return Wrap(info.Env(), This(info).argsort(dim, descending));
}

}  // namespace

void RegisterReduction(Props& m, Napi::Object exports) {
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
  TN_REG(sum) TN_REG(nansum) TN_REG(mean) TN_REG(prod) TN_REG(logsumexp) TN_REG(max) TN_REG(min)
  TN_REG(amax) TN_REG(amin) TN_REG(argmax) TN_REG(argmin) TN_REG(all) TN_REG(any) TN_REG(median)
  TN_REG(count_nonzero) TN_REG(var) TN_REG(norm) TN_REG(cumsum) TN_REG(cumprod) TN_REG(topk)
  TN_REG(sort) TN_REG(argsort)
#undef TN_REG
  m.push_back(Method("std", Guarded<std_>));
  m.push_back(Method("std_mean", Guarded<std_mean>));
  m.push_back(Method("var_mean", Guarded<var_mean>));
}

}  // namespace tn

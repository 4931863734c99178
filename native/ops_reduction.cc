// torch.norm / Tensor.norm: a Python function in PyTorch (torch/functional.py),
// not a binding, so it is written here; every other reduction is generated.
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

}  // namespace

void RegisterReduction(Props& m, Napi::Object) { m.push_back(Method("norm", MethodGuarded<norm>)); }

}  // namespace tn

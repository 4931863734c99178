// Views and reshaping, joining and splitting. Sizes and dims come as
// varargs or one array: view(2, 3) and view([2, 3]) alike.
#include "common.h"

namespace tn {
namespace {

Napi::Value view(const Napi::CallbackInfo& info) {
  if (info.Length() == 1 && (info[0].IsObject() && !info[0].IsArray())) {
    Napi::Value dtype = info[0];
    return Wrap(info.Env(), This(info).view(ToDtype(dtype, "dtype")));
  }
  return Wrap(info.Env(), This(info).view(ShapeArgs(info, 0)));
}
Napi::Value reshape(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).reshape(ShapeArgs(info, 0))); }
Napi::Value expand(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).expand(ShapeArgs(info, 0))); }
Napi::Value repeat(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).repeat(ShapeArgs(info, 0))); }
Napi::Value permute(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).permute(ShapeArgs(info, 0))); }
Napi::Value view_as(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).view_as(Unwrap(info[0], "other")));
}
Napi::Value reshape_as(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).reshape_as(Unwrap(info[0], "other")));
}
Napi::Value expand_as(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).expand_as(Unwrap(info[0], "other")));
}

int64_t IntOr(const Napi::CallbackInfo& info, size_t i, const char* key, int64_t dflt) {
  if (info.Length() <= i || IsAbsent(info[i])) return dflt;
  if (info[i].IsNumber() || info[i].IsBigInt()) return ToInt(info[i], key);
  if (!info[i].IsObject() || info[i].IsArray() || IsTensor(info[i])) ExpectedError("an integer", key, info[i]);
  Napi::Value v = Opt(info[i], key);
  return IsAbsent(v) ? dflt : ToInt(v, key);
}

// flatten(start_dim = 0, end_dim = -1)
Napi::Value flatten(const Napi::CallbackInfo& info) {
  int64_t start = IntOr(info, 0, "start_dim", 0);
  bool options = info.Length() > 0 && info[0].IsObject() && !IsTensor(info[0]);
  int64_t end = options ? IntOr(info, 0, "end_dim", -1) : IntOr(info, 1, "end_dim", -1);
  return Wrap(info.Env(), This(info).flatten(start, end));
}
Napi::Value unflatten(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).unflatten(ToInt(info[0], "dim"), ToIntList(info[1], "sizes")));
}
Napi::Value squeeze(const Napi::CallbackInfo& info) {
  if (info.Length() == 0 || IsAbsent(info[0])) return Wrap(info.Env(), This(info).squeeze());
  return Wrap(info.Env(), This(info).squeeze(ToInt(info[0], "dim")));
}
Napi::Value squeeze_(const Napi::CallbackInfo& info) {
  if (info.Length() == 0 || IsAbsent(info[0])) This(info).squeeze_();
  else This(info).squeeze_(ToInt(info[0], "dim"));
  return info.This();
}
Napi::Value unsqueeze(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).unsqueeze(ToInt(info[0], "dim")));
}
Napi::Value unsqueeze_(const Napi::CallbackInfo& info) {
  This(info).unsqueeze_(ToInt(info[0], "dim"));
  return info.This();
}
Napi::Value transpose(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).transpose(ToInt(info[0], "dim0"), ToInt(info[1], "dim1")));
}
Napi::Value transpose_(const Napi::CallbackInfo& info) {
  This(info).transpose_(ToInt(info[0], "dim0"), ToInt(info[1], "dim1"));
  return info.This();
}
Napi::Value movedim(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).movedim(ToIntList(info[0], "source"), ToIntList(info[1], "destination")));
}
Napi::Value t(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).t()); }
Napi::Value t_(const Napi::CallbackInfo& info) {
  This(info).t_();
  return info.This();
}
Napi::Value T(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  std::vector<int64_t> dims(self.dim());
  for (int64_t i = 0; i < self.dim(); ++i) dims[i] = self.dim() - 1 - i;
  return Wrap(info.Env(), self.permute(dims));
}
Napi::Value mT(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).transpose(-2, -1)); }
Napi::Value narrow(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), This(info).narrow(ToInt(info[0], "dim"), ToInt(info[1], "start"), ToInt(info[2], "length")));
}
Napi::Value flip(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).flip(ShapeArgs(info, 0))); }
Napi::Value roll(const Napi::CallbackInfo& info) {
  std::vector<int64_t> dims;
  if (info.Length() > 1 && !IsAbsent(info[1])) dims = ToIntList(info[1], "dims");
  return Wrap(info.Env(), This(info).roll(ToIntList(info[0], "shifts"), dims));
}
Napi::Value chunk(const Napi::CallbackInfo& info) {
  return WrapList(info.Env(), This(info).chunk(ToInt(info[0], "chunks"), IntOr(info, 1, "dim", 0)));
}
// split(split_size | [sizes], dim = 0)
Napi::Value split(const Napi::CallbackInfo& info) {
  int64_t dim = IntOr(info, 1, "dim", 0);
  if (info[0].IsArray()) return WrapList(info.Env(), This(info).split_with_sizes(ToIntList(info[0], "split_size"), dim));
  return WrapList(info.Env(), This(info).split(ToInt(info[0], "split_size"), dim));
}
Napi::Value unbind(const Napi::CallbackInfo& info) {
  return WrapList(info.Env(), This(info).unbind(IntOr(info, 0, "dim", 0)));
}
Napi::Value tril(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).tril(IntOr(info, 0, "diagonal", 0))); }
Napi::Value triu(const Napi::CallbackInfo& info) { return Wrap(info.Env(), This(info).triu(IntOr(info, 0, "diagonal", 0))); }

// torch.cat(tensors, dim = 0), torch.stack(tensors, dim = 0)
Napi::Value Cat(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::cat(ToTensorList(info[0], "tensors"), IntOr(info, 1, "dim", 0)));
}
Napi::Value Stack(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::stack(ToTensorList(info[0], "tensors"), IntOr(info, 1, "dim", 0)));
}
Napi::Value Hstack(const Napi::CallbackInfo& info) { return Wrap(info.Env(), at::hstack(ToTensorList(info[0], "tensors"))); }
Napi::Value Vstack(const Napi::CallbackInfo& info) { return Wrap(info.Env(), at::vstack(ToTensorList(info[0], "tensors"))); }
Napi::Value BroadcastTensors(const Napi::CallbackInfo& info) {
  return WrapList(info.Env(), at::broadcast_tensors(ToTensorList(info[0], "tensors")));
}

}  // namespace

void RegisterShape(Props& m, Napi::Object exports) {
#define TN_REG(name) m.push_back(Method(#name, Guarded<name>));
  TN_REG(view) TN_REG(reshape) TN_REG(expand) TN_REG(repeat) TN_REG(permute) TN_REG(view_as)
  TN_REG(reshape_as) TN_REG(expand_as) TN_REG(flatten) TN_REG(unflatten) TN_REG(squeeze) TN_REG(squeeze_)
  TN_REG(unsqueeze) TN_REG(unsqueeze_) TN_REG(transpose) TN_REG(transpose_) TN_REG(movedim) TN_REG(t)
  TN_REG(t_) TN_REG(narrow) TN_REG(flip) TN_REG(roll) TN_REG(chunk) TN_REG(split) TN_REG(unbind)
  TN_REG(tril) TN_REG(triu)
#undef TN_REG
  m.push_back(Getter("T", Guarded<T>));
  m.push_back(Getter("mT", Guarded<mT>));
  m.push_back(Method("swapaxes", Guarded<transpose>));
  m.push_back(Method("swapdims", Guarded<transpose>));
  SetFunction(exports, "cat", Guarded<Cat>);
  SetFunction(exports, "concat", Guarded<Cat>);
  SetFunction(exports, "stack", Guarded<Stack>);
  SetFunction(exports, "hstack", Guarded<Hstack>);
  SetFunction(exports, "vstack", Guarded<Vstack>);
  SetFunction(exports, "broadcast_tensors", Guarded<BroadcastTensors>);
}

}  // namespace tn

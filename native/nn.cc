// The ATen kernels behind torch.nn.functional. lib/nn/functional.ts parses
// PyTorch's arguments and calls these with every argument in place, in the
// order torch/nn/functional.py passes them to ATen.
#include "common.h"

namespace tn {
namespace {

c10::optional<at::Tensor> Maybe(const Napi::Value& v, const char* what) {
  if (IsAbsent(v)) return c10::nullopt;
  return Unwrap(v, what);
}

// _linear(input, weight, bias | null)
Napi::Value Linear(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::linear(Unwrap(info[0], "input"), Unwrap(info[1], "weight"), Maybe(info[2], "bias")));
}
// _dropout(input, p, train, inplace)
Napi::Value Dropout(const Napi::CallbackInfo& info) {
  at::Tensor& input = Unwrap(info[0], "input");
  double p = ToDouble(info[1], "p");
  bool train = ToBool(info[2], "training");
  if (ToBool(info[3], "inplace")) {
    at::dropout_(input, p, train);
    return info[0];
  }
  return Wrap(info.Env(), at::dropout(input, p, train));
}
// _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::batch_norm(Unwrap(info[0], "input"), Maybe(info[1], "weight"), Maybe(info[2], "bias"),
                                         Maybe(info[3], "running_mean"), Maybe(info[4], "running_var"),
                                         ToBool(info[5], "training"), ToDouble(info[6], "momentum"),
                                         ToDouble(info[7], "eps"), /*cudnn_enabled=*/true));
}
c10::optional<at::ScalarType> MaybeDtype(const Napi::Value& v) {
  if (IsAbsent(v)) return c10::nullopt;
  return ToDtype(v, "dtype");
}
// _softmax(input, dim, dtype | null), _log_softmax(...)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), Unwrap(info[0], "input").softmax(ToInt(info[1], "dim"), MaybeDtype(info[2])));
}
Napi::Value LogSoftmax(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), Unwrap(info[0], "input").log_softmax(ToInt(info[1], "dim"), MaybeDtype(info[2])));
}
// _cross_entropy(input, target, weight, reduction, ignore_index, label_smoothing)
Napi::Value CrossEntropy(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::cross_entropy_loss(Unwrap(info[0], "input"), Unwrap(info[1], "target"),
                                                 Maybe(info[2], "weight"), ToInt(info[3], "reduction"),
                                                 ToInt(info[4], "ignore_index"), ToDouble(info[5], "label_smoothing")));
}
// _nll_loss(input, target, weight, reduction, ignore_index)
Napi::Value NllLoss(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::nll_loss_nd(Unwrap(info[0], "input"), Unwrap(info[1], "target"), Maybe(info[2], "weight"),
                                          ToInt(info[3], "reduction"), ToInt(info[4], "ignore_index")));
}
// _mse_loss(input, target, reduction), _l1_loss(...): inputs already broadcast.
Napi::Value MseLoss(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::mse_loss(Unwrap(info[0], "input"), Unwrap(info[1], "target"), ToInt(info[2], "reduction")));
}
Napi::Value L1Loss(const Napi::CallbackInfo& info) {
  return Wrap(info.Env(), at::l1_loss(Unwrap(info[0], "input"), Unwrap(info[1], "target"), ToInt(info[2], "reduction")));
}

}  // namespace

void RegisterNN(Props& m, Napi::Object exports) {
  SetFunction(exports, "_linear", Guarded<Linear>);
  SetFunction(exports, "_dropout", Guarded<Dropout>);
  SetFunction(exports, "_batch_norm", Guarded<BatchNorm>);
  SetFunction(exports, "_softmax", Guarded<Softmax>);
  SetFunction(exports, "_log_softmax", Guarded<LogSoftmax>);
  SetFunction(exports, "_cross_entropy", Guarded<CrossEntropy>);
  SetFunction(exports, "_nll_loss", Guarded<NllLoss>);
  SetFunction(exports, "_mse_loss", Guarded<MseLoss>);
  SetFunction(exports, "_l1_loss", Guarded<L1Loss>);
}

}  // namespace tn

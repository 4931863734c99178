// Autograd: backward, torch.autograd.grad and the grad mode switches.
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>

#include "common.h"

namespace tn {
namespace {

// backward(gradient?, { retain_graph, create_graph, inputs })
Napi::Value Backward(const Napi::CallbackInfo& info) {
  at::Tensor& self = This(info);
  at::Tensor gradient;
  Napi::Value options = info.Env().Undefined();
  if (info.Length() > 0 && IsTensor(info[0])) {
    gradient = Unwrap(info[0], "gradient");
    if (info.Length() > 1) options = info[1];
  } else if (info.Length() > 0) {
    options = info[0];
  }
  bool create_graph = false;
  c10::optional<bool> retain_graph;
  std::vector<at::Tensor> inputs;
  Napi::Value v = Opt(options, "gradient");
  if (!IsAbsent(v)) gradient = Unwrap(v, "gradient");
  v = Opt(options, "retain_graph");
  if (!IsAbsent(v)) retain_graph = ToBool(v, "retain_graph");
  v = Opt(options, "create_graph");
  if (!IsAbsent(v)) create_graph = ToBool(v, "create_graph");
  v = Opt(options, "inputs");
  if (!IsAbsent(v)) inputs = IsTensor(v) ? std::vector<at::Tensor>{Unwrap(v, "inputs")} : ToTensorList(v, "inputs");
  self.backward(gradient, retain_graph, create_graph, inputs.empty() ? c10::nullopt : c10::optional<at::TensorList>(inputs));
  return info.Env().Undefined();
}

// torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph): one engine pass.
Napi::Value BackwardMany(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[0], "tensors");
  std::vector<at::Tensor> grads;
  if (info[1].IsArray()) {
    Napi::Array a = info[1].As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) grads.push_back(IsAbsent(a.Get(i)) ? at::Tensor() : Unwrap(a.Get(i), "grad_tensors"));
  }
  c10::optional<bool> retain_graph;
  if (!IsAbsent(info[2])) retain_graph = ToBool(info[2], "retain_graph");
  bool create_graph = !IsAbsent(info[3]) && ToBool(info[3], "create_graph");
  torch::autograd::backward(tensors, grads, retain_graph, create_graph);
  return info.Env().Undefined();
}

// torch.autograd.grad(outputs, inputs, { grad_outputs, retain_graph, create_graph, allow_unused })
Napi::Value Grad(const Napi::CallbackInfo& info) {
  auto list = [](const Napi::Value& v, const char* what) {
    return IsTensor(v) ? std::vector<at::Tensor>{Unwrap(v, what)} : ToTensorList(v, what);
  };
  std::vector<at::Tensor> outputs = list(info[0], "outputs"), inputs = list(info[1], "inputs");
  std::vector<at::Tensor> grad_outputs;
  Napi::Value v = Opt(info[2], "grad_outputs");
  if (!IsAbsent(v)) grad_outputs = list(v, "grad_outputs");
  c10::optional<bool> retain_graph;
  bool create_graph = false, allow_unused = false;
  v = Opt(info[2], "retain_graph");
  if (!IsAbsent(v)) retain_graph = ToBool(v, "retain_graph");
  v = Opt(info[2], "create_graph");
  if (!IsAbsent(v)) create_graph = ToBool(v, "create_graph");
  v = Opt(info[2], "allow_unused");
  if (!IsAbsent(v)) allow_unused = ToBool(v, "allow_unused");
  auto grads = torch::autograd::grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused);
  Napi::Array out = Napi::Array::New(info.Env(), grads.size());
  for (size_t i = 0; i < grads.size(); ++i) {
    out.Set(static_cast<uint32_t>(i), grads[i].defined() ? Wrap(info.Env(), grads[i]) : info.Env().Null());
  }
  return out;
}

Napi::Value GradFnName(const Napi::CallbackInfo& info) {
  const auto& fn = This(info).grad_fn();
  if (!fn) return info.Env().Null();
  return Napi::String::New(info.Env(), fn->name());
}
Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  bool previous = at::GradMode::is_enabled();
  at::GradMode::set_enabled(ToBool(info[0], "mode"));
  return Napi::Boolean::New(info.Env(), previous);
}
Napi::Value IsGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::GradMode::is_enabled());
}

}  // namespace

void RegisterAutograd(Props& m, Napi::Object exports) {
  m.push_back(Method("backward", MethodGuarded<Backward>));
  m.push_back(Method("_gradFnName", MethodGuarded<GradFnName>));
  SetFunction(exports, "_autograd_grad", Guarded<Grad>);
  SetFunction(exports, "_autograd_backward", Guarded<BackwardMany>);
  SetFunction(exports, "_set_grad_enabled", Guarded<SetGradEnabled>);
  SetFunction(exports, "is_grad_enabled", Guarded<IsGradEnabled>);
}

}  // namespace tn

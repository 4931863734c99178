// Only where libtorch's own copy is missing (Debian's libtorch-dev leaves out
// the distributed-autograd headers): c10d's reducer.hpp includes this file for
// two names, which are declared here exactly as PyTorch declares them. Their
// definitions stay in libtorch; torchnode never touches distributed autograd.
// CMakeLists.txt puts this folder after every other include folder
// (-idirafter), so a libtorch that ships the real header uses it.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};
using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch

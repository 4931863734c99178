// c10d's differences between the libtorch versions torchnode builds against
// (Debian's 1.13, PyTorch 2.x), for native/distributed.cc: the one place
// its #if blocks live, beside compat.h's.
#pragma once

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <unordered_map>
#include <vector>

#include "compat.h"

namespace tn {

// A Gloo process group. In 2.x ProcessGroupGloo is a c10d::Backend that a
// ProcessGroup dispatches to, registered for CPU and CUDA tensors as
// Python's BackendConfig("gloo") registers it; the ProcessGroup constructor
// lost its Options in 2.6.
inline c10::intrusive_ptr<c10d::ProcessGroup> MakeGlooGroup(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                           const c10::intrusive_ptr<c10d::ProcessGroupGloo::Options>& options) {
#if TN_TORCH_AT_LEAST(2, 0)
  c10::intrusive_ptr<c10d::Backend> backend = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
#if TN_TORCH_AT_LEAST(2, 6)
  auto group = c10::make_intrusive<c10d::ProcessGroup>(store, rank, size);
  group->setDefaultBackend(c10d::ProcessGroup::BackendType::GLOO);
#else
  auto group = c10::make_intrusive<c10d::ProcessGroup>(
      store, rank, size, c10::make_intrusive<c10d::ProcessGroup::Options>(std::string("gloo"), options->timeout));
#endif
  group->setBackend(c10::DeviceType::CPU, c10d::ProcessGroup::BackendType::GLOO, backend);
  group->setBackend(c10::DeviceType::CUDA, c10d::ProcessGroup::BackendType::GLOO, backend);
  return group;
#else
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
#endif
}

// Agreeing on a group's first sequence number (rank 0 draws it, the others
// read it from the store), as Python's init_process_group did until
// ProcessGroup::setSequenceNumberForGroup went away: sequence numbers now
// start at 0 on every rank, and there is nothing to agree on.
template <class G, class = void>
struct HasSetSequenceNumber : std::false_type {};
template <class G>
struct HasSetSequenceNumber<G, std::void_t<decltype(std::declval<G&>().setSequenceNumberForGroup())>> : std::true_type {};
template <class G>
void SetSequenceNumberForGroup(G& group) {
  if constexpr (HasSetSequenceNumber<G>::value) group.setSequenceNumberForGroup();
}

// c10d::Reducer's constructor, whichever of its forms this libtorch has:
// 1.13's (with per-bucket size limits); later 2.x's without them and with
// skip_all_reduce_unused_params and use_python_reducer; 2.11's with a list of
// bucket caps too. R is a template parameter so that only the form chosen
// is compiled.
template <class R = c10d::Reducer>
std::shared_ptr<R> MakeReducer(std::vector<at::Tensor> params, std::vector<std::vector<size_t>> buckets,
                               std::vector<size_t> per_bucket_size_limits, c10::intrusive_ptr<c10d::ProcessGroup> group,
                               int64_t bucket_bytes_cap, bool find_unused, bool grad_as_view,
                               std::unordered_map<size_t, std::string> names, int64_t first_bucket_bytes_cap) {
  using Params = std::vector<at::Tensor>;
  using Buckets = std::vector<std::vector<size_t>>;
  using Group = c10::intrusive_ptr<c10d::ProcessGroup>;
  using Names = std::unordered_map<size_t, std::string>;
  std::vector<bool> sparse(params.size(), false);
  if constexpr (std::is_constructible_v<R, Params, Buckets, Group, std::vector<bool>, int64_t, bool, bool, Names, int64_t, bool, bool,
                                        std::vector<int64_t>>) {
    return std::make_shared<R>(std::move(params), std::move(buckets), std::move(group), std::move(sparse), bucket_bytes_cap, find_unused,
                               grad_as_view, std::move(names), first_bucket_bytes_cap, /*skip_all_reduce_unused_params=*/false,
                               /*use_python_reducer=*/false, std::vector<int64_t>{});
  } else if constexpr (std::is_constructible_v<R, Params, Buckets, Group, std::vector<bool>, int64_t, bool, bool, Names, int64_t, bool, bool>) {
    return std::make_shared<R>(std::move(params), std::move(buckets), std::move(group), std::move(sparse), bucket_bytes_cap, find_unused,
                               grad_as_view, std::move(names), first_bucket_bytes_cap, false, false);
  } else {
    return std::make_shared<R>(std::move(params), std::move(buckets), std::move(per_bucket_size_limits), std::move(group), std::move(sparse),
                               bucket_bytes_cap, find_unused, grad_as_view, std::move(names), first_bucket_bytes_cap);
  }
}

}  // namespace tn

// torch.distributed on PyTorch's own c10d: stores (TCPStore, FileStore,
// PrefixStore), the Gloo process group, collectives returning Work handles,
// and c10d's Reducer, which DistributedDataParallel runs on. Thin wrappers
// only: init methods, groups and DDP's forward live in lib/distributed, as
// they live in Python in PyTorch. Compiled only where the Gloo headers are
// (CMakeLists.txt: TORCHNODE_DISTRIBUTED); elsewhere native/addon.cc says so.
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/logger.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common.h"
#include "compat_c10d.h"

namespace tn {
namespace {

using Store = c10::intrusive_ptr<c10d::Store>;
using Group = c10::intrusive_ptr<c10d::ProcessGroup>;
using Work = c10::intrusive_ptr<c10d::Work>;
// The Reducer and the Logger PyTorch's DDP pairs with it (the Reducer holds
// the Logger weakly and reports its errors through it).
struct ReducerPair {
  std::shared_ptr<c10d::Reducer> reducer;
  std::shared_ptr<c10d::Logger> logger;
};

// ---- handles: Externals tagged with their kind, so one cannot pass for another
template <class T>
struct Kind;
template <>
struct Kind<Store> {
  static constexpr napi_type_tag tag = {0x746e64697374ULL, 1};
  static constexpr const char* name = "a distributed Store";
};
template <>
struct Kind<Group> {
  static constexpr napi_type_tag tag = {0x746e64697374ULL, 2};
  static constexpr const char* name = "a ProcessGroup";
};
template <>
struct Kind<Work> {
  static constexpr napi_type_tag tag = {0x746e64697374ULL, 3};
  static constexpr const char* name = "a distributed Work";
};
template <>
struct Kind<ReducerPair> {
  static constexpr napi_type_tag tag = {0x746e64697374ULL, 4};
  static constexpr const char* name = "a Reducer";
};

template <class T>
Napi::Value MakeHandle(napi_env env, T value) {
  auto* holder = new T(std::move(value));
  napi_value out;
  auto drop = [](napi_env, void* data, void*) { delete static_cast<T*>(data); };
  if (napi_create_external(env, holder, drop, nullptr, &out) != napi_ok) {
    delete holder;
    throw Napi::Error::New(env);
  }
  napi_type_tag_object(env, out, &Kind<T>::tag);
  return Napi::Value(env, out);
}

template <class T>
T& Get(const Napi::Value& v) {
  bool ok = false;
  if (v.IsExternal()) napi_check_object_type_tag(v.Env(), v, &Kind<T>::tag, &ok);
  if (!ok) ExpectedError(Kind<T>::name, "handle", v);
  return *static_cast<T*>(v.As<Napi::External<void>>().Data());
}

Napi::Array ArrayArg(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) ExpectedError("an array", what, v);
  return v.As<Napi::Array>();
}

std::chrono::milliseconds Millis(const Napi::Value& v, const char* what) {
  return std::chrono::milliseconds(ToInt(v, what));
}

// ---- stores --------------------------------------------------------------------
// _dist_tcp_store(host, port, world_size | null, is_master, timeout_ms, wait_for_workers, multi_tenant)
Napi::Value TcpStore(const Napi::CallbackInfo& info) {
  c10d::TCPStoreOptions opts;
  int64_t port = ToInt(info[1], "port");
  TORCH_CHECK_VALUE(port >= 0 && port <= 65535, "port must be in [0, 65535], got ", port);
  opts.port = static_cast<std::uint16_t>(port);
  if (!IsAbsent(info[2])) opts.numWorkers = static_cast<std::size_t>(ToInt(info[2], "world_size"));
  opts.isServer = ToBool(info[3], "is_master");
  opts.timeout = Millis(info[4], "timeout");
  opts.waitWorkers = ToBool(info[5], "wait_for_workers");
  opts.multiTenant = ToBool(info[6], "multi_tenant");
  Store store = c10::make_intrusive<c10d::TCPStore>(ToString(info[0], "host"), opts);
  return MakeHandle(info.Env(), store);
}
// _dist_tcp_store_port(store): the port the store listens on (useful with port 0).
Napi::Value TcpStorePort(const Napi::CallbackInfo& info) {
  auto* tcp = dynamic_cast<c10d::TCPStore*>(Get<Store>(info[0]).get());
  TORCH_CHECK(tcp, "not a TCPStore");
  return Napi::Number::New(info.Env(), tcp->getPort());
}
// _dist_file_store(path, world_size)
Napi::Value FileStore(const Napi::CallbackInfo& info) {
  Store store = c10::make_intrusive<c10d::FileStore>(ToString(info[0], "path"), ToInt(info[1], "world_size"));
  return MakeHandle(info.Env(), store);
}
// _dist_prefix_store(prefix, store)
Napi::Value PrefixStore(const Napi::CallbackInfo& info) {
  Store store = c10::make_intrusive<c10d::PrefixStore>(ToString(info[0], "prefix"), Get<Store>(info[1]));
  return MakeHandle(info.Env(), store);
}
std::vector<uint8_t> Bytes(const Napi::Value& v, const char* what) {
  if (v.IsString()) {
    std::string s = v.As<Napi::String>().Utf8Value();
    return {s.begin(), s.end()};
  }
  if (!v.IsTypedArray()) ExpectedError("a string or a Uint8Array", what, v);
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  const uint8_t* p = static_cast<const uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
  return {p, p + a.ByteLength()};
}
// _dist_store_set(store, key, value)
Napi::Value StoreSet(const Napi::CallbackInfo& info) {
  Get<Store>(info[0])->set(ToString(info[1], "key"), Bytes(info[2], "value"));
  return info.Env().Undefined();
}
// _dist_store_get(store, key): waits for the key (up to the store's timeout).
Napi::Value StoreGet(const Napi::CallbackInfo& info) {
  std::vector<uint8_t> v = Get<Store>(info[0])->get(ToString(info[1], "key"));
  return Napi::Buffer<uint8_t>::Copy(info.Env(), v.data(), v.size());
}
// _dist_store_add(store, key, amount)
Napi::Value StoreAdd(const Napi::CallbackInfo& info) {
  int64_t n = Get<Store>(info[0])->add(ToString(info[1], "key"), ToInt(info[2], "amount"));
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}
// _dist_store_check(store, keys): whether every key is set, without waiting.
Napi::Value StoreCheck(const Napi::CallbackInfo& info) {
  std::vector<std::string> keys;
  Napi::Array a = ArrayArg(info[1], "keys");
  for (uint32_t i = 0; i < a.Length(); ++i) keys.push_back(ToString(a.Get(i), "key"));
  return Napi::Boolean::New(info.Env(), Get<Store>(info[0])->check(keys));
}
// _dist_store_set_timeout(store, ms)
Napi::Value StoreSetTimeout(const Napi::CallbackInfo& info) {
  Get<Store>(info[0])->setTimeout(Millis(info[1], "timeout"));
  return info.Env().Undefined();
}

// ---- the Gloo process group -------------------------------------------------------
// _dist_gloo(store, rank, size, timeout_ms): built as PyTorch's Python binding
// builds it: the interfaces named in GLOO_SOCKET_IFNAME, else the one this
// host's name resolves to, and two threads per device.
Napi::Value NewGloo(const Napi::CallbackInfo& info) {
  auto options = c10d::ProcessGroupGloo::Options::create(Millis(info[3], "timeout"));
  const char* ifnames = std::getenv("GLOO_SOCKET_IFNAME");
  if (ifnames && std::strlen(ifnames) > 1) {
    std::string list(ifnames);
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(list.substr(start, end - start)));
      start = end + 1;
    }
  } else {
    options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  }
  options->threads = static_cast<int>(options->devices.size() * 2);
  Group group = MakeGlooGroup(Get<Store>(info[0]), static_cast<int>(ToInt(info[1], "rank")), static_cast<int>(ToInt(info[2], "size")), options);
  return MakeHandle(info.Env(), group);
}
// _dist_group_set_sequence_number(group): rank 0 draws the group's sequence
// number and the others read it from the store, as Python's
// init_process_group and new_group do (1.x after their store-based barrier,
// 2.0-2.13 as each backend is made; a no-op from 2.14, see compat_c10d.h).
Napi::Value GroupSetSequenceNumber(const Napi::CallbackInfo& info) {
  SetSequenceNumberForGroup(*Get<Group>(info[0]));
  return info.Env().Undefined();
}
Napi::Value GroupRank(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), Get<Group>(info[0])->getRank()); }
Napi::Value GroupSize(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), Get<Group>(info[0])->getSize()); }
Napi::Value GroupBackend(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Get<Group>(info[0])->getBackendName());
}

// ---- collectives: each returns a Work -------------------------------------------
c10d::ReduceOp Op(const Napi::Value& v) {
  int64_t code = ToInt(v, "op");
  TORCH_CHECK_VALUE(code >= 0 && code < c10d::ReduceOp::PREMUL_SUM, "unknown ReduceOp ", code);
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(code));
}
std::vector<std::vector<at::Tensor>> TensorLists(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) ExpectedError("an array of arrays of Tensors", what, v);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<std::vector<at::Tensor>> out;
  for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(ToTensorList(a.Get(i), what));
  return out;
}
int Rank(const Napi::Value& v, const char* what) { return static_cast<int>(ToInt(v, what)); }

// _dist_allreduce(group, tensors, op)
Napi::Value AllReduce(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensor");
  c10d::AllreduceOptions opts;
  opts.reduceOp = Op(info[2]);
  return MakeHandle(info.Env(), Get<Group>(info[0])->allreduce(tensors, opts));
}
// _dist_broadcast(group, tensors, src)
Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensor");
  c10d::BroadcastOptions opts;
  opts.rootRank = Rank(info[2], "src");
  return MakeHandle(info.Env(), Get<Group>(info[0])->broadcast(tensors, opts));
}
// _dist_reduce(group, tensors, dst, op)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensor");
  c10d::ReduceOptions opts;
  opts.rootRank = Rank(info[2], "dst");
  opts.reduceOp = Op(info[3]);
  return MakeHandle(info.Env(), Get<Group>(info[0])->reduce(tensors, opts));
}
// _dist_allgather(group, [outputs], inputs)
Napi::Value AllGather(const Napi::CallbackInfo& info) {
  auto outputs = TensorLists(info[1], "tensor_list");
  std::vector<at::Tensor> inputs = ToTensorList(info[2], "tensor");
  return MakeHandle(info.Env(), Get<Group>(info[0])->allgather(outputs, inputs));
}
// _dist_gather(group, [outputs] (empty off the root), inputs, dst)
Napi::Value Gather(const Napi::CallbackInfo& info) {
  auto outputs = TensorLists(info[1], "gather_list");
  std::vector<at::Tensor> inputs = ToTensorList(info[2], "tensor");
  c10d::GatherOptions opts;
  opts.rootRank = Rank(info[3], "dst");
  return MakeHandle(info.Env(), Get<Group>(info[0])->gather(outputs, inputs, opts));
}
// _dist_scatter(group, outputs, [inputs] (empty off the root), src)
Napi::Value Scatter(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> outputs = ToTensorList(info[1], "tensor");
  auto inputs = TensorLists(info[2], "scatter_list");
  c10d::ScatterOptions opts;
  opts.rootRank = Rank(info[3], "src");
  return MakeHandle(info.Env(), Get<Group>(info[0])->scatter(outputs, inputs, opts));
}
// _dist_reduce_scatter(group, outputs, [inputs], op)
Napi::Value ReduceScatter(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> outputs = ToTensorList(info[1], "output");
  auto inputs = TensorLists(info[2], "input_list");
  c10d::ReduceScatterOptions opts;
  opts.reduceOp = Op(info[3]);
  return MakeHandle(info.Env(), Get<Group>(info[0])->reduce_scatter(outputs, inputs, opts));
}
// _dist_send(group, tensors, dst, tag) / _dist_recv(group, tensors, src | -1 for any, tag)
Napi::Value Send(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensor");
  return MakeHandle(info.Env(), Get<Group>(info[0])->send(tensors, Rank(info[2], "dst"), Rank(info[3], "tag")));
}
Napi::Value Recv(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensor");
  int src = Rank(info[2], "src"), tag = Rank(info[3], "tag");
  Group& group = Get<Group>(info[0]);
  return MakeHandle(info.Env(), src < 0 ? group->recvAnysource(tensors, tag) : group->recv(tensors, src, tag));
}
// _dist_barrier(group)
Napi::Value Barrier(const Napi::CallbackInfo& info) {
  return MakeHandle(info.Env(), Get<Group>(info[0])->barrier(c10d::BarrierOptions()));
}
// _dist_broadcast_coalesced(group, tensors, buffer_size, src): DDP's state sync, done now.
Napi::Value BroadcastCoalesced(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = ToTensorList(info[1], "tensors");
  c10d::broadcast_coalesced(Get<Group>(info[0]), tensors, static_cast<size_t>(ToInt(info[2], "buffer_size")),
                            Rank(info[3], "src"));
  return info.Env().Undefined();
}

// ---- Work --------------------------------------------------------------------------
Work& Live(const Napi::Value& v) {
  Work& work = Get<Work>(v);
  TORCH_CHECK(work, "this distributed Work was already released");
  return work;
}
// _dist_work_wait(work, timeout_ms?): blocks; throws what the collective threw.
Napi::Value WorkWait(const Napi::CallbackInfo& info) {
  Work& work = Live(info[0]);
  bool done = IsAbsent(info[1]) ? work->wait() : work->wait(Millis(info[1], "timeout"));
  return Napi::Boolean::New(info.Env(), done);
}
Napi::Value WorkIsCompleted(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Live(info[0])->isCompleted());
}
Napi::Value WorkSourceRank(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Live(info[0])->sourceRank());
}

// _dist_work_release(work): drops the Work now, as Python drops it when its last
// reference goes. A collective run synchronously is released at once after its
// wait: Gloo's barrier waits on every earlier Work still alive and would
// rethrow an earlier failure that the caller already saw.
Napi::Value WorkRelease(const Napi::CallbackInfo& info) {
  Get<Work>(info[0]).reset();
  return info.Env().Undefined();
}

// Waits for a Work on libuv's thread pool, so that JavaScript awaits it
// without blocking the event loop; the promise rejects with its error.
class WaitWorker : public Napi::AsyncWorker {
 public:
  WaitWorker(Napi::Env env, Work work) : Napi::AsyncWorker(env), work_(std::move(work)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      work_->wait();
    } catch (const c10::Error& e) {
      SetError(e.what_without_backtrace());
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Work work_;
  Napi::Promise::Deferred deferred_;
};
// _dist_work_promise(work)
Napi::Value WorkPromise(const Napi::CallbackInfo& info) {
  auto* worker = new WaitWorker(info.Env(), Live(info[0]));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// ---- DDP's Reducer -----------------------------------------------------------------
std::vector<size_t> Sizes(const Napi::Value& v, const char* what) {
  std::vector<size_t> out;
  for (int64_t x : ToIntList(v, what)) out.push_back(static_cast<size_t>(x));
  return out;
}
Napi::Value SizeList(napi_env env, const std::vector<size_t>& xs) {
  Napi::Array a = Napi::Array::New(env, xs.size());
  for (uint32_t i = 0; i < xs.size(); ++i) a.Set(i, static_cast<double>(xs[i]));
  return a;
}
// _dist_compute_bucket_assignment_by_size(params, size_limits) -> [bucket_indices, per_bucket_size_limits]
Napi::Value ComputeBuckets(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  std::vector<at::Tensor> params = ToTensorList(info[0], "parameters");
  auto result = c10d::compute_bucket_assignment_by_size(params, Sizes(info[1], "bucket_size_limits"),
                                                        std::vector<bool>(params.size(), false));
  Napi::Array buckets = Napi::Array::New(env, std::get<0>(result).size());
  for (uint32_t i = 0; i < std::get<0>(result).size(); ++i) buckets.Set(i, SizeList(env, std::get<0>(result)[i]));
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, buckets);
  out.Set(1u, SizeList(env, std::get<1>(result)));
  return out;
}
// _dist_reducer(params, bucket_indices, per_bucket_size_limits, group, bucket_bytes_cap,
//               find_unused_parameters, gradient_as_bucket_view, param_names, first_bucket_bytes_cap)
Napi::Value NewReducer(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> params = ToTensorList(info[0], "parameters");
  std::vector<std::vector<size_t>> buckets;
  Napi::Array b = ArrayArg(info[1], "bucket_indices");
  for (uint32_t i = 0; i < b.Length(); ++i) buckets.push_back(Sizes(b.Get(i), "bucket_indices"));
  std::unordered_map<size_t, std::string> names;
  Napi::Array n = ArrayArg(info[7], "param_names");
  for (uint32_t i = 0; i < n.Length(); ++i) names[i] = ToString(n.Get(i), "param_names");
  ReducerPair pair;
  pair.reducer = MakeReducer(params, buckets, Sizes(info[2], "per_bucket_size_limits"), Get<Group>(info[3]), ToInt(info[4], "bucket_bytes_cap"),
                             ToBool(info[5], "find_unused_parameters"), ToBool(info[6], "gradient_as_bucket_view"), names,
                             ToInt(info[8], "first_bucket_bytes_cap"));
  pair.logger = std::make_shared<c10d::Logger>(pair.reducer);
  pair.reducer->set_logger(pair.logger);
  return MakeHandle(info.Env(), std::move(pair));
}
// _dist_verify_params_across_processes(group, params): every rank has rank 0's
// parameter count, shapes and dtypes (an all-gather, as DDP's constructor does).
Napi::Value VerifyParams(const Napi::CallbackInfo& info) {
  c10d::verify_params_across_processes(Get<Group>(info[0]), ToTensorList(info[1], "parameters"), c10::nullopt);
  return info.Env().Undefined();
}
Napi::Value ReducerPrepareForward(const Napi::CallbackInfo& info) {
  Get<ReducerPair>(info[0]).reducer->prepare_for_forward();
  return info.Env().Undefined();
}
// _dist_reducer_prepare_for_backward(reducer, outputs)
Napi::Value ReducerPrepareBackward(const Napi::CallbackInfo& info) {
  Get<ReducerPair>(info[0]).reducer->prepare_for_backward(ToTensorList(info[1], "outputs"));
  return info.Env().Undefined();
}
Napi::Value ReducerRebuildBuckets(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Get<ReducerPair>(info[0]).reducer->rebuild_buckets());
}

}  // namespace

void RegisterDistributed(Props& m, Napi::Object exports) {
#define TN_FN(js, fn) SetFunction(exports, js, Guarded<fn>);
  TN_FN("_dist_tcp_store", TcpStore) TN_FN("_dist_tcp_store_port", TcpStorePort) TN_FN("_dist_file_store", FileStore)
  TN_FN("_dist_prefix_store", PrefixStore) TN_FN("_dist_store_set", StoreSet) TN_FN("_dist_store_get", StoreGet)
  TN_FN("_dist_store_add", StoreAdd) TN_FN("_dist_store_check", StoreCheck) TN_FN("_dist_store_set_timeout", StoreSetTimeout)
  TN_FN("_dist_gloo", NewGloo) TN_FN("_dist_group_rank", GroupRank) TN_FN("_dist_group_size", GroupSize)
  TN_FN("_dist_group_backend", GroupBackend) TN_FN("_dist_group_set_sequence_number", GroupSetSequenceNumber)
  TN_FN("_dist_allreduce", AllReduce) TN_FN("_dist_broadcast", Broadcast) TN_FN("_dist_reduce", Reduce)
  TN_FN("_dist_allgather", AllGather) TN_FN("_dist_gather", Gather) TN_FN("_dist_scatter", Scatter)
  TN_FN("_dist_reduce_scatter", ReduceScatter) TN_FN("_dist_send", Send) TN_FN("_dist_recv", Recv)
  TN_FN("_dist_barrier", Barrier) TN_FN("_dist_broadcast_coalesced", BroadcastCoalesced)
  TN_FN("_dist_work_wait", WorkWait) TN_FN("_dist_work_is_completed", WorkIsCompleted)
  TN_FN("_dist_work_source_rank", WorkSourceRank) TN_FN("_dist_work_promise", WorkPromise)
  TN_FN("_dist_work_release", WorkRelease)
  TN_FN("_dist_compute_bucket_assignment_by_size", ComputeBuckets) TN_FN("_dist_verify_params_across_processes", VerifyParams) TN_FN("_dist_reducer", NewReducer)
  TN_FN("_dist_reducer_prepare_for_forward", ReducerPrepareForward)
  TN_FN("_dist_reducer_prepare_for_backward", ReducerPrepareBackward)
  TN_FN("_dist_reducer_rebuild_buckets", ReducerRebuildBuckets)
#undef TN_FN
  exports.Set("_dist_available", Napi::Boolean::New(exports.Env(), true));
}

}  // namespace tn

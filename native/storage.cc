// Raw storage access for torch.save / torch.load (lib/serialization): a
// tensor's whole storage as bytes, an identity to find tensors that share one,
// and tensors rebuilt as strided views of a storage read from a file.
#include <cstring>

#include "common.h"
#include "compat.h"

namespace tn {
namespace {

// _storage_key(t): equal for tensors that share a storage.
Napi::Value StorageKey(const Napi::CallbackInfo& info) {
  const at::Tensor& t = This(info);
  auto ptr = reinterpret_cast<uintptr_t>(t.storage().unsafeGetStorageImpl());
  return Napi::String::New(info.Env(), std::to_string(ptr));
}

// _storage_numel(t): elements of t's dtype that the storage holds.
Napi::Value StorageNumel(const Napi::CallbackInfo& info) {
  const at::Tensor& t = This(info);
  return Napi::Number::New(info.Env(), static_cast<double>(t.storage().nbytes() / t.element_size()));
}

// _storage_bytes(t): a copy of the whole storage (little-endian, as on x86), from any device.
Napi::Value StorageBytes(const Napi::CallbackInfo& info) {
  const at::Tensor& t = This(info);
  size_t nbytes = t.storage().nbytes();
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(info.Env(), nbytes);
  if (nbytes == 0) return out;
  // A 1-D byte view over the whole storage, copied to the CPU when needed.
  at::Tensor all = at::empty({0}, t.options().dtype(at::kByte));
  all.set_(t.storage(), 0, {static_cast<int64_t>(nbytes)}, {1});
  at::Tensor cpu = all.cpu();
  std::memcpy(out.Data(), cpu.data_ptr(), nbytes);
  return out;
}

// _unsafe_storage_view(t): a CPU storage's bytes as a Buffer over the same
// memory, with no copy and no reference: it is valid only while the tensor's
// storage lives. torch.save writes storages from it and torch.load reads
// records straight into new tensors through it, both synchronously while the
// tensors are held, and drop it at once. (A Buffer holding the storage would
// keep the memory of a disposed tensor until V8 collected the Buffer.)
// Undefined where this Node forbids external buffers (the caller then copies).
Napi::Value UnsafeStorageView(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& t = This(info);
  TORCH_CHECK(t.device().is_cpu(), "_unsafe_storage_view: the storage is on ", t.device(), ", not the CPU");
  size_t nbytes = t.storage().nbytes();
  if (nbytes == 0) return Napi::Buffer<uint8_t>::New(env, 0);
  napi_value out;
  if (napi_create_external_buffer(env, nbytes, MutableData(t.storage()), nullptr, nullptr, &out) != napi_ok) {
    return Napi::Env(env).Undefined();
  }
  return Napi::Value(env, out);
}

// _from_storage(bytes, dtype, device?): a 1-D tensor holding the bytes as elements of dtype.
Napi::Value FromStorage(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) ExpectedError("Uint8Array", "bytes", info[0]);
  Napi::TypedArray bytes = info[0].As<Napi::TypedArray>();
  at::ScalarType dtype = ToDtype(info[1], "dtype");
  size_t itemsize = c10::elementSize(dtype);
  size_t nbytes = bytes.ByteLength();
  TORCH_CHECK(nbytes % itemsize == 0, "storage of ", nbytes, " bytes does not hold whole ", c10::toString(dtype), " elements");
  at::Tensor t = at::empty({static_cast<int64_t>(nbytes / itemsize)}, at::TensorOptions().dtype(dtype));
  if (nbytes) std::memcpy(t.data_ptr(), static_cast<const uint8_t*>(bytes.ArrayBuffer().Data()) + bytes.ByteOffset(), nbytes);
  return Wrap(info.Env(), t);
}

// as_strided(size, stride, storage_offset = 0)
Napi::Value AsStrided(const Napi::CallbackInfo& info) {
  c10::optional<int64_t> offset;
  if (info.Length() > 2 && !IsAbsent(info[2])) offset = ToInt(info[2], "storage_offset");
  return Wrap(info.Env(), This(info).as_strided(ToIntList(info[0], "size"), ToIntList(info[1], "stride"), offset));
}

}  // namespace

void RegisterStorage(Props& m, Napi::Object exports) {
  m.push_back(Method("_storage_key", MethodGuarded<StorageKey>));
  m.push_back(Method("_storage_numel", MethodGuarded<StorageNumel>));
  m.push_back(Method("_storage_bytes", MethodGuarded<StorageBytes>));
  m.push_back(Method("_unsafe_storage_view", MethodGuarded<UnsafeStorageView>));
  m.push_back(Method("as_strided", MethodGuarded<AsStrided>));
  SetFunction(exports, "_from_storage", Guarded<FromStorage>);
}

}  // namespace tn

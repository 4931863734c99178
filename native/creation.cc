// Tensors from JS data, JS buffers, and torch.full (whose dtype follows the
// JS type of the fill: lib/creation.ts). The other factories are generated.
#include <algorithm>
#include <cstring>
#include <mutex>

#include "common.h"

namespace tn {
namespace {

at::ScalarType DtypeOfTypedArray(napi_typedarray_type type) {
  switch (type) {
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_bigint64_array: return at::kLong;
    case napi_int32_array: return at::kInt;
    case napi_int16_array: return at::kShort;
    case napi_int8_array: return at::kChar;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return at::kByte;
    default: Throw(ErrorKind::Type, "tensor(): unsupported TypedArray type (use Float32Array, Float64Array, BigInt64Array, Int32Array, Int16Array, Int8Array or Uint8Array)");
  }
}

at::TensorOptions LikeOptions(const at::Tensor& like, const Napi::Value& options) {
  at::TensorOptions o = like.options();
  Napi::Value dtype = Opt(options, "dtype");
  if (!IsAbsent(dtype)) o = o.dtype(ToDtype(dtype, "dtype"));
  Napi::Value device = Opt(options, "device");
  if (!IsAbsent(device)) o = o.device(ToDevice(device, "device"));
  return o;
}

// _fromTypedArray(data, shape, options, asBool): copies `data` into a new
// tensor of `shape`, then converts to options.dtype (a Uint8Array may stand
// for bool data). The copy keeps the tensor independent of the JS buffer.
Napi::Value FromTypedArray(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) ExpectedError("TypedArray", "data", info[0]);
  Napi::TypedArray array = info[0].As<Napi::TypedArray>();
  std::vector<int64_t> shape = ToIntList(info[1], "shape");
  at::ScalarType source = DtypeOfTypedArray(array.TypedArrayType());
  if (info.Length() > 3 && info[3].IsBoolean() && info[3].As<Napi::Boolean>().Value()) source = at::kBool;
  int64_t numel = c10::multiply_integers(shape);
  TORCH_CHECK_VALUE(numel == static_cast<int64_t>(array.ElementLength()), "tensor(): shape ", c10::IntArrayRef(shape),
                    " holds ", numel, " elements but the data has ", array.ElementLength());
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(source));
  if (numel) {
    const auto* bytes = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
    std::memcpy(t.data_ptr(), bytes, array.ByteLength());
  }
  at::TensorOptions o = ToTensorOptions(info[2], source);
  return Wrap(info.Env(), t.to(o.device(), o.dtype().toScalarType()));
}
// _full(size, fill, options, default dtype)
Napi::Value Full(const Napi::CallbackInfo& info) {
  at::ScalarType dflt = ToDtype(info[3], "dtype");
  return Wrap(info.Env(), at::full(ToIntList(info[0], "size"), ToScalar(info[1], "fill_value"), ToTensorOptions(info[2], dflt)));
}
Napi::Value FullLike(const Napi::CallbackInfo& info) {
  at::Tensor& t = Unwrap(info[0], "input");
  return Wrap(info.Env(), at::full_like(t, ToScalar(info[2], "fill_value"), LikeOptions(t, info[1])));
}

// References to ArrayBuffers whose memory tensors view. A storage may die on
// any thread (or inside GC), where N-API is off limits, so its deleter only
// queues the reference; the JS thread releases queued ones at the next call.
struct BufferRef {
  napi_env env;
  napi_ref ref;
};
std::mutex released_mutex;
std::vector<BufferRef*> released;

void ReleaseBuffers(napi_env env) {
  std::vector<BufferRef*> mine;
  {
    std::lock_guard<std::mutex> lock(released_mutex);
    auto keep = std::partition(released.begin(), released.end(), [env](BufferRef* r) { return r->env != env; });
    mine.assign(keep, released.end());
    released.erase(keep, released.end());
  }
  for (BufferRef* r : mine) {
    napi_delete_reference(env, r->ref);
    delete r;
  }
}

// _frombuffer(typedArrayOrBuffer, dtype, count, offset): a tensor over the
// same memory (no copy), as torch.frombuffer. Writes through either side show
// in the other; the buffer stays alive while the tensor's storage does.
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  ReleaseBuffers(env);
  Napi::Value v = info[0];
  Napi::ArrayBuffer ab;
  size_t base = 0, length = 0;
  if (v.IsTypedArray()) {
    Napi::TypedArray ta = v.As<Napi::TypedArray>();
    ab = ta.ArrayBuffer();
    base = ta.ByteOffset();
    length = ta.ByteLength();
  } else if (v.IsArrayBuffer()) {
    ab = v.As<Napi::ArrayBuffer>();
    length = ab.ByteLength();
  } else {
    ExpectedError("ArrayBuffer or TypedArray", "buffer", v);
  }
  at::ScalarType dtype = ToDtype(info[1], "dtype");
  int64_t itemsize = static_cast<int64_t>(c10::elementSize(dtype));
  int64_t offset = IsAbsent(info[3]) ? 0 : ToInt(info[3], "offset");
  int64_t count = IsAbsent(info[2]) ? -1 : ToInt(info[2], "count");
  int64_t avail = static_cast<int64_t>(length);
  TORCH_CHECK_VALUE(offset >= 0 && offset <= avail, "offset (", offset, " bytes) must be non-negative and no greater than buffer length (", avail, " bytes) minus 1");
  TORCH_CHECK_VALUE(count != 0 && (count > 0 || count == -1), "count must be positive or -1, got ", count);
  if (count == -1) {
    TORCH_CHECK_VALUE((avail - offset) % itemsize == 0, "buffer length (", avail - offset, " bytes) after offset (", offset,
                      " bytes) must be a multiple of element size (", itemsize, ")");
    count = (avail - offset) / itemsize;
  }
  TORCH_CHECK_VALUE(offset + count * itemsize <= avail, "requested buffer length (", count, " * ", itemsize, " bytes) after offset (", offset,
                    " bytes) must not be greater than actual buffer length (", avail, " bytes)");
  auto* holder = new BufferRef{env, nullptr};
  napi_create_reference(env, ab, 1, &holder->ref);
  void* data = static_cast<uint8_t*>(ab.Data()) + base + offset;
  at::Tensor t = at::from_blob(
      data, {count},
      [holder](void*) {
        std::lock_guard<std::mutex> lock(released_mutex);
        released.push_back(holder);
      },
      at::TensorOptions().dtype(dtype));
  return Wrap(env, t);
}

}  // namespace

void RegisterCreation(Props&, Napi::Object exports) {
  SetFunction(exports, "_fromTypedArray", Guarded<FromTypedArray>);
  SetFunction(exports, "_full", Guarded<Full>);
  SetFunction(exports, "_full_like", Guarded<FullLike>);
  SetFunction(exports, "_frombuffer", Guarded<FromBuffer>);
}

}  // namespace tn

// CRC-32 (zip's, the IEEE polynomial) with carry-less multiplication, for
// the checkpoints' zip records: Node's zlib.crc32 runs table-driven here at
// ~2.4 GB/s, 80 ms of a 200 MB torch.load. The folding scheme is Intel's
// ("Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", 2009), as
// zlib-ng, Chromium's zlib and Linux use it. Registered only on x86-64 CPUs
// with PCLMULQDQ and SSE4.1; lib/serialization/zip.ts falls back to zlib.
#include <array>

#include "common.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tn {
namespace {

// Byte at a time: buffers under 64 bytes, and the last few bytes the folding leaves.
uint32_t Crc32Bytes(uint32_t crc, const uint8_t* p, size_t n) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

#if defined(__x86_64__)
#define TN_PCLMUL __attribute__((target("pclmul,sse4.1")))

TN_PCLMUL inline __m128i Load(const uint8_t* q) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q)); }
// x carried 256 or 128 bits forward (by the constants k), plus the next 128 bits.
TN_PCLMUL inline __m128i Fold(__m128i x, __m128i k, __m128i next) {
  return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x11), _mm_clmulepi64_si128(x, k, 0x00)), next);
}

// The CRC register (not inverted) over n bytes, n >= 64 and a multiple of 16.
TN_PCLMUL uint32_t FoldPclmul(uint32_t crc, const uint8_t* p, size_t n) {
  const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);
  const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);
  const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124);
  const __m128i poly = _mm_set_epi64x(0x01f7011641, 0x01db710641);

  __m128i x1 = _mm_xor_si128(Load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x2 = Load(p + 16), x3 = Load(p + 32), x4 = Load(p + 48);
  p += 64;
  n -= 64;
  for (; n >= 64; p += 64, n -= 64) {  // four lanes of 128 bits at a time
    x1 = Fold(x1, k1k2, Load(p));
    x2 = Fold(x2, k1k2, Load(p + 16));
    x3 = Fold(x3, k1k2, Load(p + 32));
    x4 = Fold(x4, k1k2, Load(p + 48));
  }
  x1 = Fold(x1, k3k4, x2);  // the four lanes into one
  x1 = Fold(x1, k3k4, x3);
  x1 = Fold(x1, k3k4, x4);
  for (; n >= 16; p += 16, n -= 16) x1 = Fold(x1, k3k4, Load(p));

  // 128 bits to 64, 64 to 32, then Barrett reduction.
  const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
  x2 = _mm_clmulepi64_si128(x1, k3k4, 0x10);
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
  x2 = _mm_srli_si128(x1, 4);
  x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, low32), k5, 0x00), x2);
  x2 = _mm_clmulepi64_si128(_mm_and_si128(x1, low32), poly, 0x10);
  x2 = _mm_clmulepi64_si128(_mm_and_si128(x2, low32), poly, 0x00);
  return static_cast<uint32_t>(_mm_extract_epi32(_mm_xor_si128(x1, x2), 1));
}
#endif

// _crc32(bytes, value = 0): zlib.crc32's result, folding 64 bytes at a time.
Napi::Value Crc32(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ExpectedError("Uint8Array", "data", info[0]);
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  uint32_t crc = IsAbsent(info[1]) ? 0 : static_cast<uint32_t>(ToInt(info[1], "value"));
  const uint8_t* p = bytes.Data();
  size_t n = bytes.ByteLength();
#if defined(__x86_64__)
  if (n >= 64) {
    size_t bulk = n & ~static_cast<size_t>(15);
    crc = ~FoldPclmul(~crc, p, bulk);
    p += bulk;
    n -= bulk;
  }
#endif
  return Napi::Number::New(info.Env(), Crc32Bytes(crc, p, n));
}

}  // namespace

void RegisterCrc32(Props& methods, Napi::Object exports) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1")) SetFunction(exports, "_crc32", Guarded<Crc32>);
#endif
}

}  // namespace tn

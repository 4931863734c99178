// How fast can one epoch of the lab's MNIST batches be made, at best?
//
// The loader's work per epoch: gather 60,000 rows of 784 uint8 pixels in the
// shuffled order, then ToTensor and Normalize, which torchvision computes as
// (float32(u8) / 255 - float32(0.1307)) / float32(0.3081) in float32. This
// times standalone kernels for that work, on the same shape and order
// (batches of 512 into one reused output buffer, the images in a huge-page
// block as torchnode's allocator gives them), and checks each against the
// plain formula bit for bit. torchnode's loader is the "gather, then
// divisions" kind: ATen's index_select, then native/transforms.cc's one pass
// (built for x86-64-v4, AVX2 and baseline, chosen at load). The README's
// performance section quotes these figures beside the loader's own time
// (bench/loader.ts).
//
//   g++ -O3 -march=native bench/native/loader_floor.cc -o /tmp/loader_floor && /tmp/loader_floor
//   (and -O3 -mavx2 -mfma for an AVX2 build)
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

namespace {

constexpr int kImages = 60000, kPixels = 784, kBatch = 512;

// The divisors come from memory, so the compiler cannot fold the arithmetic.
volatile float scale_v = 255.f, mean_v = 0.1307f, std_v = 0.3081f;

float Reference(uint8_t u, float scale, float mean, float sd) { return (float(u) / scale - mean) / sd; }

// a / b correctly rounded from a reciprocal and two FMAs; exact here only where checked.
inline float Div(float a, float b, float r) {
  float q = a * r;
  return std::fma(std::fma(-q, b, a), r, q);
}

struct Epoch {
  const uint8_t* images;
  const std::vector<int64_t>& order;
  float* out;
  uint8_t* rows;  // kBatch × kPixels scratch for the two-pass kernels
};

using Kernel = std::function<void(const uint8_t* src, float* dst, size_t n)>;

// Fused: each pixel read from its image row and written transformed.
void Fused(const Epoch& e, const Kernel& k) {
  for (int b = 0; b * kBatch < kImages; b++) {
    int n = std::min(kBatch, kImages - b * kBatch);
    for (int r = 0; r < n; r++) k(e.images + size_t(e.order[b * kBatch + r]) * kPixels, e.out + size_t(r) * kPixels, kPixels);
  }
}

// Two passes: memcpy the batch's rows together (as index_select does), then transform the batch.
void Gathered(const Epoch& e, const Kernel& k) {
  for (int b = 0; b * kBatch < kImages; b++) {
    int n = std::min(kBatch, kImages - b * kBatch);
    for (int r = 0; r < n; r++) std::memcpy(e.rows + size_t(r) * kPixels, e.images + size_t(e.order[b * kBatch + r]) * kPixels, kPixels);
    k(e.rows, e.out, size_t(n) * kPixels);
  }
}

}  // namespace

int main() {
  size_t bytes = size_t(kImages) * kPixels, huge = 2 << 20;
  auto* images = static_cast<uint8_t*>(std::aligned_alloc(huge, (bytes + huge - 1) / huge * huge));
  madvise(images, (bytes + huge - 1) / huge * huge, MADV_HUGEPAGE);
  std::mt19937 rng(0);
  for (size_t i = 0; i < bytes; i++) images[i] = uint8_t(rng());
  std::vector<int64_t> order(kImages);
  for (int i = 0; i < kImages; i++) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  auto* out = static_cast<float*>(std::aligned_alloc(64, size_t(kBatch) * kPixels * 4));
  std::vector<uint8_t> rows(size_t(kBatch) * kPixels);
  Epoch epoch{images, order, out, rows.data()};

  const float scale = scale_v, mean = mean_v, sd = std_v, rscale = 1.f / scale, rsd = 1.f / sd;
  float table[256];
  for (int u = 0; u < 256; u++) table[u] = Reference(uint8_t(u), scale, mean, sd);

  Kernel divide = [=](const uint8_t* s, float* d, size_t n) { for (size_t j = 0; j < n; j++) d[j] = (float(s[j]) / scale - mean) / sd; };
  Kernel reciprocal = [=](const uint8_t* s, float* d, size_t n) { for (size_t j = 0; j < n; j++) d[j] = Div(Div(float(s[j]), scale, rscale) - mean, sd, rsd); };
  Kernel lookup = [&](const uint8_t* s, float* d, size_t n) { for (size_t j = 0; j < n; j++) d[j] = table[s[j]]; };
  Kernel convert = [](const uint8_t* s, float* d, size_t n) { for (size_t j = 0; j < n; j++) d[j] = float(s[j]); };

  struct Variant { const char* name; void (*shape)(const Epoch&, const Kernel&); Kernel* kernel; bool exact; };
  Variant variants[] = {
      {"fused, divisions", Fused, &divide, true},
      {"fused, reciprocal + FMA", Fused, &reciprocal, true},
      {"fused, 256-entry table", Fused, &lookup, true},
      {"gather, then divisions", Gathered, &divide, true},
      {"gather, then convert only (no arithmetic: a lower bound)", Gathered, &convert, false},
  };
  for (const Variant& v : variants) {
    if (v.exact) {  // every pixel value, against the plain formula
      uint8_t all[256];
      float got[256];
      for (int u = 0; u < 256; u++) all[u] = uint8_t(u);
      (*v.kernel)(all, got, 256);
      for (int u = 0; u < 256; u++) {
        float want = Reference(uint8_t(u), scale, mean, sd);
        if (std::memcmp(&want, &got[u], 4) != 0) std::printf("%s: pixel %d differs from the reference\n", v.name, u);
      }
    }
    std::vector<double> ms;
    for (int rep = 0; rep < 7; rep++) {
      auto t0 = std::chrono::steady_clock::now();
      v.shape(epoch, *v.kernel);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-58s %6.1f ms an epoch (median of 7; min %.1f)\n", v.name, ms[3], ms[0]);
  }
  std::free(images);
  std::free(out);
}

// A caching CPU allocator, installed in place of c10's default one.
//
// Why: torchnode's tensors are freed by V8's garbage collector in batches,
// not one by one as Python's refcount frees them. glibc then hands the freed
// heap back to the kernel, and the next tensors fault their pages in again:
// on a VM a page fault costs ~20 µs, so a fresh 4 MB result costs ~4 ms that
// Python never pays. Keeping freed blocks by size and handing them out again,
// as PyTorch's CUDA caching allocator does on the GPU, removes that cost.
// Blocks of 2 MB and more are backed by transparent huge pages (as PyTorch
// 2.x's THP_MEM_ALLOC_ENABLE does): a fresh 188 MB tensor then takes 94
// faults instead of 48,000. Smaller blocks come from c10::alloc_cpu
// (alignment and fill as libtorch's own); those below kMinCached go straight
// back to it. The cache holds at most TORCHNODE_CPU_CACHE_MB (default 1024;
// 0 leaves libtorch's allocator alone), and blocks that sat unused for a
// whole window of TORCHNODE_CPU_CACHE_IDLE_S seconds (default 5) go back to
// the system, so RSS follows the working set of the last seconds rather than
// the highest peak ever (a collection that came late, a one-off load).
//
// The small allocations left to glibc (TensorImpls, Node-API references,
// tensors under 4 KB) are freed in the same batches; glibc's defaults then
// trim its heap and consolidate fast bins at every batch. Installing the
// cache also sets M_TRIM_THRESHOLD to 64 MB, M_MMAP_THRESHOLD to 32 MB (its
// own dynamic ceiling) and M_MXFAST to 0: a 1-element add went from ~3.1 µs
// to ~2.5 µs here.
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common.h"
#include "compat.h"

namespace tn {
namespace {

constexpr size_t kMinCached = 4096;
constexpr size_t kRound = 4096;  // sizes are cached in whole pages...
constexpr size_t kHugePage = 2 * 1024 * 1024;
constexpr size_t kLargeRound = kHugePage / 8;  // ...and from 2 MB, in 256 KB steps (at most 12% unused)

// `size` is a multiple of kRound; from kHugePage up, of kLargeRound.
void* AllocBlock(size_t size) {
  if (size < kHugePage) return c10::alloc_cpu(size);
  void* p = nullptr;
  if (posix_memalign(&p, kHugePage, size) != 0) {
    TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", size, " bytes.");
  }
  madvise(p, size, MADV_HUGEPAGE);  // a hint: without THP the pages stay 4 KB
  return p;
}
void FreeBlock(void* p, size_t size) {
  if (size < kHugePage) {
    c10::free_cpu(p);
  } else {
    std::free(p);
  }
}
size_t RoundSize(size_t n) {
  size_t unit = n < kHugePage ? kRound : kLargeRound;
  return (n + unit - 1) / unit * unit;
}

struct Stats {
  size_t allocated = 0;  // bytes handed out and not yet freed (cacheable sizes)
  size_t cached = 0;     // bytes held in the cache
  size_t peak_cached = 0;
  uint64_t hits = 0, misses = 0, evictions = 0, released = 0;
};

// The cached blocks of one size. The first `idle` have not been handed out
// since the current window began (blocks are taken from the back).
struct FreeList {
  std::vector<void*> blocks;
  size_t idle = 0;
};
using Freed = std::vector<std::pair<void*, size_t>>;

class CachingCpuAllocator final : public AllocatorBase {
 public:
  CachingCpuAllocator(size_t limit, std::chrono::milliseconds idle_window) : limit_(limit), idle_window_(idle_window) {}

  c10::DataPtr allocate(size_t n) TN_ALLOCATE_CONST override {
    if (n < kMinCached) {
      // Freed by c10::free_cpu itself: no lock and no lookup per small tensor.
      void* p = n ? c10::alloc_cpu(n) : nullptr;
      return {p, p, &c10::free_cpu, c10::Device(c10::DeviceType::CPU)};
    }
    void* p = Self().Take(RoundSize(n));
    return {p, p, &Delete, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DeleterFnPtr raw_deleter() const override { return &Delete; }

  Stats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }
  void EmptyCache() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, list] : free_) {
      for (void* p : list.blocks) FreeBlock(p, size);
      stats_.cached -= size * list.blocks.size();
    }
    free_.clear();
  }
  static CachingCpuAllocator* instance;

 private:
  // allocate() is const in libtorch < 2.3; the cache behind it is not.
  CachingCpuAllocator& Self() const { return *const_cast<CachingCpuAllocator*>(this); }

  void* Take(size_t size) {
    Freed released;
    void* hit = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ReleaseIdle(released);
      auto it = free_.find(size);
      if (it != free_.end()) {
        FreeList& list = it->second;
        hit = list.blocks.back();
        list.blocks.pop_back();
        list.idle = std::min(list.idle, list.blocks.size());
        if (list.blocks.empty()) free_.erase(it);
        stats_.cached -= size;
        stats_.allocated += size;
        stats_.hits++;
        sizes_[hit] = size;
      } else {
        stats_.misses++;
      }
    }
    Free(released);
    if (hit) return hit;
    void* p = AllocBlock(size);  // throws c10::Error when out of memory
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.allocated += size;
    sizes_[p] = size;
    return p;
  }

  void Give(void* p) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto it = sizes_.find(p);
    if (it == sizes_.end()) {  // a block below kMinCached, through raw_deleter()
      lock.unlock();
      c10::free_cpu(p);
      return;
    }
    size_t size = it->second;
    sizes_.erase(it);
    stats_.allocated -= size;
    if (size > limit_) {
      lock.unlock();
      FreeBlock(p, size);
      return;
    }
    // Over the limit: the largest cached blocks go first (one-off loads),
    // keeping the many same-sized blocks a training loop reuses.
    Freed evicted;
    ReleaseIdle(evicted);
    while (stats_.cached + size > limit_ && !free_.empty()) {
      auto last = std::prev(free_.end());
      FreeList& list = last->second;
      evicted.emplace_back(list.blocks.back(), last->first);
      list.blocks.pop_back();
      list.idle = std::min(list.idle, list.blocks.size());
      stats_.cached -= last->first;
      stats_.evictions++;
      if (list.blocks.empty()) free_.erase(last);
    }
    free_[size].blocks.push_back(p);
    stats_.cached += size;
    if (stats_.cached > stats_.peak_cached) stats_.peak_cached = stats_.cached;
    lock.unlock();
    Free(evicted);
  }

  // At the end of each window, the blocks no one took during it leave the
  // cache (into `out`, freed once the lock is released). Called locked.
  void ReleaseIdle(Freed& out) {
    auto now = std::chrono::steady_clock::now();
    if (now - window_start_ < idle_window_) return;
    window_start_ = now;
    for (auto it = free_.begin(); it != free_.end();) {
      FreeList& list = it->second;
      for (size_t i = 0; i < list.idle; ++i) out.emplace_back(list.blocks[i], it->first);
      list.blocks.erase(list.blocks.begin(), list.blocks.begin() + static_cast<std::ptrdiff_t>(list.idle));
      stats_.cached -= it->first * list.idle;
      stats_.released += list.idle;
      list.idle = list.blocks.size();
      it = list.blocks.empty() ? free_.erase(it) : std::next(it);
    }
  }
  static void Free(const Freed& blocks) {
    for (auto [p, size] : blocks) FreeBlock(p, size);
  }

  static void Delete(void* p) {
    if (p) instance->Give(p);
  }

  const size_t limit_;
  const std::chrono::milliseconds idle_window_;
  std::mutex mutex_;
  std::map<size_t, FreeList> free_;
  std::chrono::steady_clock::time_point window_start_ = std::chrono::steady_clock::now();
  std::unordered_map<void*, size_t> sizes_;
  Stats stats_;
};

CachingCpuAllocator* CachingCpuAllocator::instance = nullptr;

// A non-negative number from the environment, or `otherwise`.
double EnvNumber(const char* name, double otherwise) {
  const char* env = std::getenv(name);
  if (!env || !*env) return otherwise;
  char* end = nullptr;
  double v = std::strtod(env, &end);
  return *end || !(v >= 0) ? otherwise : v;
}

// Installed once per process (worker threads share it) and never destroyed:
// tensors may outlive every environment.
void Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto limit = static_cast<size_t>(EnvNumber("TORCHNODE_CPU_CACHE_MB", 1024) * (1 << 20));
    auto idle = std::chrono::milliseconds(static_cast<int64_t>(EnvNumber("TORCHNODE_CPU_CACHE_IDLE_S", 5) * 1000));
    if (limit == 0) return;
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_MXFAST, 0);
#endif
    CachingCpuAllocator::instance = new CachingCpuAllocator(limit, idle);
    c10::SetCPUAllocator(CachingCpuAllocator::instance, /*priority=*/1);
  });
}

// _cpuCacheStats(): null when the cache is off.
Napi::Value CacheStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CachingCpuAllocator::instance) return env.Null();
  Stats s = CachingCpuAllocator::instance->stats();
  Napi::Object o = Napi::Object::New(env);
  o.Set("allocated_bytes", static_cast<double>(s.allocated));
  o.Set("cached_bytes", static_cast<double>(s.cached));
  o.Set("peak_cached_bytes", static_cast<double>(s.peak_cached));
  o.Set("hits", static_cast<double>(s.hits));
  o.Set("misses", static_cast<double>(s.misses));
  o.Set("evictions", static_cast<double>(s.evictions));
  o.Set("released", static_cast<double>(s.released));
  // Memory freed to glibc that it keeps in its arenas: RSS still counts it,
  // though nothing holds it (a soak's "held" figure leaves it out).
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  o.Set("malloc_free_bytes", static_cast<double>(mallinfo2().fordblks));
#elif defined(__GLIBC__)
  o.Set("malloc_free_bytes", static_cast<double>(static_cast<unsigned int>(mallinfo().fordblks)));
#else
  o.Set("malloc_free_bytes", 0.0);
#endif
  return o;
}

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  if (CachingCpuAllocator::instance) CachingCpuAllocator::instance->EmptyCache();
  return info.Env().Undefined();
}

}  // namespace

void RegisterCpuAllocator(Props& methods, Napi::Object exports) {
  Install();
  SetFunction(exports, "_cpuCacheStats", Guarded<CacheStats>);
  SetFunction(exports, "_cpuEmptyCache", Guarded<EmptyCache>);
}

}  // namespace tn

// dropout kernels of the CPU. The mask is drawn in fixed blocks, each from its own generator
// seeded from the op's seed and the block's number, so it is the same whatever the number of
// threads.
#include <algorithm>

#include "autograd/cpu/cpu_backend.h"
#include "autograd/cpu/parallel.h"

namespace buildgpt::cpu {
namespace {

constexpr int64_t kMaskBlock = 4096;
constexpr uint64_t kBlockSeedStep = 0x9E3779B97F4A7C15ULL;  // 2⁶⁴ / golden ratio

}  // namespace

void CpuBackend::dropout(const Tensor& x, double p, uint64_t seed, float scale, Tensor& keep,
                         Tensor& y) {
  const auto drop = static_cast<float>(p);
  const int64_t n = x.numel(), blocks = (n + kMaskBlock - 1) / kMaskBlock;
  const float* px = ptr<float>(x);
  bool* pk = ptr<bool>(keep);
  float* po = ptr<float>(y);
  parallel_for(blocks, kParallelGrain / kMaskBlock, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      Generator block_gen(seed + static_cast<uint64_t>(b) * kBlockSeedStep);
      for (int64_t i = b * kMaskBlock; i < std::min(n, (b + 1) * kMaskBlock); ++i) {
        pk[i] = block_gen.next_float() >= drop;
        po[i] = pk[i] ? px[i] * scale : 0.0f;
      }
    }
  });
}

void CpuBackend::dropout_backward(const Tensor& dy, const Tensor& keep, float scale, Tensor& dx) {
  const bool* pk = ptr<bool>(keep);
  const float* pg = ptr<float>(dy);
  float* pd = ptr<float>(dx);
  parallel_for(dy.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) pd[i] = pk[i] ? pg[i] * scale : 0.0f;
  });
}

}  // namespace buildgpt::cpu

// dropout with a seeded mask. The mask is drawn in fixed blocks, each from its own generator
// seeded from one draw of the caller's, so it is the same whatever the number of threads.
#include <algorithm>
#include <string>

#include "autograd/cpu/parallel.h"
#include "autograd/creation.h"
#include "autograd/graph.h"
#include "autograd/ops/nn.h"

namespace buildgpt {
namespace {

constexpr int64_t kMaskBlock = 4096;
constexpr uint64_t kBlockSeedStep = 0x9E3779B97F4A7C15ULL;  // 2⁶⁴ / golden ratio

}  // namespace

Tensor dropout(const Tensor& x, double p, bool training, Generator* gen) {
  check_float("dropout", x);
  check_cpu("dropout", x);
  if (!(p >= 0 && p <= 1)) {
    fail("dropout", "probability p must be in [0, 1], got " + std::to_string(p));
  }
  if (!training || p == 0) return x;
  Generator& g = gen ? *gen : default_generator();
  const uint64_t seed = (static_cast<uint64_t>(g.next_u32()) << 32) | g.next_u32();
  const auto drop = static_cast<float>(p);
  const float scale = p == 1 ? 0.0f : static_cast<float>(1 / (1 - p));
  const int64_t n = x.numel(), blocks = (n + kMaskBlock - 1) / kMaskBlock;
  Tensor keep = empty(x.shape(), kBool), out = empty(x.shape());
  const float* px = x.data<float>();
  bool* pk = keep.data<bool>();
  float* po = out.data<float>();
  cpu::parallel_for(blocks, cpu::kParallelGrain / kMaskBlock, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      Generator block_gen(seed + static_cast<uint64_t>(b) * kBlockSeedStep);
      for (int64_t i = b * kMaskBlock; i < std::min(n, (b + 1) * kMaskBlock); ++i) {
        pk[i] = block_gen.next_float() >= drop;
        po[i] = pk[i] ? px[i] * scale : 0.0f;
      }
    }
  });
  // dx = mask · dy / (1 − p), with the forward's mask
  return record("dropout", out, {x}, [keep, scale](const Tensor& g, const NeedsGrad&) -> Grads {
    Tensor dx = empty(g.shape());
    const bool* pk = keep.data<bool>();
    const float* pg = g.data<float>();
    float* pd = dx.data<float>();
    cpu::parallel_for(g.numel(), cpu::kParallelGrain, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) pd[i] = pk[i] ? pg[i] * scale : 0.0f;
    });
    return {dx};
  });
}

}  // namespace buildgpt

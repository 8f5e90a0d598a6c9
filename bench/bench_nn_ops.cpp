// Fused neural-network ops at GPT-2 sizes: forward alone and forward + backward. Items are the
// input's elements, so the rate reads as elements per second.
#include <benchmark/benchmark.h>

#include "autograd/autograd.h"

namespace buildgpt {
namespace {

constexpr int64_t kRows = 8 * 1024, kWidth = 768;  // batch 8 x 1024 tokens x 768 channels
constexpr int64_t kLossRows = 4 * 256, kVocab = 50257;

Tensor leaf(const Shape& shape) {
  Tensor t = randn(shape);
  t.requires_grad_(true);
  return t;
}

// Runs op once per iteration, and backward through it when `backward` is set.
template <typename Op>
void run(benchmark::State& state, Tensor x, bool backward, Op op) {
  for (auto _ : state) {
    if (!backward) {
      NoGradGuard no_grad;
      benchmark::DoNotOptimize(op());
      continue;
    }
    const Tensor y = op();
    y.backward(y.numel() == 1 ? Tensor() : ones(y.shape()));
    benchmark::DoNotOptimize(x.grad());
    x.zero_grad();
  }
  state.SetItemsProcessed(state.iterations() * x.numel());
}

void BM_Softmax(benchmark::State& state) {
  const Tensor x = leaf({kRows, kWidth});
  run(state, x, state.range(0) != 0, [&] { return softmax(x, -1); });
}

void BM_LayerNorm(benchmark::State& state) {
  const Tensor x = leaf({kRows, kWidth}), w = leaf({kWidth}), b = leaf({kWidth});
  run(state, x, state.range(0) != 0, [&] { return layer_norm(x, {kWidth}, w, b); });
}

void BM_CrossEntropy(benchmark::State& state) {
  const Tensor logits = leaf({kLossRows, kVocab});
  const Tensor targets = randint(0, kVocab, {kLossRows});
  run(state, logits, state.range(0) != 0, [&] { return cross_entropy(logits, targets); });
}

// range(0): 0 forward only, 1 forward + backward.
BENCHMARK(BM_Softmax)
    ->ArgName("backward")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LayerNorm)
    ->ArgName("backward")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_CrossEntropy)
    ->ArgName("backward")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace buildgpt

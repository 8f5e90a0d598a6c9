// The neural-network ops of a GPT-2 step at its sizes, forward alone (backward:0) and forward +
// backward (backward:1); bench/torch_peer.py --only nn runs the same cases in PyTorch, and
// bench/compare_nn_ops.py runs the two interleaved. Items are the input's elements.
#include <benchmark/benchmark.h>

#include <functional>

#include "autograd/autograd.h"

namespace buildgpt {
namespace {

constexpr int64_t kRows = 4096;  // batch × tokens
constexpr int64_t kVocab = 50257;

Tensor leaf(const Shape& shape, uint64_t seed) {
  Generator gen(seed);
  Tensor t = randn(shape, &gen);
  t.requires_grad_(true);
  return t;
}

// Runs op once per iteration, and backward through it (with a gradient of ones, made once) when
// state.range(0) is 1. Every leaf's gradient is dropped after each iteration.
void run(benchmark::State& state, const std::vector<Tensor>& leaves,
         const std::function<Tensor()>& op) {
  const bool backward = state.range(0) != 0;
  Tensor grad;
  {
    NoGradGuard no_grad;
    const Tensor y = op();
    if (y.numel() != 1) grad = ones(y.shape());
  }
  for (auto _ : state) {
    if (!backward) {
      NoGradGuard no_grad;
      benchmark::DoNotOptimize(op());
      continue;
    }
    op().backward(grad);
    for (Tensor x : leaves) {
      benchmark::DoNotOptimize(x.grad());
      x.zero_grad();
    }
  }
  state.SetItemsProcessed(state.iterations() * leaves[0].numel());
}

void BM_GeluTanh(benchmark::State& state) {
  const Tensor x = leaf({kRows, 3072}, 1);
  run(state, {x}, [&] { return gelu(x, GeluApproximation::Tanh); });
}

void BM_Softmax(benchmark::State& state) {
  const Tensor x = leaf({kRows, 1024}, 2);
  run(state, {x}, [&] { return softmax(x, -1); });
}

void BM_LayerNorm(benchmark::State& state) {
  const Tensor x = leaf({kRows, 768}, 3), w = leaf({768}, 4), b = leaf({768}, 5);
  run(state, {x, w, b}, [&] { return layer_norm(x, {768}, w, b); });
}

// GPT-2's MLP input layer: [4096, 768] · [3072, 768]ᵀ + bias.
void BM_Linear(benchmark::State& state) {
  const Tensor x = leaf({kRows, 768}, 6), w = leaf({3072, 768}, 7), b = leaf({3072}, 8);
  run(state, {x, w, b}, [&] { return linear(x, w, b); });
}

void BM_CrossEntropy(benchmark::State& state) {
  const Tensor logits = leaf({512, kVocab}, 9);
  Generator gen(10);
  const Tensor targets = randint(0, kVocab, {512}, &gen);
  run(state, {logits}, [&] { return cross_entropy(logits, targets); });
}

// Causal attention of GPT-2's heads: [4, 12, T, 64] each for q, k and v.
void BM_Attention(benchmark::State& state) {
  const Shape shape{4, 12, state.range(1), 64};
  const Tensor q = leaf(shape, 11), k = leaf(shape, 12), v = leaf(shape, 13);
  run(state, {q, k, v}, [&] { return scaled_dot_product_attention(q, k, v, true); });
}

// GPT-2's token embedding [50257, 768] read at 4096 ids.
void BM_Embedding(benchmark::State& state) {
  const Tensor w = leaf({kVocab, 768}, 14);
  Generator gen(15);
  const Tensor ids = randint(0, kVocab, {kRows}, &gen);
  run(state, {w}, [&] { return embedding(ids, w); });
}

#define BUILDGPT_NN_OP(name) \
  BENCHMARK(name)->ArgName("backward")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()
BUILDGPT_NN_OP(BM_GeluTanh);
BUILDGPT_NN_OP(BM_Softmax);
BUILDGPT_NN_OP(BM_LayerNorm);
BUILDGPT_NN_OP(BM_Linear);
BUILDGPT_NN_OP(BM_CrossEntropy);
BUILDGPT_NN_OP(BM_Embedding);
BENCHMARK(BM_Attention)
    ->ArgNames({"backward", "T"})
    ->ArgsProduct({{0, 1}, {64, 256}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace buildgpt

// Generation with GPT-2 small's sizes (124M parameters, random weights): 200 new tokens after an
// 8-token prompt, with the key-value cache (the prompt once, then one token per step) and
// without it (every step runs the whole sequence again). Tokens per second are the new tokens
// over the wall time. Run alone, it takes minutes (one thread, three interleaved repetitions):
//   OMP_NUM_THREADS=1 build/release/bench/bench_generate --benchmark_repetitions=3
//       --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include "autograd/autograd.h"
#include "nn/gpt.h"

namespace buildgpt::nn {
namespace {

constexpr int64_t kPrompt = 8, kNew = 200;

GPT& model() {
  static GPT gpt = [] {
    Generator gen(0);
    return GPT(GPTConfig::preset("gpt2"), &gen);
  }();
  return gpt;
}

void BM_Generate(benchmark::State& state) {
  GPT& gpt = model();
  GenerateOptions options;
  options.use_cache = state.range(0) != 0;
  Generator prompt_gen(1);
  const Tensor prompt = randint(0, gpt.config.vocab_size, {1, kPrompt}, &prompt_gen);
  for (auto _ : state) {
    Generator gen(2);
    benchmark::DoNotOptimize(gpt.generate(prompt, kNew, options, &gen));
  }
  state.counters["tokens_per_s"] =
      benchmark::Counter(double(kNew) * double(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Generate)
    ->ArgName("cache")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace buildgpt::nn

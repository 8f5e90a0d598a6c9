// Generation with GPT-2 small (124M parameters): random weights, or the published ones from the
// Hugging Face folder named by BUILDGPT_BENCH_MODEL (scripts/fetch_gpt2.sh downloads
// data/models/gpt2). 200 new tokens after an 8-token prompt, with the key-value cache (the prompt
// once, then one token per step) and without it (every step runs the whole sequence again). Tokens
// per second are the new tokens over the wall time. Run alone, it takes minutes (one thread, three
// interleaved repetitions):
//   OMP_NUM_THREADS=1 build/release/bench/bench_generate --benchmark_repetitions=3
//       --benchmark_enable_random_interleaving=true
// bench/torch_generate.py is PyTorch's side of the cached case, and runs both interleaved.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "autograd/autograd.h"
#include "nn/gpt.h"
#include "nn/hf_gpt2.h"

namespace buildgpt::nn {
namespace {

constexpr int64_t kPrompt = 8, kNew = 200;

const char* const kModelFolder = std::getenv("BUILDGPT_BENCH_MODEL");

GPT& model() {
  static const std::unique_ptr<GPT> gpt = []() -> std::unique_ptr<GPT> {
    if (kModelFolder) return load_hf_gpt2(kModelFolder);
    Generator gen(0);
    return std::make_unique<GPT>(GPTConfig::preset("gpt2"), &gen);
  }();
  return *gpt;
}

const bool kWeightsContextAdded = [] {
  benchmark::AddCustomContext("weights", kModelFolder ? kModelFolder : "random");
  return true;
}();

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

#include "scale_estimates.h"

#include <cstdio>

#include "memory_model.h"
#include "nn/gpt_config.h"

namespace buildgpt::lessons {
namespace {

constexpr double kGB = 1e9;

// 12·L·C² in the blocks, V·C for the embedding and as much again for an untied output.
double block_model_parameters(int64_t layers, int64_t width, int64_t vocab) {
  const auto c = static_cast<double>(width);
  return 12 * static_cast<double>(layers) * c * c + 2 * static_cast<double>(vocab) * c;
}

}  // namespace

std::vector<ScaleModel> scale_models() {
  const nn::GPTConfig xl = nn::GPTConfig::preset("gpt2-xl");
  return {
      {"GPT-2 XL", static_cast<double>(xl.parameter_count()), xl.layers, xl.width, xl.heads,
       xl.context},
      {"7B", block_model_parameters(32, 4096, 32000), 32, 4096, 32, 2048},
      {"100B", block_model_parameters(80, 10240, 32000), 80, 10240, 80, 2048},
  };
}

void print_scale_tables(const std::vector<ScaleModel>& models, const ComputeAssumptions& a) {
  std::printf(
      "\nESTIMATES, by formula (GB = 10^9 bytes). Training state per parameter: float32 weights,\n"
      "gradients and AdamW's two moments 4 + 4 + 8 = 16 bytes; mixed precision 16-bit weights and\n"
      "gradients plus a float32 master copy and moments 2 + 2 + 12 = 16 bytes, 12 of them the\n"
      "optimizer's, which sharding over N devices divides by N (each keeps 4 + 12/N). "
      "Activations:\n"
      "16C + heads + 4 values per token per block (our engine's count), 2 bytes each in 16-bit,\n"
      "one sequence of the model's context; checkpointed, C values per token per block.\n\n");
  std::printf("%-9s %10s %9s %11s %11s %11s %13s %13s\n", "model", "params", "state GB",
              "shard/8 GB", "shard/64 GB", "context", "acts/seq GB", "ckpt/seq GB");
  for (const ScaleModel& m : models) {
    const double n = m.parameters;
    const double tokens_layers = static_cast<double>(m.context * m.layers);
    const double acts =
        2 * tokens_layers * static_cast<double>(saved_values_per_token(m.width, m.heads)) / kGB;
    const double ckpt = 2 * tokens_layers * static_cast<double>(m.width) / kGB;
    std::printf("%-9s %9.2fB %9.0f %11.0f %11.0f %11lld %13.1f %13.2f\n", m.name.c_str(), n / 1e9,
                16 * n / kGB, (4 + 12.0 / 8) * n / kGB, (4 + 12.0 / 64) * n / kGB,
                static_cast<long long>(m.context), acts, ckpt);
  }
  std::printf(
      "\nESTIMATES of training compute: D = %.0f tokens per parameter, 6·N·D FLOPs (2 forward, 4\n"
      "backward per parameter and token), GPUs of %.0f TFLOP/s at %.0f%% of it.\n\n",
      a.tokens_per_parameter, a.peak_flops / 1e12, 100 * a.utilisation);
  std::printf("%-9s %12s %12s %14s %14s %14s\n", "model", "tokens", "FLOPs", "days, 8 GPUs",
              "days, 256", "days, 4096");
  for (const ScaleModel& m : models) {
    const double tokens = a.tokens_per_parameter * m.parameters;
    const double flops = 6 * m.parameters * tokens;
    std::printf("%-9s %12.3g %12.3g", m.name.c_str(), tokens, flops);
    for (const int gpus : {8, 256, 4096}) {
      std::printf(" %14.3g", flops / (gpus * a.peak_flops * a.utilisation) / 86400);
    }
    std::printf("\n");
  }
}

}  // namespace buildgpt::lessons

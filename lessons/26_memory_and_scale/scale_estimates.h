// The memory and compute formulas carried to models no machine here can hold: GPT-2 XL, a 7B and
// a 100B model. Estimates from formulas, not measurements.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace buildgpt::lessons {

struct ScaleModel {
  std::string name;
  double parameters;
  int64_t layers, width, heads, context;
};

// GPT-2 XL (its own count), a 7B model (32 blocks of width 4096, a 32,000-token vocabulary) and a
// 100B one (80 blocks of width 10,240), the last two counted as 12·L·C² plus their embeddings.
std::vector<ScaleModel> scale_models();

// The assumptions the tables state: an A100's 312 TFLOP/s (bf16, dense) at 40% of it, and 20
// training tokens per parameter.
struct ComputeAssumptions {
  double peak_flops = 312e12;
  double utilisation = 0.4;
  double tokens_per_parameter = 20;
};

// Prints the memory table (bytes per parameter in float32 and mixed precision, the optimizer
// state sharded over 8 and 64 devices, activations per sequence) and the compute table (6·N·D
// FLOPs, days on 8, 256 and 4,096 GPUs).
void print_scale_tables(const std::vector<ScaleModel>& models, const ComputeAssumptions& a);

}  // namespace buildgpt::lessons

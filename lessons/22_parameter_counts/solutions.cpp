// Worked answers to lesson 22's exercises.
#include "exercises.h"

namespace buildgpt::lessons {
namespace {

bool has(const std::string& name, const char* part) { return name.find(part) != std::string::npos; }

bool ends_with(const std::string& name, const std::string& tail) {
  return name.size() >= tail.size() &&
         name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

int64_t block_parameter_count(int64_t C, bool bias) {
  const int64_t matrices =
      3 * C * C + C * C + 4 * C * C + 4 * C * C;         // c_attn, c_proj, c_fc, c_proj
  const int64_t gains = 2 * C;                           // ln_1, ln_2
  const int64_t biases = 3 * C + C + 4 * C + C + 2 * C;  // the same layers' biases
  return matrices + gains + (bias ? biases : 0);
}

int64_t gpt2_parameter_count(int64_t V, int64_t context, int64_t C, int64_t L,
                             bool tied_output_twice) {
  const int64_t once = V * C + context * C + L * block_parameter_count(C, true) + 2 * C;
  return once + (tied_output_twice ? V * C : 0);
}

PartCounts count_by_name(const std::vector<std::pair<std::string, Tensor>>& named) {
  PartCounts parts;
  for (const auto& [name, tensor] : named) {
    const bool bias = ends_with(name, ".bias");
    Part part;
    if (has(name, "wte.")) {
      part = Part::TokenEmbedding;
    } else if (has(name, "wpe.")) {
      part = Part::PositionEmbedding;
    } else if (has(name, ".ln_")) {  // ln_1, ln_2, ln_f
      part = bias ? Part::LayerNormBiases : Part::LayerNormWeights;
    } else if (has(name, ".attn.")) {
      part = bias ? Part::AttentionBiases : Part::AttentionWeights;
    } else if (has(name, ".mlp.")) {
      part = bias ? Part::MlpBiases : Part::MlpWeights;
    } else {
      part = Part::Output;  // lm_head
    }
    parts[part] += tensor.numel();
  }
  return parts;
}

}  // namespace buildgpt::lessons

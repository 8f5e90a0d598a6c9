#include "memory_model.h"

namespace buildgpt::lessons {

int64_t saved_values_per_token(int64_t width, int64_t heads) { return 16 * width + heads + 4; }

TrainingMemory training_memory(const nn::GPTConfig& config, int64_t tokens, bool checkpointed) {
  const auto n = static_cast<double>(config.parameter_count());
  const auto t = static_cast<double>(tokens), layers = static_cast<double>(config.layers);
  const double block =
      kFloatBytes * t * static_cast<double>(saved_values_per_token(config.width, config.heads));
  TrainingMemory m;
  m.parameters = kFloatBytes * n;
  m.gradients = kFloatBytes * n;
  m.adamw = 2 * kFloatBytes * n;
  m.activations = checkpointed
                      ? layers * kFloatBytes * t * static_cast<double>(config.width) + block
                      : layers * block;
  m.head = 2 * kFloatBytes * t * static_cast<double>(config.vocab_size);
  return m;
}

}  // namespace buildgpt::lessons

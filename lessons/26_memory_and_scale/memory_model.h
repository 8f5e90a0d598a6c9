// What training one of our GPTs holds in memory, by formula: the parameters, their gradients,
// AdamW's two moments, the activations each block keeps for its backward pass, and the logits.
// Everything is float32, 4 bytes a value.
#pragma once

#include <cstdint>

#include "nn/gpt_config.h"

namespace buildgpt::lessons {

inline constexpr double kFloatBytes = 4;

// The float32 values one pre-LN block of our engine keeps per token for its backward pass
// (without dropout): its input, ln_1's output and 2 statistics, q, k and v (the projection),
// the attention output (which attn.c_proj keeps too) and a log-sum-exp per head, the stream after
// attention, ln_2's output and 2 statistics, and the MLP's 4C before and after GELU:
// C + (C + 2) + 3C + (C + heads) + C + (C + 2) + 4C + 4C = 16C + heads + 4.
int64_t saved_values_per_token(int64_t width, int64_t heads);

struct TrainingMemory {
  double parameters = 0, gradients = 0, adamw = 0;  // 4, 4 and 8 bytes a parameter
  double activations = 0;                           // what the blocks keep, all of them
  double head = 0;  // the logits and their gradient, 2·V values a token
  double total() const { return parameters + gradients + adamw + activations + head; }
};

// For a batch of `tokens` tokens. With checkpointing each block keeps only its input (C values a
// token) and one block at a time holds the rest again during the backward pass.
TrainingMemory training_memory(const nn::GPTConfig& config, int64_t tokens, bool checkpointed);

}  // namespace buildgpt::lessons

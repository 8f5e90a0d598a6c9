// Choosing the next token from a model's logits, and generating text token by token.
#pragma once

#include <cstdint>
#include <functional>

#include "autograd/generator.h"
#include "nn/module.h"

namespace buildgpt::nn {

struct SamplingOptions {
  // Logits are divided by it; 0 means greedy (always the most likely token).
  double temperature = 1.0;
  // Keep only the k most likely tokens (ties broken by the lower id); 0 keeps all.
  int64_t top_k = 0;
  // Nucleus sampling: keep the smallest set of most likely tokens whose probability reaches
  // top_p (after temperature and top-k); 1 keeps all.
  double top_p = 1.0;
};

// One token id per row of logits [V] or [B, V], drawn from `gen` (the default generator when
// null): int64 [1] or [B, 1]. Throws std::invalid_argument on bad options or logits.
Tensor sample_next(const Tensor& logits, const SamplingOptions& options, Generator* gen = nullptr);

// Appends n_new tokens to ids [B, T] (int64): each step feeds the last block_size tokens to
// `model`, which returns logits [B, T', V], and samples from the last position, passing the ids
// drawn [B, 1] to `on_token` when given. Runs without recording a graph. Returns [B, T + n_new].
using LanguageModel = std::function<Tensor(const Tensor& ids)>;
Tensor generate(const LanguageModel& model, const Tensor& ids, int64_t n_new,
                const SamplingOptions& options, int64_t block_size, Generator* gen = nullptr,
                const std::function<void(const Tensor& next)>& on_token = {});
Tensor generate(Module& model, const Tensor& ids, int64_t n_new, const SamplingOptions& options,
                int64_t block_size, Generator* gen = nullptr);

}  // namespace buildgpt::nn

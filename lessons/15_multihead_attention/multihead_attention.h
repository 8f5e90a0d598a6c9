// The course's multi-head attention (Model 5's attention sublayer): queries, keys and values made
// by one full-width matrix each, split into heads by view and transpose, causal attention in
// every head at once, the heads merged back, then the linear mixing W0.
#pragma once

#include <cstdint>
#include <memory>

#include "nn/nn.h"

namespace buildgpt::lessons {

class MultiHeadAttention : public nn::Module {
 public:
  // embed_dim must be a multiple of num_heads; each head is embed_dim / num_heads wide.
  MultiHeadAttention(int64_t num_heads, int64_t embed_dim, Generator* gen = nullptr);

  // x [B, T, embed_dim] -> [B, T, embed_dim]; with track_sizes, prints the shape at each of the
  // course's 7 stages.
  Tensor run(const Tensor& x, bool track_sizes);
  Tensor forward(const Tensor& x) override { return run(x, false); }

  const int64_t num_heads, head_dim;
  std::shared_ptr<nn::Linear> query, key, value, W0;  // [embed_dim, embed_dim], no bias
};

}  // namespace buildgpt::lessons

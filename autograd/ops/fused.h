// The fused operations of neural networks: each one kernel forward and one backward, faster and
// lighter on memory than the same formula built from primitives.
#pragma once

#include "autograd/generator.h"
#include "autograd/tensor.h"

namespace buildgpt {

// softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x) along dim (softmax.cpp).
Tensor softmax(const Tensor& x, int64_t dim);
// log_softmax(x)_i = x_i - max x - log sum_j exp(x_j - max x) (softmax.cpp).
Tensor log_softmax(const Tensor& x, int64_t dim);

// Mean negative log-likelihood of `targets` (int64, shape [...]) under logits of shape [..., C]
// (classes last, as logits.view(B*T, C) in the course). Targets equal to ignore_index count
// neither in the sum nor in the mean. (cross_entropy.cpp)
Tensor cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index = -100);
// The same from log-probabilities: -mean(log_probs[i, targets[i]]).
Tensor nll_loss(const Tensor& log_probs, const Tensor& targets, int64_t ignore_index = -100);

// Normalises over the trailing dimensions `normalized_shape`, then scales by weight and adds bias
// (either may be undefined). (layer_norm.cpp)
Tensor layer_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight = Tensor(),
                  const Tensor& bias = Tensor(), double eps = 1e-5);

// Rows of weight [V, C] picked by int64 ids of any shape: output [..., C]. The backward adds
// each output row's gradient into the row it came from. (embedding.cpp)
Tensor embedding(const Tensor& ids, const Tensor& weight);

// Zeroes each element with probability p and scales the rest by 1/(1-p) when training; the
// identity otherwise. (dropout.cpp)
Tensor dropout(const Tensor& x, double p, bool training = true, Generator* gen = nullptr);

// softmax(q kᵀ / sqrt(d) [+ causal mask]) v over [..., T, d] tensors, with its own backward that
// recomputes nothing it saved. (attention.cpp)
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    bool is_causal = false);

}  // namespace buildgpt

// The fused operations of neural networks: each one kernel forward and one backward, faster and
// lighter on memory than the same formula built from primitives.
#pragma once

#include <cstdint>

#include "autograd/generator.h"
#include "autograd/ops/gelu_approximation.h"
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

// Divides by the root mean square over the trailing dimensions `normalized_shape`, then scales by
// weight (may be undefined): y = x / √(mean(x²) + eps) · weight. No centring, no bias: layer norm
// without the mean. (layer_norm.cpp)
Tensor rms_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight = Tensor(),
                double eps = 1e-6);

// gelu(x + bias) for x [..., N] and bias [N] (undefined: gelu(x)), in one pass: the MLP's bias
// and activation, without the intermediate x + bias. (bias_gelu.cpp)
Tensor bias_gelu(const Tensor& x, const Tensor& bias,
                 GeluApproximation approximate = GeluApproximation::None);

// Rows of weight [V, C] picked by int64 ids of any shape: output [..., C]. The backward adds
// each output row's gradient into the row it came from. (embedding.cpp)
Tensor embedding(const Tensor& ids, const Tensor& weight);

// Zeroes each element with probability p and scales the rest by 1/(1-p) when training; the
// identity otherwise. (dropout.cpp)
Tensor dropout(const Tensor& x, double p, bool training = true, Generator* gen = nullptr);

// Which keys query i (of Tq) may see among keys j (of Tk) in scaled_dot_product_attention.
enum class CausalMask : uint8_t {
  None,        // every key
  UpperLeft,   // j <= i: PyTorch's is_causal (the mask's top-left corner when Tq != Tk)
  LowerRight,  // j <= i + Tk - Tq: the queries are the last Tq of the Tk positions (a KV cache;
               // PyTorch's causal_lower_right). When Tq > Tk the first Tq - Tk queries see nothing.
};

struct AttentionOptions {
  CausalMask causal = CausalMask::None;
  // Optional, broadcast to [..., Tq, Tk]: bool (true where the query may attend to the key, as
  // PyTorch's boolean attn_mask) or float32 (added to the scores). It gets no gradient. Applies
  // together with `causal`.
  Tensor mask;
  // scores = scale · q kᵀ; 0 means 1/√d.
  double scale = 0;
  // Use only the first key_count rows of k and v (a preallocated key-value cache filled that
  // far; the rest get zero gradient); -1 uses them all.
  int64_t key_count = -1;
};

// softmax(scale · q kᵀ [+ mask]) v over q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv], with
// its own backward. The kernels work in tiles with an online softmax and save only the rows'
// log-sum-exp, so memory stays O(T·d) per head, never O(Tq·Tk). A query that sees no key gets
// zeros. (attention.cpp)
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const AttentionOptions& options);
// The same with PyTorch's is_causal: CausalMask::UpperLeft when set.
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    bool is_causal = false);

// Multi-head self-attention straight from a packed projection qkv [B, T, 3·C] (queries, keys and
// values side by side, as one linear layer makes them), C = heads · d: out [B, T, C] with the
// heads side by side. The numbers of splitting qkv in three, cutting each into heads
// (view [B, T, heads, d], transpose(1, 2)), scaled_dot_product_attention with is_causal, and
// merging the heads back, without any of those copies: the kernels read and write the heads
// where they lie. (attention.cpp)
Tensor multi_head_attention(const Tensor& qkv, int64_t heads, bool is_causal = false);

}  // namespace buildgpt

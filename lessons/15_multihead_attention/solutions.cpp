// Worked answers to lesson 15's exercises.
#include "exercises.h"

#include <stdexcept>
#include <string>

namespace buildgpt::lessons {

Tensor split_heads(const Tensor& x, int64_t heads) {
  const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
  if (heads <= 0 || C % heads != 0) {
    throw std::invalid_argument("split_heads: width " + std::to_string(C) +
                                " is not a multiple of " + std::to_string(heads) + " heads");
  }
  // view keeps each token's features in order, so head h's are the h-th run of C / heads.
  return x.view({B, T, heads, C / heads}).transpose(1, 2);
}

Tensor merge_heads(const Tensor& x) {
  const int64_t B = x.size(0), H = x.size(1), T = x.size(2), d = x.size(3);
  return x.transpose(1, 2).reshape({B, T, H * d});
}

Tensor multihead_attention(const Tensor& x, const Tensor& query, const Tensor& key,
                           const Tensor& value, const Tensor& w0, int64_t heads) {
  const Tensor q = split_heads(linear(x, query), heads), k = split_heads(linear(x, key), heads),
               v = split_heads(linear(x, value), heads);
  return linear(merge_heads(scaled_dot_product_attention(q, k, v, /*is_causal=*/true)), w0);
}

}  // namespace buildgpt::lessons

// Worked answers to lesson 11's exercises.
#include "exercises.h"

#include <cmath>
#include <limits>

namespace buildgpt::lessons {

Tensor attention_scores(const Tensor& q, const Tensor& k) {
  // Dividing by sqrt(d) keeps the scores' spread near 1 whatever the width: a dot product of d
  // terms of unit spread has a spread of sqrt(d).
  return q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(q.size(-1)));
}

Tensor causal_attention(const Tensor& q, const Tensor& k, const Tensor& v) {
  const int64_t T = q.size(-2);
  const Tensor future = ones({T, T}).triu(1) == 1.0;  // broadcasts over the batch dimensions
  const Tensor scores =
      attention_scores(q, k).masked_fill(future, -std::numeric_limits<double>::infinity());
  return softmax(scores, -1).matmul(v);
}

Tensor value_gradient(const Tensor& weights, const Tensor& grad_out) {
  // out = P v, so out_i = sum_j P_ij v_j and dL/dv_j = sum_i P_ij dL/dout_i: Pᵀ grad_out.
  return weights.transpose(-2, -1).matmul(grad_out);
}

}  // namespace buildgpt::lessons

// Worked answers to lesson 23's exercises.
#include "exercises.h"

#include <algorithm>

namespace buildgpt::lessons {

std::vector<double> density_histogram(const Tensor& values, const std::vector<double>& edges) {
  const size_t bins = edges.size() - 1;
  std::vector<double> counts(bins, 0.0);
  double inside = 0;
  for (const float v : values.to_vector<float>()) {
    if (!(v >= edges.front() && v <= edges.back())) continue;
    // The first edge above v closes v's bin; v == edges.back() goes in the last bin.
    const auto above = std::upper_bound(edges.begin(), edges.end(), static_cast<double>(v));
    const size_t bin = std::min<size_t>(static_cast<size_t>(above - edges.begin()) - 1, bins - 1);
    counts[bin] += 1;
    inside += 1;
  }
  for (size_t i = 0; i < bins && inside > 0; ++i) counts[i] /= inside * (edges[i + 1] - edges[i]);
  return counts;
}

QKVWeights split_qkv_weights(const Tensor& c_attn_weight) {
  const int64_t C = c_attn_weight.size(1);
  return {c_attn_weight.narrow(0, 0, C), c_attn_weight.narrow(0, C, C),
          c_attn_weight.narrow(0, 2 * C, C)};
}

double excess_kurtosis(const Tensor& values) {
  const Tensor centred = values - values.mean();
  const double var = centred.pow(2).mean().item();
  return centred.pow(4).mean().item() / (var * var) - 3;
}

}  // namespace buildgpt::lessons

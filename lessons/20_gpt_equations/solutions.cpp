// Worked answers to lesson 20's exercises.
#include "exercises.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace buildgpt::lessons {

double gelu_tanh(double u) {
  const double c = std::sqrt(2.0 / std::numbers::pi);
  return 0.5 * u * (1.0 + std::tanh(c * (u + 0.044715 * u * u * u)));
}

std::vector<float> layer_norm_row(const std::vector<float>& x, const std::vector<float>& gain,
                                  const std::vector<float>& shift, double eps) {
  const auto n = static_cast<double>(x.size());
  double mu = 0;
  for (const float v : x) mu += v;
  mu /= n;
  double variance = 0;
  for (const float v : x) variance += (v - mu) * (v - mu);
  variance /= n;
  const double scale = 1.0 / std::sqrt(variance + eps);
  std::vector<float> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    out[i] = static_cast<float>(gain[i] * (x[i] - mu) * scale + shift[i]);
  }
  return out;
}

std::vector<float> attention_row(const std::vector<float>& q,
                                 const std::vector<std::vector<float>>& keys,
                                 const std::vector<std::vector<float>>& values) {
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size()));
  std::vector<double> scores(keys.size());
  for (size_t j = 0; j < keys.size(); ++j) {
    double dot = 0;
    for (size_t i = 0; i < q.size(); ++i) dot += q[i] * keys[j][i];
    scores[j] = dot * scale;
  }
  const double top = *std::max_element(scores.begin(), scores.end());
  double total = 0;
  for (double& s : scores) total += s = std::exp(s - top);
  std::vector<double> out(values[0].size(), 0.0);
  for (size_t j = 0; j < values.size(); ++j) {
    for (size_t i = 0; i < out.size(); ++i) out[i] += scores[j] / total * values[j][i];
  }
  return {out.begin(), out.end()};
}

}  // namespace buildgpt::lessons

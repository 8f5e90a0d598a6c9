#include "lessons/common/attention_map.h"

#include <cmath>
#include <limits>

namespace buildgpt::lessons {

Tensor causal_attention_weights(const Tensor& q, const Tensor& k) {
  const int64_t T = q.size(-2);
  const Tensor scores = q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(q.size(-1)));
  const Tensor future = ones({T, T}).triu(1) == 1.0;
  return softmax(scores.masked_fill(future, -std::numeric_limits<double>::infinity()), -1);
}

plot::Plot& attention_heatmap(plot::Plot& panel, const Tensor& weights,
                              const std::vector<std::string>& labels) {
  return panel.xlabel("token being weighted (key)")
      .ylabel("token being processed (query)")
      .heatmap(weights.detach().contiguous(), labels, labels)
      .colorbar_label("attention weight");
}

std::vector<std::string> token_labels(const Tokenizer& tok, const std::vector<int64_t>& ids) {
  std::vector<std::string> labels;
  for (const int64_t id : ids) {
    std::string text = tok.decode({id}), shown;
    for (const char c : text) shown += c == '\n' ? std::string("\\n") : std::string(1, c);
    const size_t first = shown.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
      labels.push_back("(space)");
      continue;
    }
    labels.push_back(shown.substr(first, shown.find_last_not_of(" \t\r") - first + 1));
  }
  return labels;
}

std::vector<std::string> position_labels(int64_t n) {
  std::vector<std::string> labels;
  for (int64_t i = 0; i < n; ++i) labels.push_back(std::to_string(i));
  return labels;
}

}  // namespace buildgpt::lessons

// Worked answers to lesson 21's exercises.
#include "exercises.h"

#include <algorithm>

namespace buildgpt::lessons {

SortExample sort_example(const std::string& letters) {
  std::vector<int64_t> ids;
  for (const char c : letters) ids.push_back(c - 'A');
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  SortExample e;
  e.inputs = ids;
  e.inputs.insert(e.inputs.end(), sorted.begin(), sorted.end() - 1);
  e.targets.assign(ids.size() - 1, -100);
  e.targets.insert(e.targets.end(), sorted.begin(), sorted.end());
  return e;
}

HeadQKV head_qkv(const Tensor& qkv, int64_t heads, int64_t head) {
  const int64_t T = qkv.size(0), C = qkv.size(1) / 3;
  // Each third viewed as [T, heads, d]: head h is the h-th slice of the middle dimension.
  const std::vector<Tensor> thirds = chunk(qkv, 3, 1);
  auto of_head = [&](const Tensor& third) {
    return third.view({T, heads, C / heads}).select(1, head);
  };
  return {of_head(thirds[0]), of_head(thirds[1]), of_head(thirds[2])};
}

Tensor mlp_activations(const Tensor& x, const Tensor& ln_gain, const Tensor& ln_shift, double eps,
                       const Tensor& fc_weight, const Tensor& fc_bias) {
  const Tensor h = layer_norm(x, {x.size(-1)}, ln_gain, ln_shift, eps);
  return gelu(linear(h, fc_weight, fc_bias), GeluApproximation::Tanh);
}

}  // namespace buildgpt::lessons

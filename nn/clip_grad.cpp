#include "nn/clip_grad.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/ops/updates.h"

namespace buildgpt::nn {

double grad_norm(const std::vector<Tensor>& params) {
  double sum_sq = 0;
  for (const Tensor& p : params) {
    const Tensor g = p.grad();
    if (g.defined()) sum_sq += squared_norm(g);
  }
  return std::sqrt(sum_sq);
}

double clip_grad_norm(const std::vector<Tensor>& params, double max_norm) {
  if (!(max_norm > 0)) {
    throw std::invalid_argument("clip_grad_norm: max_norm must be positive, got " +
                                std::to_string(max_norm));
  }
  const double norm = grad_norm(params);
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1) {
    for (const Tensor& p : params) {
      Tensor g = p.grad();
      if (g.defined()) mul_(g, static_cast<float>(coef));
    }
  }
  return norm;
}

}  // namespace buildgpt::nn

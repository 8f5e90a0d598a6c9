#include "nn/clip_grad.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/cpu/parallel.h"

namespace buildgpt::nn {

double clip_grad_norm(const std::vector<Tensor>& params, double max_norm) {
  if (!(max_norm > 0)) {
    throw std::invalid_argument("clip_grad_norm: max_norm must be positive, got " +
                                std::to_string(max_norm));
  }
  double sum_sq = 0;
  for (const Tensor& p : params) {
    const Tensor g = p.grad();
    if (!g.defined()) continue;
    const float* d = g.data<float>();
    const int64_t n = g.numel();
#pragma omp parallel for reduction(+ : sum_sq) if (n >= cpu::kParallelGrain)
    for (int64_t i = 0; i < n; ++i) sum_sq += static_cast<double>(d[i]) * d[i];
  }
  const double norm = std::sqrt(sum_sq);
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1) {
    const auto c = static_cast<float>(coef);
    for (const Tensor& p : params) {
      Tensor g = p.grad();
      if (!g.defined()) continue;
      float* d = g.data<float>();
      cpu::parallel_for(g.numel(), cpu::kParallelGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) d[i] *= c;
      });
    }
  }
  return norm;
}

}  // namespace buildgpt::nn

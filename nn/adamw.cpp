#include "nn/adamw.h"

#include <cmath>
#include <stdexcept>

#include "autograd/cpu/parallel.h"

namespace buildgpt::nn {

AdamW::AdamW(std::vector<ParamGroup> groups, AdamWOptions opts)
    : Optimizer("AdamW", std::move(groups), opts.lr, opts.weight_decay,
                {{"step", true}, {"exp_avg", false}, {"exp_avg_sq", false}}),
      options(opts) {
  if (!(options.beta1 >= 0 && options.beta1 < 1 && options.beta2 >= 0 && options.beta2 < 1)) {
    throw std::invalid_argument("AdamW: betas must be in [0, 1)");
  }
  if (!(options.eps >= 0)) throw std::invalid_argument("AdamW: eps must be non-negative");
}

void AdamW::update(Tensor& param, const Tensor& grad, std::vector<Tensor>& state, double lr,
                   double weight_decay) {
  const int64_t step = ++state[0].data<int64_t>()[0];
  float* p = param.data<float>();
  const float* g = grad.data<float>();
  float* m = state[1].data<float>();
  float* v = state[2].data<float>();
  // The same float32 operations, in the same order, as PyTorch's single-tensor AdamW.
  const auto decay = static_cast<float>(1 - lr * weight_decay);
  const auto b1 = static_cast<float>(options.beta1), b2 = static_cast<float>(options.beta2);
  const auto one_minus_b1 = static_cast<float>(1 - options.beta1),
             one_minus_b2 = static_cast<float>(1 - options.beta2);
  const double bias_correction1 = 1 - std::pow(options.beta1, static_cast<double>(step));
  const double bias_correction2 = 1 - std::pow(options.beta2, static_cast<double>(step));
  const auto neg_step_size = static_cast<float>(-lr / bias_correction1);
  const auto bc2_sqrt = static_cast<float>(std::sqrt(bias_correction2));
  const auto eps = static_cast<float>(options.eps);
  cpu::parallel_for(param.numel(), cpu::kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      p[i] *= decay;
      m[i] = m[i] * b1 + one_minus_b1 * g[i];
      v[i] = v[i] * b2 + one_minus_b2 * g[i] * g[i];
      const float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
      p[i] += neg_step_size * (m[i] / denom);
    }
  });
}

}  // namespace buildgpt::nn

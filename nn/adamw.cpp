#include "nn/adamw.h"

#include <cmath>
#include <stdexcept>

#include "autograd/ops/updates.h"

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
  const int64_t step = ++state[0].data<int64_t>()[0];  // the counter lives on the CPU
  // The same float32 constants, rounded the same way, as PyTorch's single-tensor AdamW.
  const double bias_correction1 = 1 - std::pow(options.beta1, static_cast<double>(step));
  const double bias_correction2 = 1 - std::pow(options.beta2, static_cast<double>(step));
  const AdamWStep constants{
      .decay = static_cast<float>(1 - lr * weight_decay),
      .beta1 = static_cast<float>(options.beta1),
      .beta2 = static_cast<float>(options.beta2),
      .one_minus_beta1 = static_cast<float>(1 - options.beta1),
      .one_minus_beta2 = static_cast<float>(1 - options.beta2),
      .neg_step_size = static_cast<float>(-lr / bias_correction1),
      .bc2_sqrt = static_cast<float>(std::sqrt(bias_correction2)),
      .eps = static_cast<float>(options.eps),
  };
  adamw_update_(param, grad, state[1], state[2], constants);
}

}  // namespace buildgpt::nn

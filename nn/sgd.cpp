#include "nn/sgd.h"

#include <stdexcept>

#include "autograd/cpu/parallel.h"

namespace buildgpt::nn {

SGD::SGD(std::vector<ParamGroup> groups, SGDOptions opts)
    : Optimizer("SGD", std::move(groups), opts.lr, opts.weight_decay,
                opts.momentum != 0 ? std::vector<Field>{{"momentum_buffer", false}}
                                   : std::vector<Field>{}),
      options(opts) {
  if (!(options.momentum >= 0)) throw std::invalid_argument("SGD: momentum must be non-negative");
}

void SGD::update(Tensor& param, const Tensor& grad, std::vector<Tensor>& state, double lr,
                 double weight_decay) {
  float* p = param.data<float>();
  const float* g = grad.data<float>();
  float* buf = options.momentum != 0 ? state[0].data<float>() : nullptr;
  const auto wd = static_cast<float>(weight_decay), mom = static_cast<float>(options.momentum),
             neg_lr = static_cast<float>(-lr);
  cpu::parallel_for(param.numel(), cpu::kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float d = g[i] + wd * p[i];
      if (buf) d = buf[i] = mom * buf[i] + d;
      p[i] += neg_lr * d;
    }
  });
}

}  // namespace buildgpt::nn

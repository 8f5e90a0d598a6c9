#include "nn/sgd.h"

#include <stdexcept>

#include "autograd/ops/updates.h"

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
  Tensor no_buffer;
  Tensor& buffer = options.momentum != 0 ? state[0] : no_buffer;
  sgd_update_(param, grad, buffer,
              {.neg_lr = static_cast<float>(-lr),
               .weight_decay = static_cast<float>(weight_decay),
               .momentum = static_cast<float>(options.momentum)});
}

}  // namespace buildgpt::nn

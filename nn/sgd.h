// Stochastic gradient descent with momentum and L2 weight decay, as torch.optim.SGD (no
// dampening, no Nesterov): d = g + wd·p; b = momentum·b + d (b = d at the first step); p -= lr·b.
#pragma once

#include <vector>

#include "nn/optimizer.h"

namespace buildgpt::nn {

struct SGDOptions {
  double lr = 1e-2;
  double momentum = 0;
  double weight_decay = 0;
};

class SGD : public Optimizer {
 public:
  SGD(std::vector<ParamGroup> groups, SGDOptions options);
  SGD(std::vector<Tensor> params, SGDOptions options)
      : SGD(std::vector<ParamGroup>{{std::move(params), {}, {}}}, options) {}

  const SGDOptions options;

 private:
  void update(Tensor& param, const Tensor& grad, std::vector<Tensor>& state, double lr,
              double weight_decay) override;
};

}  // namespace buildgpt::nn

// Adam with decoupled weight decay, as torch.optim.AdamW: at step t
//   p -= lr·wd·p;  m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
//   p -= lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + eps)
#pragma once

#include <vector>

#include "nn/optimizer.h"

namespace buildgpt::nn {

struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
};

class AdamW : public Optimizer {
 public:
  AdamW(std::vector<ParamGroup> groups, AdamWOptions options = {});
  AdamW(std::vector<Tensor> params, AdamWOptions options = {})
      : AdamW(std::vector<ParamGroup>{{std::move(params), {}, {}}}, options) {}

  const AdamWOptions options;

 private:
  // state: step (int64 counter), exp_avg (m), exp_avg_sq (v)
  void update(Tensor& param, const Tensor& grad, std::vector<Tensor>& state, double lr,
              double weight_decay) override;
};

}  // namespace buildgpt::nn

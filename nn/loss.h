// Loss functions at the nn level: the fused ops, and modules that hold their option.
#pragma once

#include <cstdint>

#include "autograd/ops/fused.h"

namespace buildgpt::nn {

// cross_entropy(logits [..., C], targets [...]) and nll_loss(log_probs [..., C], targets [...]):
// the mean over targets not equal to ignore_index.
using buildgpt::cross_entropy;
using buildgpt::nll_loss;

struct CrossEntropyLoss {
  int64_t ignore_index = -100;
  Tensor operator()(const Tensor& logits, const Tensor& targets) const {
    return cross_entropy(logits, targets, ignore_index);
  }
};

struct NLLLoss {
  int64_t ignore_index = -100;
  Tensor operator()(const Tensor& log_probs, const Tensor& targets) const {
    return nll_loss(log_probs, targets, ignore_index);
  }
};

}  // namespace buildgpt::nn

// The argument checks that depend on a tensor's values rather than its shape: indices in range,
// sampling weights that can be drawn from. They read the values in host memory (the tensor's own
// on the CPU, a copy from any other device), so the ops that call them stay free of loops.
#pragma once

#include <cstdint>
#include <optional>

#include "autograd/tensor.h"

namespace buildgpt {

// The first value of the int64 tensor `ids` outside [0, size), if any.
std::optional<int64_t> first_outside(const Tensor& ids, int64_t size);
// Class targets in one pass: how many are not `ignore`, and the first that is neither `ignore`
// nor in [0, classes), if any.
struct TargetScan {
  int64_t counted = 0;
  std::optional<int64_t> outside;
};
TargetScan scan_targets(const Tensor& targets, int64_t classes, int64_t ignore);
// multinomial's weights, one row [V] or rows [N, V]: finite, non-negative, no row all zero, and
// without replacement at least `num_samples` non-zero weights in each row. Errors name the op,
// the problem and where it is.
void check_sampling_weights(const Tensor& probs, int64_t num_samples, bool replacement);

}  // namespace buildgpt

// Checks an op's analytic gradients against central finite differences.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "autograd/tensor.h"

namespace buildgpt {

struct GradcheckOptions {
  double eps = 1e-2;   // finite-difference step (float32 values: larger than for double)
  double atol = 1e-2;  // |analytic - numeric| <= atol + rtol * |numeric|
  double rtol = 1e-2;
  uint64_t seed = 1234;  // for the random projection of non-scalar outputs
};

struct GradcheckResult {
  bool ok = true;
  double max_abs_error = 0;
  std::string message;  // which input and element failed, with both values
  explicit operator bool() const { return ok; }
};

// f maps the inputs to one float32 tensor. Every float32 input with requires_grad is checked:
// the output is projected on a fixed random vector w, the analytic gradient of <w, f(x)> comes
// from backward(), and the numeric one from (<w, f(x + eps)> - <w, f(x - eps)>) / 2 eps, element
// by element, accumulated in double.
using GradcheckFn = std::function<Tensor(const std::vector<Tensor>&)>;
GradcheckResult gradcheck(const GradcheckFn& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options = {});

}  // namespace buildgpt

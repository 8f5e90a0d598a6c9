// Running an op case (tests/autograd/op_cases.h) on one device: its output and its inputs'
// gradients, brought back to the CPU for comparison with another device's.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "autograd/op_cases.h"

namespace buildgpt::testing {

// Fresh leaves on `device` holding the case's inputs; float32 ones require grad.
inline std::vector<Tensor> inputs_on(const OpCase& c, Device device) {
  std::vector<Tensor> out;
  for (const Tensor& t : c.inputs) {
    Tensor copy = t.detach().clone().to(device);
    if (t.requires_grad()) copy.requires_grad_(true);
    out.push_back(copy);
  }
  return out;
}

// The output of a case and the gradients of <w, output> with respect to its inputs, all on the
// CPU, after checking that every one of them was made on `device`.
inline std::vector<Tensor> run_case(const OpCase& c, Device device) {
  std::vector<Tensor> inputs = inputs_on(c, device);
  const Tensor out = c.fn(inputs);
  EXPECT_EQ(out.device(), device) << c.name << ": output on " << out.device().str();
  std::vector<Tensor> results{out.detach().to(Device::cpu())};
  if (!out.requires_grad()) return results;
  Generator gen(99);
  const Tensor w = randn(out.shape(), &gen, device);
  sum(mul(out, w)).backward();
  for (const Tensor& t : inputs) {
    if (!t.requires_grad() || !t.grad().defined()) continue;
    EXPECT_EQ(t.grad().device(), device) << c.name << ": gradient on " << t.grad().device().str();
    results.push_back(t.grad().to(Device::cpu()));
  }
  return results;
}

}  // namespace buildgpt::testing

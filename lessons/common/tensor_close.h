// For the lessons' tests: whether two tensors agree, with a message saying where they do not.
#pragma once

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/autograd.h"

namespace buildgpt::lessons {

// Same shape and every element equal (infinities too) or within tol * (1 + |expected|).
inline ::testing::AssertionResult close(const Tensor& got, const Tensor& want, double tol = 1e-5) {
  if (got.shape() != want.shape()) {
    return ::testing::AssertionFailure()
           << "shape " << shape_str(got.shape()) << ", expected " << shape_str(want.shape());
  }
  const auto g = got.to_vector<float>(), w = want.to_vector<float>();
  for (size_t i = 0; i < g.size(); ++i) {
    if (!(g[i] == w[i] || std::fabs(g[i] - w[i]) <= tol * (1 + std::fabs(w[i])))) {
      return ::testing::AssertionFailure()
             << "element " << i << " is " << g[i] << ", expected " << w[i] << "\n got:      " << got
             << "\n expected: " << want;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace buildgpt::lessons

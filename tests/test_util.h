// Helpers shared by the test suites: comparing tensors and checking gradients.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "autograd/autograd.h"

namespace buildgpt::testing {

// Every element of `actual` within atol + rtol·|expected| of `expected`, shapes equal.
inline ::testing::AssertionResult tensors_close(const Tensor& actual, const Tensor& expected,
                                                double atol = 1e-5, double rtol = 1e-5) {
  if (actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure() << "shape " << shape_str(actual.shape()) << " vs expected "
                                         << shape_str(expected.shape());
  }
  const std::vector<float> a = actual.to(kFloat32).to_vector<float>();
  const std::vector<float> e = expected.to(kFloat32).to_vector<float>();
  for (size_t i = 0; i < a.size(); ++i) {
    const bool both_nan = std::isnan(a[i]) && std::isnan(e[i]);
    const bool same_inf = std::isinf(a[i]) && a[i] == e[i];
    if (both_nan || same_inf) continue;
    if (!(std::fabs(a[i] - e[i]) <= atol + rtol * std::fabs(e[i]))) {
      return ::testing::AssertionFailure()
             << "element " << i << ": " << a[i] << " vs expected " << e[i]
             << "\nactual:   " << actual << "\nexpected: " << expected;
    }
  }
  return ::testing::AssertionSuccess();
}

// A float32 leaf of the given shape with values from a seeded normal distribution.
inline Tensor random_leaf(const Shape& shape, uint64_t seed, double scale = 1.0) {
  Generator gen(seed);
  Tensor t = mul(randn(shape, &gen), scale).detach();
  t.requires_grad_(true);
  return t;
}

// A float32 leaf holding a random permutation of -1.2, -1.1, -1.0, ...: no two values closer
// than 0.1, so no finite-difference step of gradcheck crosses a tie (for max, min, std, ...).
inline Tensor shuffled_leaf(const Shape& shape, uint64_t seed) {
  const std::vector<float> r = random_leaf(shape, seed).to_vector<float>();
  std::vector<size_t> order(r.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return r[i] < r[j]; });
  std::vector<float> v(r.size());
  for (size_t k = 0; k < order.size(); ++k) v[order[k]] = 0.1f * static_cast<float>(k) - 1.2f;
  Tensor t = from_vector(v, shape);
  t.requires_grad_(true);
  return t;
}

inline ::testing::AssertionResult grad_ok(const GradcheckFn& f, const std::vector<Tensor>& inputs,
                                          const GradcheckOptions& options = {}) {
  const GradcheckResult r = gradcheck(f, inputs, options);
  if (r.ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "gradcheck failed: " << r.message;
}

// Runs `body` and checks that it throws std::invalid_argument whose message contains every
// fragment in `fragments` (the op's name, the shapes, ...).
template <typename Body>
::testing::AssertionResult throws_with(Body body, const std::vector<std::string>& fragments) {
  try {
    body();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    for (const std::string& f : fragments) {
      if (what.find(f) == std::string::npos) {
        return ::testing::AssertionFailure() << "message \"" << what << "\" lacks \"" << f << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no std::invalid_argument was thrown";
}

// Runs `body`, which must throw E; returns the message (recording a failure when nothing, or
// something else, was thrown).
template <typename E, typename Body>
std::string message_of(Body body) {
  try {
    body();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "nothing was thrown";
  return {};
}

// A fused op against the same formula built from primitives: one backward pass through each
// with the same random output gradient, then each pair of leaves (fused's, reference's) compared.
inline ::testing::AssertionResult same_gradients(
    const Tensor& fused, const Tensor& reference,
    const std::vector<std::pair<Tensor, Tensor>>& leaves, double atol, double rtol) {
  const Tensor g = randn(fused.shape());
  fused.backward(g);
  reference.backward(g);
  for (size_t i = 0; i < leaves.size(); ++i) {
    const ::testing::AssertionResult close =
        tensors_close(leaves[i].first.grad(), leaves[i].second.grad(), atol, rtol);
    if (!close) return ::testing::AssertionFailure() << "leaf " << i << ": " << close.message();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace buildgpt::testing

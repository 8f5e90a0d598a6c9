// Lesson 03: each exercise against the library's relu and gelu, and their gradients from autograd.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "autograd/autograd.h"
#include "exercises.h"

namespace buildgpt::lessons {
namespace {

// -6 to 6 in steps of 0.05, and a few points near zero and far out.
const std::vector<float>& points() {
  static const std::vector<float> xs = [] {
    std::vector<float> v = {-30, -10, -1e-3f, 1e-3f, 1e-6f, 10, 30};
    for (int i = -120; i <= 120; ++i) v.push_back(0.05f * static_cast<float>(i));
    return v;
  }();
  return xs;
}

using Op = std::function<Tensor(const Tensor&)>;

// The library's op at every point, and its gradient there (autograd: backward of the sum).
std::pair<std::vector<float>, std::vector<float>> library(const Op& op) {
  Tensor x = from_vector(points()).requires_grad_();
  const Tensor y = op(x);
  y.sum().backward();
  return {y.to_vector<float>(), x.grad().to_vector<float>()};
}

void expect_matches(const std::function<double(double)>& mine, const std::vector<float>& want,
                    const char* what) {
  for (size_t i = 0; i < want.size(); ++i) {
    const double x = points()[i];
    EXPECT_NEAR(mine(x), want[i], 2e-6 + 2e-6 * std::fabs(want[i])) << what << " at x = " << x;
  }
}

const Op kRelu = [](const Tensor& x) { return relu(x); };
const Op kGeluExact = [](const Tensor& x) { return gelu(x); };
const Op kGeluTanh = [](const Tensor& x) { return gelu(x, GeluApproximation::Tanh); };

TEST(Exercise1, ReluDerivativeMatchesAutograd) {
  expect_matches(relu_derivative, library(kRelu).second, "relu'");
  EXPECT_EQ(relu_derivative(0), 0) << "at 0 the library takes 0";
}

TEST(Exercise2, GeluExactMatchesTheLibrary) {
  expect_matches(gelu_exact, library(kGeluExact).first, "gelu");
  EXPECT_NEAR(gelu_exact(1), 0.841344746, 1e-8) << "1 * Φ(1)";
}

TEST(Exercise3, GeluTanhMatchesTheLibrary) {
  expect_matches(gelu_tanh, library(kGeluTanh).first, "gelu (tanh)");
}

TEST(Exercise3, TanhIsCloseToExactButNotEqual) {
  // The approximation is within 1e-3 of the exact GELU everywhere, and differs from it.
  EXPECT_NEAR(gelu_tanh(-1.5), gelu_exact(-1.5), 1e-3);
  EXPECT_GT(std::fabs(gelu_tanh(-1.5) - gelu_exact(-1.5)), 1e-6);
}

TEST(Exercise4, GeluExactDerivativeMatchesAutograd) {
  expect_matches(gelu_exact_derivative, library(kGeluExact).second, "gelu'");
  EXPECT_NEAR(gelu_exact_derivative(0), 0.5, 1e-12) << "Φ(0) + 0 · φ(0)";
}

TEST(Exercise5, GeluTanhDerivativeMatchesAutograd) {
  expect_matches(gelu_tanh_derivative, library(kGeluTanh).second, "gelu' (tanh)");
}

TEST(Exercise5, GeluTanhDerivativeMatchesFiniteDifferences) {
  for (const double x : {-3.0, -0.7, 0.0, 0.4, 2.5}) {
    const double h = 1e-5, fd = (gelu_tanh(x + h) - gelu_tanh(x - h)) / (2 * h);
    EXPECT_NEAR(gelu_tanh_derivative(x), fd, 1e-7) << "x = " << x;
  }
}

}  // namespace
}  // namespace buildgpt::lessons

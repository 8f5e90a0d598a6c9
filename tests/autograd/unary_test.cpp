// pow, exp, log, sqrt, tanh, sigmoid, relu, gelu, abs, clamp: values and gradients.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

// Inputs on both sides of zero, and strictly positive ones for log, sqrt and fractional powers.
Tensor mixed() { return tensor({-1.5f, -0.3f, 0.4f, 2.0f}); }
Tensor positive() { return tensor({0.5f, 1.0f, 2.0f, 4.0f}); }

// A leaf with values at least `margin` away from zero, random signs.
Tensor away_from_zero(const Shape& shape, uint64_t seed, double margin) {
  const Tensor r = random_leaf(shape, seed).detach();
  const Tensor sign = sub(mul(gt(r, 0.0).to(kFloat32), 2.0), 1.0);
  return mul(add(abs(r), margin), sign).detach().requires_grad_();
}

Tensor positive_leaf(const Shape& shape, uint64_t seed) {
  return add(abs(random_leaf(shape, seed).detach()), 0.5).detach().requires_grad_();
}

TEST(Unary, ExpLogSqrtValues) {
  EXPECT_TRUE(tensors_close(exp(mixed()), tensor({0.2231302f, 0.7408182f, 1.491825f, 7.389056f})));
  EXPECT_TRUE(tensors_close(log(positive()), tensor({-0.6931472f, 0, 0.6931472f, 1.386294f})));
  EXPECT_TRUE(tensors_close(sqrt(positive()), tensor({0.7071068f, 1, 1.414214f, 2})));
  EXPECT_TRUE(tensors_close(positive().exp().log(), positive()));
}

TEST(Unary, PowValues) {
  EXPECT_TRUE(tensors_close(pow(mixed(), 3), tensor({-3.375f, -0.027f, 0.064f, 8})));
  EXPECT_TRUE(tensors_close(mixed().pow(2), tensor({2.25f, 0.09f, 0.16f, 4})));
  EXPECT_TRUE(tensors_close(pow(positive(), 0.5), tensor({0.7071068f, 1, 1.414214f, 2})));
  EXPECT_TRUE(tensors_close(pow(positive(), -1), tensor({2, 1, 0.5f, 0.25f})));
  EXPECT_TRUE(tensors_close(pow(mixed(), 0), ones({4})));
}

TEST(Unary, ActivationValues) {
  EXPECT_TRUE(
      tensors_close(tanh(mixed()), tensor({-0.9051483f, -0.2913126f, 0.379949f, 0.9640276f})));
  EXPECT_TRUE(
      tensors_close(sigmoid(mixed()), tensor({0.1824255f, 0.4255575f, 0.5986876f, 0.880797f})));
  EXPECT_TRUE(tensors_close(relu(mixed()), tensor({0, 0, 0.4f, 2})));
  EXPECT_TRUE(tensors_close(abs(mixed()), tensor({1.5f, 0.3f, 0.4f, 2})));
  EXPECT_TRUE(tensors_close(clamp(mixed(), -1, 1), tensor({-1, -0.3f, 0.4f, 1})));
  // the method forms
  EXPECT_TRUE(tensors_close(mixed().tanh(), tanh(mixed())));
  EXPECT_TRUE(tensors_close(mixed().sigmoid(), sigmoid(mixed())));
  EXPECT_TRUE(tensors_close(mixed().relu(), relu(mixed())));
  EXPECT_TRUE(tensors_close(mixed().abs(), abs(mixed())));
  EXPECT_TRUE(tensors_close(mixed().clamp(-1, 1), clamp(mixed(), -1, 1)));
}

TEST(Unary, SigmoidSaturatesWithoutNan) {
  EXPECT_TRUE(tensors_close(sigmoid(tensor({-100, 100})), tensor({0, 1})));
}

TEST(Unary, GeluExactAndTanhForms) {
  EXPECT_TRUE(
      tensors_close(gelu(mixed()), tensor({-0.1002109f, -0.1146266f, 0.2621687f, 1.9545f})));
  EXPECT_TRUE(tensors_close(gelu(mixed(), GeluApproximation::Tanh),
                            tensor({-0.1004284f, -0.1146291f, 0.2621612f, 1.954598f})));
}

// The two forms differ in the fourth digit, below what a finite-difference check resolves, so
// their derivatives are checked against known values.
TEST(Unary, GeluDerivativesOfBothForms) {
  const std::vector<std::pair<GeluApproximation, Tensor>> cases = {
      {GeluApproximation::None, tensor({-0.1274692f, 0.2676723f, 0.8027297f, 1.085232f})},
      {GeluApproximation::Tanh, tensor({-0.1277108f, 0.2677045f, 0.8026588f, 1.086099f})}};
  for (const auto& [approximate, expected] : cases) {
    Tensor x = mixed().requires_grad_();
    gelu(x, approximate).sum().backward();
    EXPECT_TRUE(tensors_close(x.grad(), expected));
  }
}

TEST(Unary, Gradients) {
  const Shape shape{3, 4};
  const std::vector<std::pair<const char*, GradcheckFn>> smooth = {
      {"exp", [](const std::vector<Tensor>& in) { return exp(in[0]); }},
      {"tanh", [](const std::vector<Tensor>& in) { return tanh(in[0]); }},
      {"sigmoid", [](const std::vector<Tensor>& in) { return sigmoid(in[0]); }},
      {"gelu", [](const std::vector<Tensor>& in) { return gelu(in[0]); }},
      {"gelu_tanh",
       [](const std::vector<Tensor>& in) { return gelu(in[0], GeluApproximation::Tanh); }},
      {"pow 3", [](const std::vector<Tensor>& in) { return pow(in[0], 3); }},
      {"pow 2", [](const std::vector<Tensor>& in) { return in[0].pow(2); }}};
  for (const auto& [name, f] : smooth) EXPECT_TRUE(grad_ok(f, {random_leaf(shape, 3)})) << name;

  const std::vector<std::pair<const char*, GradcheckFn>> on_positives = {
      {"log", [](const std::vector<Tensor>& in) { return log(in[0]); }},
      {"sqrt", [](const std::vector<Tensor>& in) { return sqrt(in[0]); }},
      {"pow 0.5", [](const std::vector<Tensor>& in) { return pow(in[0], 0.5); }},
      {"pow -1.5", [](const std::vector<Tensor>& in) { return pow(in[0], -1.5); }}};
  for (const auto& [name, f] : on_positives) {
    EXPECT_TRUE(grad_ok(f, {positive_leaf(shape, 4)})) << name;
  }

  // kinks at 0 (relu, abs) and at the bounds ±0.5 (clamp) kept beyond the step
  const std::vector<std::pair<const char*, GradcheckFn>> kinked = {
      {"relu", [](const std::vector<Tensor>& in) { return relu(in[0]); }},
      {"abs", [](const std::vector<Tensor>& in) { return abs(in[0]); }}};
  for (const auto& [name, f] : kinked) {
    EXPECT_TRUE(grad_ok(f, {away_from_zero(shape, 5, 0.1)})) << name;
  }
  const Tensor c = tensor({-2, -0.7f, -0.3f, 0, 0.2f, 0.45f, 0.6f, 3}).requires_grad_();
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return clamp(in[0], -0.5, 0.5); }, {c}));
}

TEST(Unary, GradientIsZeroWhereClampedOrRectified) {
  Tensor x = tensor({-2, 0.5f, 3}).requires_grad_();
  clamp(x, -1, 1).sum().backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({0, 1, 0})));
  x.zero_grad();
  relu(x).sum().backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({0, 1, 1})));
  x.zero_grad();
  abs(x).sum().backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({-1, 1, 1})));
}

TEST(Unary, BadInputNamesTheOp) {
  EXPECT_TRUE(throws_with([] { exp(int_tensor({1, 2})); }, {"exp", "float32", "int64"}));
  EXPECT_TRUE(throws_with([] { gelu(zeros({2}, kBool)); }, {"gelu", "bool"}));
  EXPECT_TRUE(throws_with([] { log(Tensor()); }, {"log", "undefined"}));
  EXPECT_TRUE(throws_with([] { clamp(zeros({2}), 1, -1); }, {"clamp", "min", "max"}));
}

}  // namespace
}  // namespace buildgpt

// softmax and log_softmax: values, stability, gradients along every dim, agreement with the
// formula built from primitives, and bad inputs.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

const Tensor kX = tensor({1, 2, 3, -1, 0.5, 4}, {2, 3});

TEST(Softmax, MatchesReferenceValues) {
  EXPECT_TRUE(tensors_close(
      softmax(kX, 1),
      tensor({0.0900306, 0.2447285, 0.6652409, 0.0064979, 0.0291218, 0.9643803}, {2, 3})));
  EXPECT_TRUE(tensors_close(
      softmax(kX, 0),
      tensor({0.8807970, 0.8175744, 0.2689414, 0.1192029, 0.1824255, 0.7310586}, {2, 3})));
}

TEST(LogSoftmax, MatchesReferenceValues) {
  EXPECT_TRUE(tensors_close(
      log_softmax(kX, -1),
      tensor({-2.4076059, -1.4076059, -0.4076059, -5.0362697, -3.5362697, -0.0362696}, {2, 3})));
  EXPECT_TRUE(tensors_close(
      log_softmax(kX, 0),
      tensor({-0.1269280, -0.2014133, -1.3132616, -2.1269281, -1.7014134, -0.3132617}, {2, 3})));
}

TEST(Softmax, HugeValuesStayFinite) {
  const Tensor x = tensor({1000, 1001});
  EXPECT_TRUE(tensors_close(softmax(x, 0), tensor({0.2689414, 0.7310586})));
  EXPECT_TRUE(tensors_close(log_softmax(x, 0), tensor({-1.3132616, -0.3132617})));
}

// Rows longer than the kernels' chunks (2048): the maximum found in a later chunk, a first chunk
// of −∞ only (masked), against sums in double; cross_entropy's loss and gradient on such rows.
TEST(Softmax, LongRowsWithTheMaximumLateAndMaskedChunks) {
  constexpr int64_t n = 5000;
  std::vector<float> v(2 * n);
  for (int64_t j = 0; j < n; ++j) {
    v[j] = 0.001f * static_cast<float>(j % 997) + (j == 4321 ? 30.0f : 0.0f);
    v[n + j] = j < 2500 ? -INFINITY : 0.002f * static_cast<float>(j % 89);
  }
  const Tensor x = from_vector(v, {2, n});
  std::vector<float> want(2 * n), want_log(2 * n);
  for (int64_t r = 0; r < 2; ++r) {
    double m = -INFINITY, total = 0;
    for (int64_t j = 0; j < n; ++j) m = std::max(m, double(v[r * n + j]));
    for (int64_t j = 0; j < n; ++j) total += std::exp(double(v[r * n + j]) - m);
    for (int64_t j = 0; j < n; ++j) {
      want[r * n + j] = static_cast<float>(std::exp(double(v[r * n + j]) - m) / total);
      want_log[r * n + j] = static_cast<float>(double(v[r * n + j]) - m - std::log(total));
    }
  }
  EXPECT_TRUE(tensors_close(softmax(x, -1), from_vector(want, {2, n}), 1e-9, 1e-5));
  EXPECT_TRUE(tensors_close(log_softmax(x, -1), from_vector(want_log, {2, n}), 1e-5, 1e-5));
  Tensor logits = x.detach().requires_grad_();
  const Tensor loss = cross_entropy(logits, int_tensor({4321, 4000}));
  EXPECT_NEAR(loss.item(), -(want_log[4321] + want_log[n + 4000]) / 2, 1e-5);
  loss.backward();
  std::vector<float> grad = want;
  for (float& g : grad) g /= 2;
  grad[4321] -= 0.5f;
  grad[n + 4000] -= 0.5f;
  EXPECT_TRUE(tensors_close(logits.grad(), from_vector(grad, {2, n}), 1e-9, 1e-5));
}

TEST(Softmax, GradientsAlongEveryDim) {
  for (int64_t dim : {0, 1, -1}) {
    EXPECT_TRUE(grad_ok([dim](const std::vector<Tensor>& in) { return softmax(in[0], dim); },
                        {random_leaf({3, 4, 5}, 1)}))
        << "softmax dim " << dim;
    EXPECT_TRUE(grad_ok([dim](const std::vector<Tensor>& in) { return log_softmax(in[0], dim); },
                        {random_leaf({3, 4, 5}, 2)}))
        << "log_softmax dim " << dim;
  }
}

TEST(Softmax, EqualsThePrimitiveFormulaWithItsGradient) {
  for (int64_t dim : {0, 1, 2}) {
    const Tensor a = random_leaf({4, 3, 6}, 3), b = random_leaf({4, 3, 6}, 3);
    const Tensor w = randn({4, 3, 6});
    const Tensor fused = softmax(a, dim), e = exp(b);
    const Tensor reference = e / sum(e, {dim}, true);
    EXPECT_TRUE(tensors_close(fused, reference, 1e-6, 1e-5)) << "dim " << dim;
    sum(fused * w).backward();
    sum(reference * w).backward();
    EXPECT_TRUE(tensors_close(a.grad(), b.grad(), 1e-6, 1e-4)) << "dim " << dim;

    const Tensor c = random_leaf({4, 3, 6}, 4), d = random_leaf({4, 3, 6}, 4);
    const Tensor log_fused = log_softmax(c, dim);
    const Tensor log_reference = d - log(sum(exp(d), {dim}, true));
    EXPECT_TRUE(tensors_close(log_fused, log_reference, 1e-5, 1e-5)) << "dim " << dim;
    sum(log_fused * w).backward();
    sum(log_reference * w).backward();
    EXPECT_TRUE(tensors_close(c.grad(), d.grad(), 1e-5, 1e-4)) << "dim " << dim;
  }
}

TEST(Softmax, BadInputsNameTheOp) {
  EXPECT_TRUE(throws_with([] { softmax(zeros({2, 3}), 2); }, {"softmax", "2"}));
  EXPECT_TRUE(throws_with([] { log_softmax(int_tensor({1, 2}), 0); }, {"log_softmax", "int64"}));
}

}  // namespace
}  // namespace buildgpt

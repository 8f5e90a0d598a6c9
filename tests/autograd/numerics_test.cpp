// Edge cases checked against PyTorch's answers (tests/fixtures/make_numerics_fixture.py): zero
// variance, integers meeting fractional scalars, int32 sums past the int32 limit, NaN through relu
// and max/min, empty batches; and softmax rows as wide as GPT-2's vocabulary against float64.
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::tensors_close;

const nlohmann::json& cases() {
  static const nlohmann::json all = [] {
    std::ifstream in(std::string(BUILDGPT_FIXTURES_DIR) + "/numerics_edge_cases.json");
    return nlohmann::json::parse(in)["cases"];
  }();
  return all;
}

// A fixture list as float32, null meaning NaN.
Tensor floats(const nlohmann::json& list, Shape shape = {}) {
  std::vector<float> v;
  for (const auto& e : list) v.push_back(e.is_null() ? NAN : e.get<float>());
  return from_vector(v, std::move(shape));
}

TEST(Numerics, StdAtZeroVarianceHasAZeroGradient) {
  const auto& c = cases()["std_rows"];
  Tensor x = floats(c["x"], {2, 4}).requires_grad_();
  const Tensor y = std(x, {1});
  sum(y).backward();
  EXPECT_TRUE(tensors_close(y, floats(c["y"])));
  EXPECT_TRUE(tensors_close(x.grad(), floats(c["grad"], {2, 4})));
  Tensor flat = full({3}, 5.0).requires_grad_();
  std(flat).backward();
  EXPECT_TRUE(tensors_close(flat.grad(), floats(cases()["std_all_equal"]["grad"])));
}

TEST(Numerics, IntegersMeetingFractionsBecomeFloat) {
  const auto& c = cases()["int_scalar"];
  const Tensor x = from_vector(c["x"].get<std::vector<int32_t>>());
  EXPECT_EQ(mul(x, 0.5).dtype(), kFloat32);
  EXPECT_TRUE(tensors_close(mul(x, 0.5), floats(c["mul_half"]), 0, 0));
  EXPECT_TRUE(tensors_close(add(x, 0.25), floats(c["add_quarter"]), 0, 0));
  EXPECT_TRUE(tensors_close(rsub(2.5, x), floats(c["rsub_2_5"]), 0, 0));
  EXPECT_TRUE(tensors_close(div(x, 2), floats(c["div_2"]), 0, 0));
  EXPECT_TRUE(tensors_close(div(x, full({3}, 2, kInt32)), floats(c["div_2"]), 0, 0));
  EXPECT_EQ(mul(x, 3).dtype(), kInt32);
  EXPECT_EQ(mul(x, 3).to_vector<int32_t>(), c["mul_3"].get<std::vector<int32_t>>());
}

TEST(Numerics, Int32SumsAccumulateInInt64) {
  const auto& c = cases()["int32_sums"];
  const Tensor x = from_vector(c["x"].get<std::vector<int32_t>>());
  EXPECT_EQ(sum(x).dtype(), kInt64);
  EXPECT_EQ(sum(x).item<int64_t>(), c["sum"].get<int64_t>());
  EXPECT_EQ(cumsum(x, 0).dtype(), kInt64);
  EXPECT_EQ(cumsum(x, 0).to_vector<int64_t>(), c["cumsum"].get<std::vector<int64_t>>());
}

TEST(Numerics, NanPropagatesThroughReluAndExtremes) {
  const auto& c = cases()["nan"];
  const Tensor v = tensor({1, NAN, 3, -2});
  EXPECT_TRUE(tensors_close(relu(v), floats(c["relu"]), 0, 0));
  EXPECT_TRUE(tensors_close(max(v), view(floats(c["max"]), {}), 0, 0));
  EXPECT_TRUE(tensors_close(min(v), view(floats(c["min"]), {}), 0, 0));
  EXPECT_TRUE(
      tensors_close(amax(tensor({1, NAN, 3, 2}, {2, 2}), {1}), floats(c["amax_rows"]), 0, 0));
}

TEST(Numerics, LayerNormOfAnEmptyBatch) {
  const auto& c = cases()["layer_norm_empty"];
  Tensor x = zeros({0, 4}).requires_grad_();
  Tensor w = ones({4}).requires_grad_(), b = zeros({4}).requires_grad_();
  const Tensor out = layer_norm(x, {4}, w, b);
  EXPECT_EQ(out.shape(), c["out_shape"].get<Shape>());
  sum(out).backward();
  EXPECT_TRUE(tensors_close(w.grad(), floats(c["grad_w"]), 0, 0));
  EXPECT_TRUE(tensors_close(b.grad(), floats(c["grad_b"]), 0, 0));
}

TEST(Numerics, AttentionWithNoQueries) {
  const auto& c = cases()["attention_no_queries"];
  Tensor q = zeros({2, 0, 4}).requires_grad_();
  Tensor k = testing::random_leaf({2, 3, 4}, 1), v = testing::random_leaf({2, 3, 4}, 2);
  const Tensor out = scaled_dot_product_attention(q, k, v);
  EXPECT_EQ(out.shape(), c["out_shape"].get<Shape>());
  sum(out).backward();
  EXPECT_TRUE(tensors_close(k.grad(), floats(c["grad_k"], {2, 3, 4}), 0, 0));
  EXPECT_TRUE(tensors_close(v.grad(), floats(c["grad_v"], {2, 3, 4}), 0, 0));
}

// A row as wide as GPT-2's vocabulary: softmax sums to 1 and log_softmax matches a float64
// computation within 1e-5.
TEST(Numerics, WideSoftmaxRowsAreAccurate) {
  constexpr int64_t kWidth = 50257;
  std::vector<float> x(kWidth);
  for (int64_t j = 0; j < kWidth; ++j) x[j] = 8.0f * std::sin(0.37f * static_cast<float>(j));
  const Tensor logits = from_vector(x, {1, kWidth});
  double m = -INFINITY, total = 0;
  for (float v : x) m = std::max(m, static_cast<double>(v));
  for (float v : x) total += std::exp(static_cast<double>(v) - m);
  const double lse = m + std::log(total);
  double row_sum = 0, worst_log = 0, worst_prob = 0;
  const std::vector<float> p = softmax(logits, -1).to_vector<float>();
  const std::vector<float> lp = log_softmax(logits, -1).to_vector<float>();
  for (int64_t j = 0; j < kWidth; ++j) {
    const double exact = std::exp(static_cast<double>(x[j]) - lse);
    row_sum += p[j];
    worst_prob = std::max(worst_prob, std::fabs(p[j] - exact) / exact);
    worst_log = std::max(worst_log, std::fabs(lp[j] - (x[j] - lse)));
  }
  EXPECT_NEAR(row_sum, 1.0, 1e-5);
  EXPECT_LT(worst_prob, 1e-5);
  EXPECT_LT(worst_log, 1e-5);
  const Tensor target = int_tensor({123});
  EXPECT_NEAR(cross_entropy(logits, target).item(), lse - x[123], 1e-5);
}

}  // namespace
}  // namespace buildgpt

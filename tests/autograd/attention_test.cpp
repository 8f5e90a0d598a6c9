// scaled_dot_product_attention: reference values and gradients (causal and not), gradchecks with
// batch dims and unequal lengths, agreement with the primitive formula, and bad shapes.
#include <cmath>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

// softmax(q kᵀ / √d + mask) v from primitives; the causal mask adds -1e9 where key j > query i.
Tensor primitive_attention(const Tensor& q, const Tensor& k, const Tensor& v, bool causal) {
  const int64_t tq = q.size(-2), tk = k.size(-2);
  Tensor scores = matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(q.size(-1)));
  if (causal) {
    std::vector<float> mask(tq * tk, 0.0f);
    for (int64_t i = 0; i < tq; ++i)
      for (int64_t j = i + 1; j < tk; ++j) mask[i * tk + j] = -1e9f;
    scores = scores + from_vector(mask, {tq, tk});
  }
  const Tensor e = exp(scores);
  return matmul(e / sum(e, {-1}, true), v);
}

struct Reference {
  bool causal;
  std::vector<float> out, dq, dk, dv;
};

TEST(Attention, MatchesReferenceValuesAndGradients) {
  const std::vector<Reference> cases = {
      {false,
       {0.085208, 1.0688072, 0.1383523, 1.0932662, 0.032634, 1.0381699},
       {0.0517483, -0.1053108, 0.0420399, -0.0298256, 0.0657001, 0.0563802},
       {0.0007386, 0.0964385, -0.044252, -0.0349416, 0.0435134, -0.0614969},
       {0.0890509, 0.5729399, 0.0323778, 0.6745294, 0.0785713, 0.5525308}},
      {true,
       {1.0, 2.0, 0.0565083, 1.2923813, 0.032634, 1.0381699},
       {0.0, 0.0, 0.0599121, -0.0599122, 0.0657001, 0.0563802},
       {0.0019107, 0.0710687, -0.0426041, 0.0103181, 0.0406934, -0.0813868},
       {0.7875257, 0.2947266, -0.2826151, 0.8954524, -0.3049106, 0.6098211}}};
  for (const Reference& r : cases) {
    Tensor q = tensor({0.1, 0.2, 0.3, -0.1, -0.2, 0.4}, {3, 2});
    Tensor k = tensor({0.5, -0.3, 0.1, 0.1, 0.2, -0.6}, {3, 2});
    Tensor v = tensor({1, 2, -1, 0.5, 0.3, 0.7}, {3, 2});
    for (Tensor* t : {&q, &k, &v}) t->requires_grad_(true);
    const Tensor out = scaled_dot_product_attention(q, k, v, r.causal);
    EXPECT_TRUE(tensors_close(out, from_vector(r.out, {3, 2}))) << "causal " << r.causal;
    out.backward(tensor({1, -0.5, 0.2, 0.3, -1, 2}, {3, 2}));
    EXPECT_TRUE(tensors_close(q.grad(), from_vector(r.dq, {3, 2}))) << "causal " << r.causal;
    EXPECT_TRUE(tensors_close(k.grad(), from_vector(r.dk, {3, 2}))) << "causal " << r.causal;
    EXPECT_TRUE(tensors_close(v.grad(), from_vector(r.dv, {3, 2}))) << "causal " << r.causal;
  }
}

TEST(Attention, GradientsWithBatchDimsCausalAndNot) {
  for (bool causal : {false, true}) {
    EXPECT_TRUE(grad_ok(
        [causal](const std::vector<Tensor>& in) {
          return scaled_dot_product_attention(in[0], in[1], in[2], causal);
        },
        {random_leaf({2, 2, 4, 3}, 1), random_leaf({2, 2, 4, 3}, 2), random_leaf({2, 2, 4, 3}, 3)}))
        << "causal " << causal;
    EXPECT_TRUE(grad_ok(
        [causal](const std::vector<Tensor>& in) {
          return scaled_dot_product_attention(in[0], in[1], in[2], causal);
        },
        {random_leaf({2, 3, 4}, 4), random_leaf({2, 5, 4}, 5), random_leaf({2, 5, 2}, 6)}))
        << "Tq 3, Tk 5, causal " << causal;
  }
}

TEST(Attention, EqualsThePrimitiveFormulaWithItsGradient) {
  for (bool causal : {false, true}) {
    const Tensor qa = random_leaf({2, 3, 16, 8}, 7), qb = random_leaf({2, 3, 16, 8}, 7);
    const Tensor ka = random_leaf({2, 3, 16, 8}, 8), kb = random_leaf({2, 3, 16, 8}, 8);
    const Tensor va = random_leaf({2, 3, 16, 8}, 9), vb = random_leaf({2, 3, 16, 8}, 9);
    const Tensor fused = scaled_dot_product_attention(qa, ka, va, causal);
    const Tensor reference = primitive_attention(qb, kb, vb, causal);
    EXPECT_TRUE(tensors_close(fused, reference, 1e-5, 1e-4)) << "causal " << causal;
    const Tensor g = randn({2, 3, 16, 8});
    fused.backward(g);
    reference.backward(g);
    EXPECT_TRUE(tensors_close(qa.grad(), qb.grad(), 1e-5, 1e-3)) << "causal " << causal;
    EXPECT_TRUE(tensors_close(ka.grad(), kb.grad(), 1e-5, 1e-3)) << "causal " << causal;
    EXPECT_TRUE(tensors_close(va.grad(), vb.grad(), 1e-5, 1e-3)) << "causal " << causal;
  }
}

TEST(Attention, BadShapesNameTheOpAndAllShapes) {
  const char* op = "scaled_dot_product_attention";
  EXPECT_TRUE(throws_with(
      [] {
        scaled_dot_product_attention(zeros({2, 4, 3}), zeros({3, 4, 3}), zeros({3, 4, 3}));
      },
      {op, "batch", "[2, 4, 3]", "[3, 4, 3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        scaled_dot_product_attention(zeros({4, 3}), zeros({4, 2}), zeros({4, 2}));
      },
      {op, "widths", "[4, 3]", "[4, 2]"}));
  EXPECT_TRUE(throws_with(
      [] {
        scaled_dot_product_attention(zeros({4, 3}), zeros({5, 3}), zeros({4, 3}));
      },
      {op, "lengths", "[5, 3]", "[4, 3]"}));
  EXPECT_TRUE(throws_with([] { scaled_dot_product_attention(zeros({3}), zeros({3}), zeros({3})); },
                          {op, "[..., T, d]"}));
  EXPECT_TRUE(throws_with(
      [] {
        scaled_dot_product_attention(zeros({4, 3}), int_tensor({1, 2}, {1, 2}), zeros({4, 3}));
      },
      {op, "key", "int64"}));
}

}  // namespace
}  // namespace buildgpt

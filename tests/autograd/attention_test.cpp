// scaled_dot_product_attention: reference values and gradients (causal and not, lower-right with
// a mask), gradchecks with batch dims, unequal lengths, masks, a scale and a partly filled
// key-value buffer, agreement with the primitive formula across many tiles, queries that see no
// key, and bad input.
#include <cmath>
#include <limits>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

// Which keys each query sees under `causal`, as a bool [Tq, Tk] matrix.
Tensor causal_keep(CausalMask causal, int64_t tq, int64_t tk) {
  const Tensor all = ones({tq, tk});
  if (causal == CausalMask::None) return gt(all, 0.0);
  return gt(tril(all, causal == CausalMask::UpperLeft ? 0 : tk - tq), 0.0);
}

// softmax(scale · q kᵀ + mask) v from primitives; hidden keys get -1e9 (not -∞, so a row that
// sees nothing is uniform here, where the fused op gives zeros).
Tensor primitive_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                           const AttentionOptions& o = {}) {
  const int64_t tq = q.size(-2), tk = k.size(-2);
  const double scale = o.scale != 0 ? o.scale : 1 / std::sqrt(static_cast<double>(q.size(-1)));
  Tensor scores = matmul(q, k.transpose(-2, -1)) * scale;
  if (o.mask.defined()) {
    scores =
        o.mask.dtype() == kBool ? masked_fill(scores, logical_not(o.mask), -1e9) : scores + o.mask;
  }
  scores = masked_fill(scores, logical_not(causal_keep(o.causal, tq, tk)), -1e9);
  const Tensor e = exp(scores - amax(scores, {-1}, true));
  return matmul(e / sum(e, {-1}, true), v);
}

AttentionOptions causal_options(CausalMask causal, Tensor mask = Tensor()) {
  AttentionOptions o;
  o.causal = causal;
  o.mask = std::move(mask);
  return o;
}

const char* causal_name(CausalMask c) {
  return c == CausalMask::None ? "none" : c == CausalMask::UpperLeft ? "upper-left" : "lower-right";
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

TEST(Attention, LowerRightWithAnAdditiveMaskMatchesPyTorch) {
  // PyTorch 1.13, float64: softmax(q kᵀ/√2 + add, masked to j <= i + 1) v, and its gradients.
  Tensor q = tensor({0.1, 0.2, 0.3, -0.1}, {2, 2});
  Tensor k = tensor({0.5, -0.3, 0.1, 0.1, 0.2, -0.6}, {3, 2});
  Tensor v = tensor({1, 2, -1, 0.5, 0.3, 0.7}, {3, 2});
  for (Tensor* t : {&q, &k, &v}) t->requires_grad_(true);
  const Tensor out = scaled_dot_product_attention(
      q, k, v, causal_options(CausalMask::LowerRight, tensor({0, -0.5, 0, 0.25, 0, -1}, {2, 3})));
  EXPECT_TRUE(tensors_close(out, tensor({0.2315795, 1.4236846, 0.1963814, 1.2892619}, {2, 2})));
  out.backward(tensor({1, -0.5, 0.2, 0.3}, {2, 2}));
  EXPECT_TRUE(
      tensors_close(q.grad(), tensor({0.0836482, -0.0836482, 0.0521485, -0.04292}, {2, 2})));
  EXPECT_TRUE(tensors_close(
      k.grad(),
      tensor({0.061177, 0.0284024, -0.0565627, -0.0299405, -0.0046143, 0.0015381}, {3, 2})));
  EXPECT_TRUE(tensors_close(
      v.grad(),
      tensor({0.7173077, -0.1556179, 0.4548151, -0.0861979, 0.0278772, 0.0418158}, {3, 2})));
}

// Many query and key tiles (the CPU's are 64 queries by 128 keys), every causal alignment, with
// and without masks, Tq below, equal to and above Tk: values and gradients within 1e-5.
TEST(Attention, AgreesWithThePrimitiveFormulaAcrossTiles) {
  struct Case {
    int64_t tq, tk;
    CausalMask causal;
    int mask;  // 0 none, 1 bool [Tq, Tk], 2 float [B, 1, Tq, Tk]
  };
  const std::vector<Case> cases = {
      {200, 200, CausalMask::None, 0},      {200, 200, CausalMask::UpperLeft, 0},
      {70, 300, CausalMask::LowerRight, 0}, {70, 300, CausalMask::UpperLeft, 1},
      {300, 130, CausalMask::None, 2},      {150, 150, CausalMask::LowerRight, 2},
      {1, 257, CausalMask::LowerRight, 0},
  };
  uint64_t seed = 20;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.tq) + "x" + std::to_string(c.tk) + " " + causal_name(c.causal) +
                 " mask " + std::to_string(c.mask));
    Generator gen(seed++);
    Tensor mask;
    if (c.mask == 1) mask = gt(randn({c.tq, c.tk}, &gen), -1.5);
    if (c.mask == 2) mask = randn({2, 1, c.tq, c.tk}, &gen);
    const AttentionOptions o = causal_options(c.causal, mask);
    const Tensor qa = random_leaf({2, 3, c.tq, 16}, seed), qb = random_leaf({2, 3, c.tq, 16}, seed);
    const Tensor ka = random_leaf({2, 3, c.tk, 16}, seed + 100),
                 kb = random_leaf({2, 3, c.tk, 16}, seed + 100);
    const Tensor va = random_leaf({2, 3, c.tk, 8}, seed + 200),
                 vb = random_leaf({2, 3, c.tk, 8}, seed + 200);
    const Tensor fused = scaled_dot_product_attention(qa, ka, va, o);
    const Tensor reference = primitive_attention(qb, kb, vb, o);
    EXPECT_TRUE(tensors_close(fused, reference, 1e-5, 1e-5));
    const Tensor g = randn(fused.shape(), &gen);
    fused.backward(g);
    reference.backward(g);
    EXPECT_TRUE(tensors_close(qa.grad(), qb.grad(), 1e-5, 1e-5));
    EXPECT_TRUE(tensors_close(ka.grad(), kb.grad(), 1e-5, 1e-5));
    EXPECT_TRUE(tensors_close(va.grad(), vb.grad(), 1e-5, 1e-5));
  }
}

TEST(Attention, GradientsWithMasksScaleAndLowerRight) {
  const Tensor keep = tensor({1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1}, {3, 5});
  const std::vector<AttentionOptions> options = {
      causal_options(CausalMask::LowerRight),
      causal_options(CausalMask::None, gt(keep, 0.5)),
      causal_options(CausalMask::LowerRight, mul(keep, 0.7)),
      [] {
        AttentionOptions o = causal_options(CausalMask::UpperLeft);
        o.scale = 0.9;
        return o;
      }(),
  };
  for (const AttentionOptions& o : options) {
    EXPECT_TRUE(grad_ok(
        [o](const std::vector<Tensor>& in) {
          return scaled_dot_product_attention(in[0], in[1], in[2], o);
        },
        {random_leaf({2, 3, 4}, 4), random_leaf({2, 5, 4}, 5), random_leaf({2, 5, 2}, 6)}))
        << causal_name(o.causal) << (o.mask.defined() ? " with a mask" : "");
  }
}

// A key-value buffer with room for 10 positions, filled up to 6: the op reads only those, and
// the unused rows get zero gradient.
TEST(Attention, KeyCountReadsOnlyTheFilledRows) {
  AttentionOptions o = causal_options(CausalMask::LowerRight);
  o.key_count = 6;
  const Tensor q = random_leaf({2, 2, 3, 4}, 1);
  const Tensor k = random_leaf({2, 2, 10, 4}, 2), v = random_leaf({2, 2, 10, 5}, 3);
  const Tensor out = scaled_dot_product_attention(q, k, v, o);
  const Tensor kn = narrow(k.detach(), 2, 0, 6), vn = narrow(v.detach(), 2, 0, 6);
  EXPECT_TRUE(tensors_close(out, scaled_dot_product_attention(
                                     q.detach(), kn, vn, causal_options(CausalMask::LowerRight))));
  sum(out).backward();
  EXPECT_TRUE(tensors_close(narrow(k.grad(), 2, 6, 4), zeros({2, 2, 4, 4}), 0, 0));
  EXPECT_TRUE(tensors_close(narrow(v.grad(), 2, 6, 4), zeros({2, 2, 4, 5}), 0, 0));
  EXPECT_TRUE(grad_ok(
      [o](const std::vector<Tensor>& in) {
        return scaled_dot_product_attention(in[0], in[1], in[2], o);
      },
      {random_leaf({3, 4}, 4), random_leaf({10, 4}, 5), random_leaf({10, 2}, 6)}));
}

// Lower-right with more queries than keys hides every key from the first queries; so does a
// boolean mask row that is all false. Those rows come out zero and pass no gradient back.
TEST(Attention, QueriesThatSeeNoKeyGetZeros) {
  const Tensor q = random_leaf({4, 3}, 1), k = random_leaf({2, 3}, 2), v = random_leaf({2, 3}, 3);
  const Tensor out = scaled_dot_product_attention(q, k, v, causal_options(CausalMask::LowerRight));
  EXPECT_TRUE(tensors_close(narrow(out, 0, 0, 2), zeros({2, 3}), 0, 0));
  EXPECT_TRUE(tensors_close(
      narrow(out, 0, 2, 2),
      primitive_attention(narrow(q, 0, 2, 2), k, v, causal_options(CausalMask::UpperLeft))));
  sum(out).backward();
  EXPECT_TRUE(tensors_close(narrow(q.grad(), 0, 0, 2), zeros({2, 3}), 0, 0));

  const Tensor mask = from_vector(std::vector<bool>{false, false, true, false}, {2, 2});
  const Tensor masked = scaled_dot_product_attention(q.detach().narrow(0, 0, 2), k, v,
                                                     causal_options(CausalMask::None, mask));
  EXPECT_TRUE(tensors_close(narrow(masked, 0, 0, 1), zeros({1, 3}), 0, 0));
  EXPECT_TRUE(tensors_close(narrow(masked, 0, 1, 1), narrow(v.detach(), 0, 0, 1)));
}

// The packed form against splitting qkv, cutting heads with view and transpose, attention, and
// merging: the same values and gradients, over several query and key tiles.
TEST(Attention, MultiHeadFromAPackedProjectionMatchesSplittingIntoHeads) {
  const int64_t b = 2, t = 150, heads = 3, d = 5, c = heads * d;
  for (bool causal : {true, false}) {
    const Tensor qkv = random_leaf({b, t, 3 * c}, causal ? 1 : 2);
    const Tensor g = random_leaf({b, t, c}, 3).detach();
    const Tensor packed = multi_head_attention(qkv, heads, causal);
    packed.backward(g);
    const Tensor qkv2 = qkv.detach().requires_grad_();
    const std::vector<Tensor> parts = chunk(qkv2, 3, -1);
    auto split = [&](const Tensor& m) { return m.view({b, t, heads, d}).transpose(1, 2); };
    const Tensor y =
        scaled_dot_product_attention(split(parts[0]), split(parts[1]), split(parts[2]), causal);
    const Tensor merged = y.transpose(1, 2).reshape({b, t, c});
    merged.backward(g);
    EXPECT_TRUE(tensors_close(packed, merged, 0, 0));
    EXPECT_TRUE(tensors_close(qkv.grad(), qkv2.grad(), 0, 0));
  }
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return multi_head_attention(in[0], 2); },
                      {random_leaf({2, 4, 12}, 4)}));
  EXPECT_TRUE(throws_with(
      [] {
        multi_head_attention(zeros({2, 4, 10}), 2);
      },
      {"multi_head_attention", "[2, 4, 10]", "2 heads"}));
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
  AttentionOptions o;
  o.key_count = 5;
  EXPECT_TRUE(throws_with(
      [&] {
        scaled_dot_product_attention(zeros({2, 3}), zeros({4, 3}), zeros({4, 3}), o);
      },
      {op, "key_count 5", "[1, 4]"}));
  o.key_count = -1;
  o.mask = int_tensor({1, 0, 1, 1}, {1, 4});
  EXPECT_TRUE(throws_with(
      [&] {
        scaled_dot_product_attention(zeros({2, 3}), zeros({4, 3}), zeros({4, 3}), o);
      },
      {op, "mask", "bool or float32", "int64"}));
  o.mask = zeros({3, 4});
  EXPECT_TRUE(throws_with(
      [&] {
        scaled_dot_product_attention(zeros({2, 3}), zeros({4, 3}), zeros({4, 3}), o);
      },
      {op, "mask", "[3, 4]", "[2, 4]"}));
}

}  // namespace
}  // namespace buildgpt

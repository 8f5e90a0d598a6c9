// eq, ne, lt, le, gt, ge, logical_not, where and masked_fill: values, gradients, bad input.
#include <limits>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

Tensor mask(const std::vector<bool>& values, Shape shape = {}) {
  return from_vector(values, std::move(shape));
}

std::vector<bool> bools(const Tensor& t) {
  EXPECT_EQ(t.dtype(), kBool);
  return t.to_vector<bool>();
}

using Bools = std::vector<bool>;

TEST(Compare, TensorAgainstTensor) {
  const Tensor a = tensor({1, 2, 3}), b = tensor({2, 2, 2});
  EXPECT_EQ(bools(eq(a, b)), (Bools{false, true, false}));
  EXPECT_EQ(bools(ne(a, b)), (Bools{true, false, true}));
  EXPECT_EQ(bools(lt(a, b)), (Bools{true, false, false}));
  EXPECT_EQ(bools(le(a, b)), (Bools{true, true, false}));
  EXPECT_EQ(bools(gt(a, b)), (Bools{false, false, true}));
  EXPECT_EQ(bools(ge(a, b)), (Bools{false, true, true}));
}

TEST(Compare, BroadcastsLikeNumpy) {
  const Tensor col = tensor({1, 2, 3}, {3, 1}), row = tensor({2, 3}, {1, 2});
  const Tensor r = lt(col, row);
  EXPECT_EQ(r.shape(), (Shape{3, 2}));
  EXPECT_EQ(bools(r), (Bools{true, true, false, true, false, false}));
  EXPECT_EQ(bools(ge(tensor({5, 1}), scalar_tensor(2))), (Bools{true, false}));
}

TEST(Compare, IntegerDtypes) {
  const Tensor a64 = int_tensor({-1, 0, 7}), b64 = int_tensor({0, 0, 6});
  EXPECT_EQ(bools(gt(a64, b64)), (Bools{false, false, true}));
  const Tensor a32 = arange(0, 3, 1, kInt32), b32 = int_tensor({2, 1, 0}).to(kInt32);
  EXPECT_EQ(bools(le(a32, b32)), (Bools{true, true, false}));
  EXPECT_EQ(bools(a32 != 1), (Bools{true, false, true}));
}

TEST(Compare, ScalarForms) {
  const Tensor a = tensor({-1, 0.5f, 2});
  EXPECT_EQ(bools(a == 0.5), (Bools{false, true, false}));
  EXPECT_EQ(bools(a != 0.5), (Bools{true, false, true}));
  EXPECT_EQ(bools(a < 0.5), (Bools{true, false, false}));
  EXPECT_EQ(bools(a <= 0.5), (Bools{true, true, false}));
  EXPECT_EQ(bools(a > 0.5), (Bools{false, false, true}));
  EXPECT_EQ(bools(a >= 0.5), (Bools{false, true, true}));
  EXPECT_EQ(bools(eq(a, 2)), (Bools{false, false, true}));
  EXPECT_EQ(bools(lt(a, 0)), (Bools{true, false, false}));
}

TEST(Compare, ScalarMeetsEachDtypeWithoutLosingTheComparison) {
  // a float32 value made from 0.1 equals the scalar 0.1
  EXPECT_EQ(bools(tensor({0.1f, 0.2f}) == 0.1), (Bools{true, false}));
  // an integer tensor is not rounded against a fractional scalar
  const Tensor i = int_tensor({2, 3});
  EXPECT_EQ(bools(i < 2.5), (Bools{true, false}));
  EXPECT_EQ(bools(i == 2.5), (Bools{false, false}));
  EXPECT_EQ(bools(i.to(kInt32) >= 2.5), (Bools{false, true}));
}

TEST(Compare, RecordsNoGraph) {
  const Tensor x = random_leaf({3}, 1);
  const Tensor r = gt(x, 0.0), s = eq(x, x);
  EXPECT_FALSE(r.requires_grad());
  EXPECT_FALSE(s.requires_grad());
  EXPECT_EQ(s.grad_fn(), nullptr);
}

TEST(Compare, LogicalNot) {
  EXPECT_EQ(bools(logical_not(mask({true, false, false}))), (Bools{false, true, true}));
  EXPECT_EQ(logical_not(mask({true, false, true, true}, {2, 2})).shape(), (Shape{2, 2}));
}

TEST(Compare, BadInputNamesTheOp) {
  EXPECT_TRUE(throws_with([] { lt(zeros({2}), int_tensor({1, 2})); }, {"lt", "float32", "int64"}));
  EXPECT_TRUE(throws_with([] { eq(zeros({2, 3}), zeros({4})); }, {"eq", "[2, 3]", "[4]"}));
  EXPECT_TRUE(throws_with([] { ge(mask({true}), mask({false})); }, {"ge", "bool"}));
  EXPECT_TRUE(throws_with([] { mask({true}) > 0.5; }, {"gt", "bool"}));
  EXPECT_TRUE(throws_with([] { ne(Tensor(), 1.0); }, {"ne", "undefined"}));
  EXPECT_TRUE(throws_with([] { logical_not(zeros({2})); }, {"logical_not", "bool", "float32"}));
}

TEST(Where, PicksByCondWithBroadcasting) {
  const Tensor cond = mask({true, false, true});
  EXPECT_TRUE(
      tensors_close(where(cond, tensor({1, 2, 3}), tensor({-1, -2, -3})), tensor({1, -2, 3})));
  // cond [3] against a [2, 1] and a scalar b: the result is [2, 3]
  const Tensor r = where(cond, tensor({10, 20}, {2, 1}), scalar_tensor(0));
  EXPECT_TRUE(tensors_close(r, tensor({10, 0, 10, 20, 0, 20}, {2, 3})));
  // cond [2, 1] stretched over a and b of [3]
  EXPECT_TRUE(tensors_close(where(mask({false, true}, {2, 1}), tensor({1, 2, 3}), tensor({0})),
                            tensor({0, 0, 0, 1, 2, 3}, {2, 3})));
  EXPECT_EQ(where(cond, int_tensor({1, 2, 3}), int_tensor({7})).to_vector<int64_t>(),
            (std::vector<int64_t>{1, 7, 3}));
}

TEST(Where, GradientGoesToTheChosenSide) {
  Tensor a = tensor({1, 2, 3}).requires_grad_(), b = scalar_tensor(5).requires_grad_();
  where(mask({true, false, false}), a, b).sum().backward();
  EXPECT_TRUE(tensors_close(a.grad(), tensor({1, 0, 0})));
  EXPECT_TRUE(tensors_close(b.grad(), scalar_tensor(2)));
}

TEST(Where, GradientsWithBroadcasting) {
  Generator gen(7);
  struct Case {
    Shape cond, a, b;
  };
  const std::vector<Case> cases = {
      {{3, 4}, {3, 4}, {3, 4}}, {{3, 1}, {4}, {}}, {{4}, {2, 1, 4}, {3, 1}}, {{2, 3, 4}, {1}, {4}}};
  for (const Case& c : cases) {
    const Tensor cond = gt(randn(c.cond, &gen), 0.0);
    EXPECT_TRUE(grad_ok([cond](const std::vector<Tensor>& in) { return where(cond, in[0], in[1]); },
                        {random_leaf(c.a, 1), random_leaf(c.b, 2)}))
        << shape_str(c.cond) << " " << shape_str(c.a) << " " << shape_str(c.b);
  }
}

TEST(Where, BadInputNamesTheOp) {
  EXPECT_TRUE(throws_with([] { where(zeros({2}), zeros({2}), zeros({2})); },
                          {"where", "cond", "bool", "float32"}));
  EXPECT_TRUE(throws_with(
      [] {
        where(mask({true}), zeros({2}), int_tensor({1, 2}));
      },
      {"where", "float32", "int64"}));
  EXPECT_TRUE(throws_with(
      [] {
        where(mask({true, false, true}), zeros({2}), zeros({2}));
      },
      {"where", "[3]", "[2]"}));
  EXPECT_TRUE(
      throws_with([] { where(mask({true}), Tensor(), zeros({1})); }, {"where", "undefined"}));
}

TEST(MaskedFill, FillsWhereTheMaskHolds) {
  const Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_TRUE(
      tensors_close(masked_fill(x, mask({true, false, false, false, false, true}, {2, 3}), 0),
                    tensor({0, 2, 3, 4, 5, 0}, {2, 3})));
  // a [3] mask repeats over the rows, a [2, 1] mask over the columns
  EXPECT_TRUE(tensors_close(x.masked_fill(mask({false, true, false}), -1),
                            tensor({1, -1, 3, 4, -1, 6}, {2, 3})));
  EXPECT_TRUE(tensors_close(x.masked_fill(mask({false, true}, {2, 1}), 9),
                            tensor({1, 2, 3, 9, 9, 9}, {2, 3})));
  EXPECT_EQ(int_tensor({1, 2}).masked_fill(mask({true, false}), 7).to_vector<int64_t>(),
            (std::vector<int64_t>{7, 2}));
}

TEST(MaskedFill, CausalMaskGivesMinusInfinityAboveTheDiagonal) {
  const double inf = std::numeric_limits<double>::infinity();
  const Tensor future = triu(ones({3, 3}, kBool), 1);
  const Tensor r = masked_fill(zeros({2, 3, 3}), future, -inf);
  const float m = -std::numeric_limits<float>::infinity();
  EXPECT_TRUE(tensors_close(r.select(0, 1), tensor({0, m, m, 0, 0, m, 0, 0, 0}, {3, 3})));
}

TEST(MaskedFill, GradientIsZeroWhereMasked) {
  Tensor x = tensor({1, 2, 3, 4}, {2, 2}).requires_grad_();
  masked_fill(x, mask({false, true}), 0).sum().backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({1, 0, 1, 0}, {2, 2})));

  Generator gen(3);
  for (const auto& [sx, sm] : std::vector<std::pair<Shape, Shape>>{
           {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 3, 4}, {3, 1}}, {{5}, {}}}) {
    const Tensor m = gt(randn(sm, &gen), 0.0);
    EXPECT_TRUE(grad_ok([m](const std::vector<Tensor>& in) { return masked_fill(in[0], m, 2.5); },
                        {random_leaf(sx, 4)}))
        << shape_str(sx) << " masked by " << shape_str(sm);
  }
}

TEST(MaskedFill, BadInputNamesTheOp) {
  EXPECT_TRUE(throws_with([] { masked_fill(zeros({2}), zeros({2}), 0); },
                          {"masked_fill", "mask", "bool", "float32"}));
  EXPECT_TRUE(throws_with(
      [] {
        masked_fill(zeros({3}), ones({2, 3}, kBool), 0);
      },
      {"masked_fill", "[2, 3]", "[3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        masked_fill(zeros({2, 3}), ones({4}, kBool), 0);
      },
      {"masked_fill", "[2, 3]", "[4]"}));
  EXPECT_TRUE(
      throws_with([] { masked_fill(zeros({2}), Tensor(), 0); }, {"masked_fill", "undefined"}));
}

}  // namespace
}  // namespace buildgpt

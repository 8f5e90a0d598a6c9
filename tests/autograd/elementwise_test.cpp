// add, sub, mul, div, neg with broadcasting: values and gradients.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

using BinaryOp = Tensor (*)(const Tensor&, const Tensor&);

TEST(Arithmetic, ValuesOfTheFourOperations) {
  const Tensor a = tensor({1, 2, 3, 4}, {2, 2}), b = tensor({10, 20}, {2});
  EXPECT_TRUE(tensors_close(a + b, tensor({11, 22, 13, 24}, {2, 2})));
  EXPECT_TRUE(tensors_close(a - b, tensor({-9, -18, -7, -16}, {2, 2})));
  EXPECT_TRUE(tensors_close(a * b, tensor({10, 40, 30, 80}, {2, 2})));
  EXPECT_TRUE(tensors_close(b / a, tensor({10, 10, 10.0f / 3, 5}, {2, 2})));
  EXPECT_TRUE(tensors_close(-a, tensor({-1, -2, -3, -4}, {2, 2})));
}

TEST(Arithmetic, ScalarForms) {
  const Tensor a = tensor({1, 2, 4});
  EXPECT_TRUE(tensors_close(a + 1, tensor({2, 3, 5})));
  EXPECT_TRUE(tensors_close(a - 1, tensor({0, 1, 3})));
  EXPECT_TRUE(tensors_close(a * 2, tensor({2, 4, 8})));
  EXPECT_TRUE(tensors_close(a / 2, tensor({0.5f, 1, 2})));
  EXPECT_TRUE(tensors_close(1 - a, tensor({0, -1, -3})));
  EXPECT_TRUE(tensors_close(8 / a, tensor({8, 4, 2})));
  EXPECT_TRUE(tensors_close(3 * a, tensor({3, 6, 12})));
  EXPECT_TRUE(tensors_close(3 + a, tensor({4, 5, 7})));
}

TEST(Arithmetic, BroadcastsLikeNumpy) {
  const Tensor col = tensor({1, 2, 3}, {3, 1}), row = tensor({10, 20}, {1, 2});
  EXPECT_TRUE(tensors_close(col + row, tensor({11, 21, 12, 22, 13, 23}, {3, 2})));
  const Tensor x = ones({2, 1, 3}), y = arange(0, 4, 1, kFloat32).view({4, 1});
  EXPECT_EQ((x * y).shape(), (Shape{2, 4, 3}));
  EXPECT_TRUE(tensors_close((x * y).sum({0, 2}), tensor({0, 6, 12, 18})));
}

TEST(Arithmetic, IntegerTensorsAddAndMultiply) {
  EXPECT_EQ((int_tensor({1, 2}) + int_tensor({3, 4})).to_vector<int64_t>(),
            (std::vector<int64_t>{4, 6}));
  EXPECT_EQ((int_tensor({1, 2}) * 3).to_vector<int64_t>(), (std::vector<int64_t>{3, 6}));
}

TEST(Arithmetic, GradientsWithBroadcasting) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 3, 1}, {1, 4}}, {{5}, {}}, {{1}, {2, 3}}};
  for (BinaryOp op : {BinaryOp(add), BinaryOp(sub), BinaryOp(mul)}) {
    for (const auto& [sa, sb] : cases) {
      EXPECT_TRUE(grad_ok([op](const std::vector<Tensor>& in) { return op(in[0], in[1]); },
                          {random_leaf(sa, 1), random_leaf(sb, 2)}))
          << shape_str(sa) << " with " << shape_str(sb);
    }
  }
  for (const auto& [sa, sb] : cases) {
    // denominators kept away from zero
    Tensor b = (random_leaf(sb, 2).detach().abs() + 1).detach().requires_grad_();
    EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return div(in[0], in[1]); },
                        {random_leaf(sa, 1), b}))
        << shape_str(sa) << " / " << shape_str(sb);
  }
}

TEST(Arithmetic, ScalarFormGradients) {
  const Tensor x = (random_leaf({4}, 5).detach().abs() + 0.5).detach().requires_grad_();
  for (auto f : std::vector<GradcheckFn>{[](const std::vector<Tensor>& in) { return in[0] + 2.0; },
                                         [](const std::vector<Tensor>& in) { return in[0] - 2.0; },
                                         [](const std::vector<Tensor>& in) { return in[0] * -1.5; },
                                         [](const std::vector<Tensor>& in) { return in[0] / 4.0; },
                                         [](const std::vector<Tensor>& in) { return 2.0 - in[0]; },
                                         [](const std::vector<Tensor>& in) { return 3.0 / in[0]; },
                                         [](const std::vector<Tensor>& in) { return -in[0]; }}) {
    EXPECT_TRUE(grad_ok(f, {x}));
  }
}

// x + f(x) with f(x) a temporary writes the sum over it; a right operand that something else
// still sees is left alone. Values and gradients are those of add either way.
TEST(Arithmetic, AddIntoATemporaryOnlyWhenNothingElseSeesIt) {
  const Tensor x = random_leaf({3, 4}, 1), w = random_leaf({3, 4}, 2);
  Tensor kept = x * w;
  const Tensor shared = x + kept;
  EXPECT_FALSE(shared.same_storage(kept));
  EXPECT_TRUE(tensors_close(kept, x.detach() * w.detach()));
  const Tensor fresh = x + x * w;
  EXPECT_TRUE(tensors_close(fresh, shared));
  const Tensor exp_x = exp(x);  // exp saves its output for the backward: not written over
  EXPECT_TRUE(tensors_close(x + exp(x), x.detach() + exp_x.detach()));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0] + in[0] * in[1]; }, {x, w}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0] + exp(in[1]); }, {x, w}));
  const Tensor row = random_leaf({4}, 3);  // broadcast: written over only if the temporary is
  EXPECT_TRUE(tensors_close(row + x * w, row.detach() + x.detach() * w.detach()));  // the larger
  EXPECT_TRUE(tensors_close(x * w + row * 2.0, x.detach() * w.detach() + row.detach() * 2.0));
}

TEST(Arithmetic, BadInputNamesTheOpAndShapes) {
  EXPECT_TRUE(throws_with([] { zeros({2, 3}) + zeros({4}); }, {"add", "[2, 3]", "[4]"}));
  EXPECT_TRUE(throws_with([] { zeros({2}) * int_tensor({1, 2}); }, {"mul", "float32", "int64"}));
  EXPECT_TRUE(throws_with([] { Tensor() - zeros({1}); }, {"sub", "undefined"}));
  EXPECT_TRUE(throws_with([] { zeros({2}, kBool) + zeros({2}, kBool); }, {"add", "bool"}));
}

TEST(Arithmetic, EmptyTensorsStayEmpty) {
  EXPECT_EQ((zeros({0, 3}) + ones({3})).shape(), (Shape{0, 3}));
}

}  // namespace
}  // namespace buildgpt

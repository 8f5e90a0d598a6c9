// cat, stack, split and chunk: values, gradients to every input, and errors.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

Tensor two_by_two() { return tensor({1, 2, 3, 4}, {2, 2}); }

TEST(Join, CatAlongEachDim) {
  const Tensor a = two_by_two();
  EXPECT_TRUE(
      tensors_close(cat({a, tensor({5, 6}, {1, 2})}, 0), tensor({1, 2, 3, 4, 5, 6}, {3, 2})));
  EXPECT_TRUE(tensors_close(cat({a, a * 10.0}, -1), tensor({1, 2, 10, 20, 3, 4, 30, 40}, {2, 4})));
  EXPECT_EQ(cat({int_tensor({1}), int_tensor({2, 3})}).to_vector<int64_t>(),
            (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(cat({zeros({2, 0}), zeros({2, 3})}, 1).shape(), (Shape{2, 3}));
}

TEST(Join, StackAddsADim) {
  const Tensor a = two_by_two();
  EXPECT_TRUE(
      tensors_close(stack({a, a * 10.0}, 1), tensor({1, 2, 10, 20, 3, 4, 30, 40}, {2, 2, 2})));
  EXPECT_TRUE(
      tensors_close(stack({a, a * 10.0}, -1), tensor({1, 10, 2, 20, 3, 30, 4, 40}, {2, 2, 2})));
  EXPECT_EQ(stack({a, a, a}).shape(), (Shape{3, 2, 2}));
  EXPECT_EQ(stack({scalar_tensor(1), scalar_tensor(2)}).shape(), (Shape{2}));
}

TEST(Join, SplitAndChunk) {
  const std::vector<Tensor> s = split(arange(7), 3);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(s[2].to_vector<int64_t>(), (std::vector<int64_t>{6}));
  const std::vector<Tensor> c = chunk(arange(10).view({2, 5}), 2, 1);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 5, 6, 7}));
  EXPECT_EQ(c[1].shape(), (Shape{2, 2}));
  EXPECT_EQ(c[1].to_vector<int64_t>(), (std::vector<int64_t>{3, 4, 8, 9}));
  EXPECT_EQ(chunk(arange(6), 4).size(), 3u);  // pieces of 2: fewer than asked
  EXPECT_EQ(chunk(zeros({0}), 3).size(), 3u);
}

TEST(Join, Gradients) {
  const Tensor x = random_leaf({2, 3, 4}, 11), y = random_leaf({2, 1, 4}, 12);
  const Tensor z = random_leaf({2, 3, 4}, 13);
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return cat({in[0], in[1]}, 1);
      },
      {x, y}));
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return cat({in[1], in[0], in[1]}, -2);
      },
      {x, y}));
  for (int64_t dim : {0, 1, 3, -1}) {
    EXPECT_TRUE(grad_ok(
        [&](const std::vector<Tensor>& in) {
          return stack({in[0], in[1]}, dim);
        },
        {x, z}));
  }
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        const std::vector<Tensor> p = split(in[0], 2, 2);
        return p[0] * p[1];
      },
      {x}));
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        const std::vector<Tensor> p = chunk(in[0], 3, 1);
        return p[0] - p[2] * 2.0;
      },
      {x}));
}

TEST(Join, BadInputsAreErrors) {
  EXPECT_TRUE(throws_with([] { cat({}); }, {"cat", "empty list"}));
  EXPECT_TRUE(throws_with([] { stack({}); }, {"stack", "empty list"}));
  EXPECT_TRUE(throws_with(
      [] {
        cat({zeros({2, 3}), zeros({3, 3})}, 1);
      },
      {"cat", "[3, 3]", "[2, 3]", "dimension 1"}));
  EXPECT_TRUE(throws_with(
      [] {
        cat({zeros({2, 3}), zeros({2, 3, 1})});
      },
      {"cat", "[2, 3, 1]", "[2, 3]"}));
  EXPECT_TRUE(throws_with(
      [] {
        stack({zeros({2, 3}), zeros({2, 4})}, 0);
      },
      {"stack", "[2, 4]", "[2, 3]", "dimension 0"}));
  EXPECT_TRUE(throws_with(
      [] {
        cat({zeros({2}), int_tensor({1, 2})});
      },
      {"cat", "float32", "int64"}));
  EXPECT_TRUE(throws_with([] { cat({scalar_tensor(1), scalar_tensor(2)}); }, {"cat", "0-dim"}));
  EXPECT_TRUE(throws_with([] { cat({zeros({2}), Tensor()}); }, {"cat", "undefined"}));
  EXPECT_TRUE(throws_with([] { split(zeros({4}), 0); }, {"split", "split_size", "0"}));
  EXPECT_TRUE(throws_with([] { chunk(zeros({4}), -1); }, {"chunk", "chunks", "-1"}));
  EXPECT_TRUE(throws_with([] { split(zeros({4}), 2, 1); }, {"split", "dimension 1"}));
}

TEST(Join, LargeInputsSplitAcrossThreads) {
  const Tensor x = arange(0, 70000, 1, kFloat32).view({70000, 1});
  const Tensor c = cat({x, x * 2.0}, 1);
  EXPECT_EQ(c.shape(), (Shape{70000, 2}));
  EXPECT_TRUE(tensors_close(c.select(0, 69999), tensor({69999, 139998})));
  EXPECT_TRUE(tensors_close(sum(c, {0}), mul(sum(x, {0}), tensor({1, 2}))));
}

}  // namespace
}  // namespace buildgpt

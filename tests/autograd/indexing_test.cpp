// index_select and gather: values, accumulating gradients, and out-of-range indices.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Indexing, IndexSelectPicksSlices) {
  const Tensor e = arange(0, 12, 1, kFloat32).view({3, 4});
  EXPECT_TRUE(tensors_close(index_select(e, 1, int_tensor({3, 0, 3})),
                            tensor({3, 0, 3, 7, 4, 7, 11, 8, 11}, {3, 3})));
  EXPECT_TRUE(tensors_close(e.index_select(0, int_tensor({2, 2})),
                            tensor({8, 9, 10, 11, 8, 9, 10, 11}, {2, 4})));
  EXPECT_EQ(index_select(arange(5), 0, int_tensor({4, 1})).to_vector<int64_t>(),
            (std::vector<int64_t>{4, 1}));
  EXPECT_EQ(index_select(e, -1, from_vector<int64_t>({}, {0})).shape(), (Shape{3, 0}));
}

TEST(Indexing, GatherPicksElements) {
  const Tensor e = arange(0, 12, 1, kFloat32).view({3, 4});
  EXPECT_TRUE(tensors_close(gather(e, 1, int_tensor({0, 3, 1, 1, 2, 0}, {3, 2})),
                            tensor({0, 3, 5, 5, 10, 8}, {3, 2})));
  EXPECT_TRUE(
      tensors_close(e.gather(0, int_tensor({2, 0, 1, 0}, {1, 4})), tensor({8, 1, 6, 3}, {1, 4})));
  // An index larger than x along dim, smaller elsewhere.
  EXPECT_TRUE(tensors_close(gather(e, 0, int_tensor({2, 0, 1, 1, 0, 2, 0, 2}, {4, 2})),
                            tensor({8, 1, 4, 5, 0, 9, 0, 9}, {4, 2})));
}

TEST(Indexing, RepeatedIndicesAccumulateGradients) {
  Tensor t = arange(0, 12, 1, kFloat32).view({3, 4}).detach().requires_grad_();
  sum(index_select(t, 0, int_tensor({2, 0, 2}))).backward();
  EXPECT_TRUE(tensors_close(t.grad(), tensor({1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2}, {3, 4})));
  Tensor u = arange(0, 12, 1, kFloat32).view({3, 4}).detach().requires_grad_();
  sum(gather(u, 1, int_tensor({0, 0, 3, 1, 2, 2}, {3, 2}))).backward();
  EXPECT_TRUE(tensors_close(u.grad(), tensor({2, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0}, {3, 4})));
}

TEST(Indexing, Gradients) {
  const Tensor x = random_leaf({3, 4, 5}, 21);
  const Tensor rows = int_tensor({2, 0, 2, 1});
  for (int64_t dim : {0, 1, 2, -1}) {
    EXPECT_TRUE(grad_ok(
        [&](const std::vector<Tensor>& in) { return index_select(in[0], dim, rows); }, {x}));
  }
  Generator gen(5);
  const Tensor idx0 = randint(0, 3, {4, 2, 5}, &gen);
  const Tensor idx1 = randint(0, 4, {2, 6, 3}, &gen);
  const Tensor idx2 = randint(0, 5, {3, 4, 7}, &gen);
  EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return gather(in[0], 0, idx0); }, {x}));
  EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return gather(in[0], 1, idx1); }, {x}));
  EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return gather(in[0], -1, idx2); }, {x}));
}

TEST(Indexing, BadIndicesAreErrors) {
  const Tensor e = zeros({3, 4});
  EXPECT_TRUE(throws_with(
      [&] {
        index_select(e, 1, int_tensor({1, 4}));
      },
      {"index_select", "index 4", "size 4"}));
  EXPECT_TRUE(throws_with([&] { index_select(e, 0, int_tensor({-1})); },
                          {"index_select", "index -1", "size 3"}));
  EXPECT_TRUE(throws_with(
      [&] {
        index_select(e, 0, int_tensor({0, 1}, {1, 2}));
      },
      {"index_select", "1-D", "[1, 2]"}));
  EXPECT_TRUE(throws_with([&] { index_select(e, 0, tensor({0})); },
                          {"index_select", "index", "int64", "float32"}));
  EXPECT_TRUE(throws_with(
      [&] {
        gather(e, 0, int_tensor({3, 0}, {1, 2}));
      },
      {"gather", "index 3", "size 3"}));
  EXPECT_TRUE(throws_with(
      [&] {
        gather(e, 1, int_tensor({0, 0, 0, 0}, {4, 1}));
      },
      {"gather", "[4, 1]", "[3, 4]"}));
  EXPECT_TRUE(throws_with([&] { gather(e, 1, int_tensor({0, 0})); }, {"gather", "[2]", "[3, 4]"}));
  EXPECT_TRUE(throws_with(
      [&] {
        gather(e, 2, int_tensor({0}, {1, 1}));
      },
      {"gather", "dimension 2"}));
}

TEST(Indexing, LargeInputsSplitAcrossThreads) {
  Tensor x = zeros({2, 70000}).requires_grad_();
  sum(index_select(x, 0, int_tensor({0, 0, 1}))).backward();
  EXPECT_TRUE(tensors_close(sum(x.grad(), {1}), tensor({140000, 70000})));
  Tensor y = arange(0, 140000, 1, kFloat32).view({70000, 2}).detach().requires_grad_();
  const Tensor picked = gather(y, 1, ones({70000, 1}, kInt64));
  EXPECT_FLOAT_EQ(picked.select(0, 69999).item<float>(), 139999.0f);
  EXPECT_FLOAT_EQ(sum(picked).item<float>(), 70000.0f * 70000.0f);
  sum(picked).backward();
  EXPECT_TRUE(tensors_close(sum(y.grad(), {0}), tensor({0, 70000})));
}

}  // namespace
}  // namespace buildgpt

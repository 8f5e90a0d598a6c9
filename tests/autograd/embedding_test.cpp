// embedding: picked rows, gradients that accumulate over repeated ids, agreement with a one-hot
// matrix product, and bad ids.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Embedding, MatchesReferenceValuesAndGradientWithRepeatedIds) {
  Tensor w = arange(12, kFloat32).view({4, 3}).detach();
  w.requires_grad_(true);
  const Tensor ids = int_tensor({1, 3, 1, 0, 1, 2}, {2, 3});
  const Tensor y = embedding(ids, w);
  EXPECT_TRUE(tensors_close(
      y, tensor({3, 4, 5, 9, 10, 11, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8}, {2, 3, 3})));
  y.backward(arange(18, kFloat32).view({2, 3, 3}) * 0.5 - 1);
  EXPECT_TRUE(
      tensors_close(w.grad(), tensor({3.5, 4, 4.5, 6, 7.5, 9, 6.5, 7, 7.5, 0.5, 1, 1.5}, {4, 3})));
}

TEST(Embedding, Int32IdsPickTheSameRows) {
  const Tensor w = randn({5, 4}), ids = int_tensor({4, 0, 4});
  EXPECT_TRUE(tensors_close(embedding(ids.to(kInt32), w), embedding(ids, w)));
}

TEST(Embedding, GradientsWithRepeatedIds) {
  const Tensor ids = int_tensor({2, 0, 2, 2, 4, 0}, {3, 2});
  EXPECT_TRUE(grad_ok([&](const std::vector<Tensor>& in) { return embedding(ids, in[0]); },
                      {random_leaf({5, 3}, 1)}));
}

TEST(Embedding, EqualsAOneHotMatrixProductWithItsGradient) {
  const std::vector<int64_t> ids = {7, 1, 7, 0, 3, 7, 2, 2, 9};
  std::vector<float> onehot(ids.size() * 10, 0.0f);
  for (size_t i = 0; i < ids.size(); ++i) onehot[i * 10 + ids[i]] = 1;
  const Tensor a = random_leaf({10, 40}, 2), b = random_leaf({10, 40}, 2);
  const Tensor fused = embedding(from_vector(ids, {3, 3}), a);
  const Tensor reference = matmul(from_vector(onehot, {3, 3, 10}), b);
  EXPECT_TRUE(tensors_close(fused, reference));
  const Tensor g = randn({3, 3, 40});
  fused.backward(g);
  reference.backward(g);
  EXPECT_TRUE(tensors_close(a.grad(), b.grad()));
}

// A table tied to an output layer (the output layer's gradient arrives first), and gradients of two
// backward passes: the rows are added into the gradient the table already holds, giving what a
// dense gradient would.
TEST(Embedding, AddsIntoAGradientTheTableAlreadyHolds) {
  const Tensor ids = int_tensor({2, 0, 2, 3}, {2, 2});
  const Tensor table = random_leaf({5, 3}, 1), dense = table.detach().requires_grad_();
  const Tensor g = random_leaf({2, 2, 5}, 2).detach();
  linear(embedding(ids, table), table).backward(g);
  linear(matmul(one_hot(ids, 5).to(kFloat32), dense), dense).backward(g);
  EXPECT_TRUE(tensors_close(table.grad(), dense.grad()));
  const Tensor held = table.grad();
  embedding(ids, table).sum().backward();
  matmul(one_hot(ids, 5).to(kFloat32), dense).sum().backward();
  EXPECT_TRUE(tensors_close(table.grad(), dense.grad()));
  EXPECT_TRUE(table.grad().same_storage(held));
}

TEST(Embedding, BadInputsNameTheOp) {
  EXPECT_TRUE(throws_with(
      [] {
        embedding(int_tensor({0, 5}), zeros({5, 2}));
      },
      {"embedding", "id 5", "[5, 2]", "V = 5"}));
  EXPECT_TRUE(throws_with(
      [] {
        embedding(int_tensor({-1}), zeros({5, 2}));
      },
      {"embedding", "id -1"}));
  EXPECT_TRUE(throws_with(
      [] {
        embedding(zeros({2}), zeros({5, 2}));
      },
      {"embedding", "ids", "float32", "[2]"}));
  EXPECT_TRUE(
      throws_with([] { embedding(int_tensor({0}), zeros({5})); }, {"embedding", "[V, C]", "[5]"}));
}

}  // namespace
}  // namespace buildgpt

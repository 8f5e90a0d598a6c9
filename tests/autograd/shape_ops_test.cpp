// permute and transpose: every element lands where the index arithmetic says, for shapes that do
// and do not fill the copy's tiles, and gradients go back through the inverse permutation.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;

// out[i] = x[j] where j reorders i's coordinates by perm, computed one element at a time.
std::vector<float> permuted_by_hand(const Tensor& x, const Dims& perm) {
  const Shape& in = x.shape();
  const int64_t nd = x.dim();
  Shape out(nd);
  for (int64_t d = 0; d < nd; ++d) out[d] = in[perm[d]];
  std::vector<int64_t> in_strides(nd, 1);
  for (int64_t d = nd - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in[d + 1];
  const std::vector<float> v = x.to_vector<float>();
  std::vector<float> result(v.size());
  for (int64_t i = 0; i < static_cast<int64_t>(v.size()); ++i) {
    int64_t rem = i, off = 0;
    for (int64_t d = nd - 1; d >= 0; --d) {
      off += (rem % out[d]) * in_strides[perm[d]];
      rem /= out[d];
    }
    result[i] = v[off];
  }
  return result;
}

TEST(Permute, MatchesIndexArithmetic) {
  const std::vector<std::pair<Shape, Dims>> cases = {
      {{37, 300}, {1, 0}},       // a transpose larger than one tile, ragged at both ends
      {{300, 5}, {1, 0}},        // tall and narrow, as an embedding's weight
      {{16, 256}, {1, 0}},       // exactly one tile
      {{3, 17, 40}, {0, 2, 1}},  // batched transpose
      {{4, 5, 6, 7}, {2, 0, 3, 1}},
      {{2, 3, 4}, {0, 1, 2}},  // the identity
      {{1000}, {0}}};
  for (const auto& [shape, perm] : cases) {
    const Tensor x = random_leaf(shape, 1).detach();
    const Tensor y = permute(x, perm);
    EXPECT_EQ(y.to_vector<float>(), permuted_by_hand(x, perm)) << shape_str(shape);
  }
}

TEST(Permute, KeepsIntegers) {
  const Tensor x = arange(0, 6).view({2, 3});
  EXPECT_EQ(x.transpose(0, 1).to_vector<int64_t>(), (std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
}

TEST(Permute, GradientsFlowBack) {
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return permute(in[0], {2, 0, 1});
      },
      {random_leaf({3, 4, 20}, 2)}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0].transpose(0, 1); },
                      {random_leaf({19, 33}, 3)}));
}

}  // namespace
}  // namespace buildgpt

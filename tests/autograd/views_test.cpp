// view, reshape, squeeze, unsqueeze, flatten: shared storage, inferred sizes, gradients.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::throws_with;

TEST(Views, ShareStorageAndInferMinusOne) {
  const Tensor x = arange(12);
  const Tensor v = x.view({3, -1});
  EXPECT_EQ(v.shape(), (Shape{3, 4}));
  EXPECT_TRUE(v.same_storage(x));
  EXPECT_EQ(x.reshape({2, 2, 3}).unsqueeze(0).shape(), (Shape{1, 2, 2, 3}));
  EXPECT_EQ(x.view({1, 12, 1}).squeeze().shape(), (Shape{12}));
  EXPECT_EQ(x.view({1, 12, 1}).squeeze(0).shape(), (Shape{12, 1}));
  EXPECT_EQ(x.view({2, 3, 2}).flatten(1).shape(), (Shape{2, 6}));
  EXPECT_EQ(x.view({2, 3, 2}).flatten().shape(), (Shape{12}));
}

TEST(Views, BadShapesAreExplained) {
  EXPECT_TRUE(throws_with([] { arange(12).view({5, -1}); }, {"view", "[5, -1]", "[12]"}));
  EXPECT_TRUE(throws_with([] { arange(12).view({-1, -1}); }, {"view", "one dimension"}));
  EXPECT_TRUE(throws_with([] { arange(12).unsqueeze(3); }, {"unsqueeze", "dimension 3"}));
}

TEST(Views, Gradients) {
  const Tensor x = random_leaf({2, 6}, 1);
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0].view({3, 4}) * 2.0; }, {x}));
  EXPECT_TRUE(
      grad_ok([](const std::vector<Tensor>& in) { return in[0].unsqueeze(1).squeeze(1); }, {x}));
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0].flatten(); }, {x}));
}

}  // namespace
}  // namespace buildgpt

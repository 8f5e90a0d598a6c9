// expand: repeating size-1 dimensions.
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Expand, RepeatsSizeOneDimensions) {
  const Tensor x = tensor({1, 2, 3}, {3, 1});
  EXPECT_TRUE(
      tensors_close(x.expand({2, 3, 2}), tensor({1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, {2, 3, 2})));
  EXPECT_EQ(x.expand({-1, 4}).shape(), (Shape{3, 4}));
  EXPECT_TRUE(throws_with([&] { x.expand({2, 2}); }, {"expand", "[3, 1]", "[2, 2]"}));
  EXPECT_TRUE(grad_ok(
      [](const std::vector<Tensor>& in) {
        return in[0].expand({2, 3, 4});
      },
      {random_leaf({3, 1}, 2)}));
}

}  // namespace
}  // namespace buildgpt

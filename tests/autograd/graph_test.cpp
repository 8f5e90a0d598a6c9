// The graph and the backward pass: accumulation, retain_graph, no_grad, leaks, gradcheck itself.
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace buildgpt {
namespace {

using testing::grad_ok;
using testing::random_leaf;
using testing::tensors_close;
using testing::throws_with;

TEST(Autograd, GradientOfAProductAndSum) {
  Tensor x = tensor({1, 2, 3}).requires_grad_();
  Tensor w = tensor({4, 5, 6}).requires_grad_();
  Tensor loss = sum(x * w + x);
  loss.backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({5, 6, 7})));
  EXPECT_TRUE(tensors_close(w.grad(), tensor({1, 2, 3})));
  EXPECT_DOUBLE_EQ(loss.item(), 32 + 6);
}

TEST(Autograd, GradientsAccumulateUntilZeroed) {
  Tensor x = tensor({2}).requires_grad_();
  (x * x).sum().backward();
  (x * x).sum().backward();
  EXPECT_FLOAT_EQ(x.grad().item<float>(), 8.0f);
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
}

// The backward pass keeps a leaf's incoming gradient without copying it when nothing else holds
// it; where one gradient tensor goes to two leaves (add passes its gradient on to both), each
// leaf still gets its own.
TEST(Autograd, LeavesNeverShareAGradient) {
  Tensor a = tensor({1, 2}).requires_grad_(), b = tensor({3, 4}).requires_grad_();
  (a + b).backward(tensor({5, 6}));
  EXPECT_FALSE(a.grad().same_storage(b.grad()));
  Tensor ga = a.grad();
  ga.fill_(0);
  EXPECT_TRUE(tensors_close(b.grad(), tensor({5, 6})));
  Tensor w = tensor({1, 2, 3}).requires_grad_();
  (w * w).sum().backward();
  (w * w).sum().backward();
  EXPECT_TRUE(tensors_close(w.grad(), tensor({4, 8, 12})));
}

TEST(Autograd, ATensorUsedTwiceGetsBothContributions) {
  Tensor x = tensor({3}).requires_grad_();
  Tensor y = x * 2;
  (y * y + y).sum().backward();  // d/dx (4x² + 2x) = 8x + 2
  EXPECT_FLOAT_EQ(x.grad().item<float>(), 26.0f);
}

TEST(Autograd, SecondBackwardWithoutRetainGraphIsAnError) {
  Tensor x = tensor({1, 2}).requires_grad_();
  Tensor loss = (x * x).sum();
  loss.backward();
  EXPECT_TRUE(throws_with([&] { loss.backward(); }, {"second time", "retain_graph"}));
}

TEST(Autograd, RetainGraphAllowsASecondBackward) {
  Tensor x = tensor({1, 2}).requires_grad_();
  Tensor loss = (x * x).sum();
  loss.backward({}, /*retain_graph=*/true);
  loss.backward();
  EXPECT_TRUE(tensors_close(x.grad(), tensor({4, 8})));
}

TEST(Autograd, NoGradGuardRecordsNothing) {
  Tensor x = tensor({1}).requires_grad_();
  Tensor y;
  {
    NoGradGuard guard;
    y = x * 3;
  }
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE(grad_mode_enabled());
  EXPECT_TRUE(throws_with([&] { y.backward(); }, {"does not require grad"}));
}

TEST(Autograd, DetachCutsTheGraphButSharesStorage) {
  Tensor x = tensor({1, 2}).requires_grad_();
  Tensor y = x * 2;
  Tensor d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.same_storage(y));
  EXPECT_TRUE(d.is_leaf());
}

TEST(Autograd, RequiresGradOnlyOnFloatLeaves) {
  Tensor x = tensor({1}).requires_grad_();
  Tensor y = x * 2;
  EXPECT_TRUE(throws_with([&] { y.requires_grad_(); }, {"leaf", "mul_scalar"}));
  EXPECT_TRUE(throws_with([] { int_tensor({1}).requires_grad_(); }, {"float32", "int64"}));
}

TEST(Autograd, NonScalarBackwardNeedsAGradient) {
  Tensor x = tensor({1, 2}).requires_grad_();
  Tensor y = x * 3;
  EXPECT_TRUE(throws_with([&] { y.backward(); }, {"scalar", "[2]"}));
  y.backward(tensor({1, 10}));
  EXPECT_TRUE(tensors_close(x.grad(), tensor({3, 30})));
}

TEST(Autograd, ADeepChainDoesNotOverflowTheStack) {
  Tensor x = tensor({1}).requires_grad_();
  Tensor y = x;
  for (int i = 0; i < 200000; ++i) y = y + 0.0;
  y.sum().backward();
  EXPECT_FLOAT_EQ(x.grad().item<float>(), 1.0f);
}

// Resident memory in kB, from /proc/self/statm.
long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * 4;
}

TEST(Autograd, BuildingAndDroppingGraphsKeepsMemoryFlat) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer holds freed memory in quarantine, so resident memory grows by "
                  "design; LeakSanitizer checks for leaks in this build instead";
#endif
  Tensor w = random_leaf({64, 64}, 1);
  auto step = [&] {
    Tensor x = randn({32, 64});
    Tensor loss = (matmul(x, w) * matmul(x, w)).sum();
    loss.backward();
  };
  for (int i = 0; i < 50; ++i) step();  // warm the allocator's cache
  const long before = resident_kb();
  for (int i = 0; i < 2000; ++i) step();
  const long after = resident_kb();
  EXPECT_LT(after - before, 2048) << "resident memory grew from " << before << " kB to " << after
                                  << " kB";
}

TEST(Autograd, TheGraphIsFreedWithItsLastTensor) {
  std::weak_ptr<Node> node;
  {
    Tensor x = tensor({1}).requires_grad_();
    Tensor y = (x * 2) + 1;
    node = y.grad_fn();
    EXPECT_FALSE(node.expired());
  }
  EXPECT_TRUE(node.expired());
}

TEST(Autograd, PrintGraphListsOpsShapesAndInputs) {
  Tensor x = tensor({1, 2}).requires_grad_();
  x.set_name("x");
  Tensor loss = sum(x * x);
  std::ostringstream os;
  print_graph(os, loss);
  EXPECT_EQ(os.str(),
            "#1 sum -> []   inputs: #2 mul\n"
            "#2 mul -> [2]   inputs: leaf 'x' [2], leaf 'x' [2]\n");
}

TEST(Gradcheck, PassesOnACorrectGradient) {
  EXPECT_TRUE(grad_ok([](const std::vector<Tensor>& in) { return in[0] * in[1]; },
                      {random_leaf({3, 4}, 1), random_leaf({3, 4}, 2)}));
}

TEST(Gradcheck, CatchesAWrongGradient) {
  // An op whose backward is off by a factor of two.
  auto wrong = [](const std::vector<Tensor>& in) {
    Tensor out = in[0].detach() * 3;
    return record("wrong", out, {in[0]},
                  [](const Tensor& g, const NeedsGrad&) -> Grads { return {g * 6}; });
  };
  const GradcheckResult r = gradcheck(wrong, {random_leaf({5}, 3)});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("analytic"), std::string::npos);
}

}  // namespace
}  // namespace buildgpt

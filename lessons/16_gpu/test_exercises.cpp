// Lesson 16: runs on a second device (the GPU, or the CPU's kernels standing in for one) against
// the CPU's, and the timer against a known pause.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "exercises.h"
#include "lessons/common/device_fixture.h"
#include "lessons/common/tensor_close.h"
#include "mlp.h"

namespace buildgpt::lessons {
namespace {

// The MLP's output for x on the CPU, without a graph.
Tensor cpu_output(nn::Module& mlp, const Tensor& x) {
  NoGradGuard no_grad;
  return mlp(x);
}

using Exercise1 = OnADevice;

TEST_F(Exercise1, GivesTheCpusAnswerOnTheCpuAndLeavesTheModelOnTheDevice) {
  Generator gen(4);
  const auto mlp = course_mlp(&gen);
  const Tensor x = randn({100, 20});
  const Tensor on_cpu = cpu_output(*mlp, x);
  const Tensor out = run_on(*mlp, x, device);
  EXPECT_EQ(out.device(), Device::cpu());
  EXPECT_FALSE(out.requires_grad()) << "a run to measure needs no graph";
  EXPECT_TRUE(close(out, on_cpu, 1e-5));
  for (const Tensor& w : mlp->parameters()) EXPECT_EQ(w.device(), device);
}

using Exercise2 = OnADevice;

TEST_F(Exercise2, FetchesOneClassPerRow) {
  Generator gen(5);
  const auto mlp = course_mlp(&gen);
  const Tensor x = randn({300, 20});
  const Tensor expected = argmax(cpu_output(*mlp, x), 1);
  mlp->to(device);
  const Tensor classes = predicted_classes(*mlp, x.to(device));
  EXPECT_EQ(classes.device(), Device::cpu());
  EXPECT_EQ(classes.dtype(), kInt64);
  ASSERT_EQ(classes.shape(), (Shape{300}));
  EXPECT_EQ(classes.to_vector<int64_t>(), expected.to_vector<int64_t>());
}

TEST(Exercise3, MeasuresAKnownPause) {
  const double ms = synchronized_ms(
      Device::cpu(), [] { std::this_thread::sleep_for(std::chrono::milliseconds(30)); });
  EXPECT_GE(ms, 30);
  EXPECT_LT(ms, 3000);
}

using Exercise3OnADevice = OnADevice;

TEST_F(Exercise3OnADevice, RunsTheWorkOnce) {
  const Tensor a = randn({128, 128}).to(device);
  int calls = 0;
  const double ms = synchronized_ms(device, [&] {
    ++calls;
    (void)matmul(a, a);
  });
  EXPECT_EQ(calls, 1);
  EXPECT_GT(ms, 0);
}

}  // namespace
}  // namespace buildgpt::lessons

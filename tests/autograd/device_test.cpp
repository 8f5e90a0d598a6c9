// The device seam: every op runs unchanged on a second device and gives the CPU's numbers, mixing
// devices is an error naming the op and both devices, and tensors move between devices.
#include "autograd/backend.h"
#include "device_cases.h"
#include "standin_device.h"
#include "test_util.h"

namespace buildgpt {
namespace {

using testing::OpCase;
using testing::run_case;
using testing::StandinDevice;
using testing::tensors_close;
using testing::throws_with;

TEST(Device, AnAbsentDeviceIsAClearError) {
  if (backend_available(DeviceType::CUDA)) GTEST_SKIP() << "this build has a CUDA backend";
  // Without CUDA kernels in the build, or with them and no GPU.
  const bool no_kernels = throws_with([] { zeros({2}, kFloat32, Device::cuda()); },
                                      {"cuda:0", "not available", "no kernels"});
  const bool no_gpu = throws_with([] { zeros({2}, kFloat32, Device::cuda()); },
                                  {"cuda:0", "not available", "no CUDA device"});
  EXPECT_TRUE(no_kernels || no_gpu);
  EXPECT_TRUE(throws_with([] { ones({2}).to(Device::cuda(1)); }, {"cuda:1", "not available"}));
}

TEST_F(StandinDevice, EveryOpGivesTheCpuNumbersAndGradients) {
  for (const OpCase& c : testing::op_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<Tensor> on_cpu = run_case(c, Device::cpu());
    const std::vector<Tensor> on_device = run_case(c, device);
    ASSERT_EQ(on_cpu.size(), on_device.size());
    for (size_t i = 0; i < on_cpu.size(); ++i) {
      EXPECT_EQ(on_cpu[i].dtype(), on_device[i].dtype());
      EXPECT_TRUE(tensors_close(on_device[i], on_cpu[i], 0, 0)) << "result " << i;
    }
  }
}

TEST_F(StandinDevice, MixingDevicesNamesTheOpAndBothDevices) {
  const Tensor c = ones({2, 3}), d = ones({2, 3}, kFloat32, device);
  const std::vector<std::string> both = {"cpu", "cuda:0"};
  auto expect = [&](const char* op, auto body) {
    std::vector<std::string> fragments = both;
    fragments.push_back(op);
    EXPECT_TRUE(throws_with(body, fragments)) << op;
  };
  expect("add", [&] { add(c, d); });
  expect("eq", [&] { eq(d, c); });
  expect("matmul", [&] { matmul(c, d.t()); });
  expect("linear", [&] { linear(c, d); });
  expect("cat", [&] { cat({c, d}); });
  expect("where", [&] { where(gt(c, 0.0), c, d); });
  expect("masked_fill", [&] { masked_fill(d, gt(c, 0.0), 0); });
  expect("layer_norm", [&] { layer_norm(d, {3}, ones({3})); });
  expect("embedding", [&] { embedding(int_tensor({0, 1}), d); });
  expect("cross_entropy", [&] { cross_entropy(d, int_tensor({0, 1})); });
  expect("index_select", [&] { index_select(d, 0, int_tensor({1})); });
  expect("scaled_dot_product_attention", [&] {
    scaled_dot_product_attention(c.view({1, 2, 3}), d.view({1, 2, 3}), c.view({1, 2, 3}));
  });
  expect("scaled_dot_product_attention", [&] {
    AttentionOptions o;
    o.mask = gt(c, 0.0);
    scaled_dot_product_attention(d.view({1, 2, 3}), d.view({1, 2, 3}), d.view({1, 2, 3}), o);
  });
  expect("gather", [&] { gather(d, 0, int_tensor({0, 1, 1}, {1, 3})); });
  Tensor leaf = ones({2}, kFloat32, device).requires_grad_();
  expect("backward", [&] { mul(leaf, 2.0).backward(ones({2})); });
}

TEST_F(StandinDevice, TensorsMoveBetweenDevicesAndGradientsFollow) {
  Tensor x = testing::random_leaf({3, 4}, 5);
  const Tensor y = x.to(device);
  EXPECT_EQ(y.device(), device);
  EXPECT_FALSE(y.same_storage(x));
  EXPECT_EQ(y.to_vector<float>(), x.to_vector<float>());
  EXPECT_EQ(y.detach().str(),
            x.detach().str().insert(x.detach().str().size() - 1, ", device=cuda:0"));
  EXPECT_NE(y.str().find("device=cuda:0"), std::string::npos);
  sum(mul(y, y)).backward();
  ASSERT_TRUE(x.grad().defined());
  EXPECT_EQ(x.grad().device(), Device::cpu());
  EXPECT_TRUE(tensors_close(x.grad(), mul(x.detach(), 2.0)));
  EXPECT_THROW(y.data<float>(), std::invalid_argument);
  EXPECT_DOUBLE_EQ(y.sum().item(), x.sum().item());
}

TEST_F(StandinDevice, CreationFunctionsMakeTheSameValuesOnEveryDevice) {
  Generator a(3), b(3);
  EXPECT_EQ(randn({5}, &a, device).to_vector<float>(), randn({5}, &b).to_vector<float>());
  EXPECT_EQ(uniform({4}, -1, 2, &a, device).to_vector<float>(),
            uniform({4}, -1, 2, &b).to_vector<float>());
  EXPECT_EQ(randint(0, 9, {6}, &a, device).to_vector<int64_t>(),
            randint(0, 9, {6}, &b).to_vector<int64_t>());
  EXPECT_EQ(arange(2, 11, 3, kInt32, device).to_vector<int32_t>(), (std::vector<int32_t>{2, 5, 8}));
  EXPECT_EQ(full({2}, 1.5, kFloat32, device).device(), device);
  EXPECT_EQ(from_vector(std::vector<bool>{true, false}, {}, device).to_vector<bool>(),
            (std::vector<bool>{true, false}));
  Tensor t = zeros({3}, kInt64, device);
  t.copy_(int_tensor({4, 5, 6}));
  EXPECT_EQ(t.to_vector<int64_t>(), (std::vector<int64_t>{4, 5, 6}));
}

TEST_F(StandinDevice, SetDataMovesALeafInPlace) {
  Tensor p = testing::random_leaf({2, 2}, 1);
  Tensor alias = p;
  sum(p).backward();
  p.set_data(p.detach().to(device));
  EXPECT_EQ(alias.device(), device);
  EXPECT_TRUE(alias.requires_grad());
  EXPECT_EQ(alias.grad().device(), device);
  EXPECT_TRUE(throws_with([&] { p.set_data(ones({3})); }, {"set_data", "[3]", "[2, 2]"}));
  EXPECT_TRUE(throws_with([&] { mul(p, 2.0).set_data(ones({2, 2})); }, {"set_data", "leaf"}));
}

}  // namespace
}  // namespace buildgpt

// The GPU's attention kernels called directly, with every option of the tiled attention (causal
// upper-left and lower-right, additive masks with −∞, a scale, a partly filled key buffer,
// queries that see no key, odd head widths), against the formula built from primitive ops on the
// CPU: out, the rows' log-sum-exp and the three gradients.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cuda/flash_attention.h"
#include "cuda_test_util.h"

namespace buildgpt {
namespace {

using cuda::FlashCausal;
using cuda::FlashSpec;
using testing::CudaTest;
using testing::random_leaf;
using testing::tensors_close;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct FlashCase {
  const char* name;
  int64_t batch, tq, cap, keys, d, dv;
  FlashCausal causal;
  int mask;  // 0: none, 1: one [Tq, keys] for every batch-head, 2: one per batch-head
};

// Query i sees keys [0, seen(i)).
int64_t seen(const FlashCase& c, int64_t i) {
  int64_t s = c.keys;
  if (c.causal == FlashCausal::UpperLeft) s = i + 1;
  if (c.causal == FlashCausal::LowerRight) s = i + 1 + c.keys - c.tq;
  return std::clamp<int64_t>(s, 0, c.keys);
}

// 0 where query i may see key j, −∞ where the causal rule hides it: [tq, keys].
Tensor causal_bias(const FlashCase& c) {
  std::vector<float> bias(c.tq * c.keys, 0.0f);
  for (int64_t i = 0; i < c.tq; ++i) {
    for (int64_t j = seen(c, i); j < c.keys; ++j) bias[i * c.keys + j] = -INFINITY;
  }
  return from_vector(bias, {c.tq, c.keys});
}

// An additive mask, normal values with −∞ at every fifth diagonal: [1 or batch, tq, keys].
Tensor additive_mask(const FlashCase& c) {
  const int64_t heads = c.mask == 2 ? c.batch : 1;
  Generator gen(7);
  std::vector<float> m = randn({heads, c.tq, c.keys}, &gen).to_vector<float>();
  for (int64_t h = 0; h < heads; ++h) {
    for (int64_t i = 0; i < c.tq; ++i) {
      for (int64_t j = 0; j < c.keys; ++j) {
        if ((i + j + h) % 5 == 3) m[(h * c.tq + i) * c.keys + j] = -INFINITY;
      }
    }
  }
  return from_vector(m, {heads, c.tq, c.keys});
}

struct Results {
  Tensor out, lse, dq, dk, dv;
};

// softmax(scale q kᵀ + mask, causal −∞) v from primitive ops; rows that see no key give zeros
// and a log-sum-exp of −∞.
Results reference(const FlashCase& c, Tensor q, Tensor k, Tensor v, const Tensor& mask, float scale,
                  const Tensor& dout) {
  Tensor s = add(mul(matmul(q, transpose(narrow(k, 1, 0, c.keys), 1, 2)), scale), causal_bias(c));
  if (mask.defined()) s = add(s, mask);
  const Tensor m = amax(s, {2}, true).detach();
  const Tensor hidden = logical_not(gt(m, -kInf));  // rows that see no key
  const Tensor e = exp(sub(s, masked_fill(m, hidden, 0.0)));
  const Tensor total = sum(e, {2}, true);
  const Tensor out = matmul(div(e, masked_fill(total, hidden, 1.0)), narrow(v, 1, 0, c.keys));
  sum(mul(out, dout)).backward();
  NoGradGuard no_grad;
  const Tensor lse = masked_fill(add(m, log(total.detach())), hidden, -kInf);
  return {out.detach(), lse.view({c.batch, c.tq}), q.grad(), k.grad(), v.grad()};
}

Results on_gpu(const FlashCase& c, const Tensor& q, const Tensor& k, const Tensor& v,
               const Tensor& mask, float scale, const Tensor& dout) {
  const Device gpu = Device::cuda();
  const FlashSpec spec{c.causal, scale, c.keys};
  const Tensor gq = q.detach().to(gpu), gk = k.detach().to(gpu), gv = v.detach().to(gpu);
  const Tensor gmask = mask.defined() ? mask.to(gpu) : Tensor();
  Tensor out = empty({c.batch, c.tq, c.dv}, kFloat32, gpu);
  Tensor lse = empty({c.batch, c.tq}, kFloat32, gpu);
  cuda::flash_attention_forward(gq, gk, gv, gmask, spec, out, lse);
  Tensor dq = empty(q.shape(), kFloat32, gpu), dk = empty(k.shape(), kFloat32, gpu);
  Tensor dv = empty(v.shape(), kFloat32, gpu);
  cuda::flash_attention_backward(dout.to(gpu), gq, gk, gv, gmask, out, lse, spec, dq, dk, dv);
  const Device cpu = Device::cpu();
  return {out.to(cpu), lse.to(cpu), dq.to(cpu), dk.to(cpu), dv.to(cpu)};
}

class FlashAttention : public CudaTest, public ::testing::WithParamInterface<FlashCase> {};

TEST_P(FlashAttention, MatchesTheFormulaOnTheCpu) {
  const FlashCase& c = GetParam();
  const Tensor q = random_leaf({c.batch, c.tq, c.d}, 1), k = random_leaf({c.batch, c.cap, c.d}, 2);
  const Tensor v = random_leaf({c.batch, c.cap, c.dv}, 3);
  const Tensor dout = random_leaf({c.batch, c.tq, c.dv}, 4).detach();
  const Tensor mask = c.mask ? additive_mask(c) : Tensor();
  const float scale = 0.8f / std::sqrt(static_cast<float>(c.d));
  const Results want = reference(c, q, k, v, mask, scale, dout);
  const Results got = on_gpu(c, q, k, v, mask, scale, dout);
  const auto [atol, rtol] = testing::kProducts;
  EXPECT_TRUE(tensors_close(got.out, want.out, atol, rtol)) << "out";
  EXPECT_TRUE(tensors_close(got.lse, want.lse, atol, rtol)) << "lse";
  EXPECT_TRUE(tensors_close(got.dq, want.dq, atol, rtol)) << "dq";
  EXPECT_TRUE(tensors_close(got.dk, want.dk, atol, rtol)) << "dk";
  EXPECT_TRUE(tensors_close(got.dv, want.dv, atol, rtol)) << "dv";
}

INSTANTIATE_TEST_SUITE_P(
    Tiles, FlashAttention,
    ::testing::Values(
        FlashCase{"none_three_tiles", 3, 130, 130, 130, 64, 64, FlashCausal::None, 0},
        FlashCase{"upper_left_200", 2, 200, 200, 200, 64, 64, FlashCausal::UpperLeft, 0},
        FlashCase{"upper_left_more_queries", 2, 90, 40, 40, 32, 32, FlashCausal::UpperLeft, 0},
        FlashCase{"lower_right_cache", 2, 70, 160, 150, 64, 64, FlashCausal::LowerRight, 0},
        FlashCase{"lower_right_blind_queries", 2, 90, 40, 40, 16, 16, FlashCausal::LowerRight, 0},
        FlashCase{"shared_mask", 3, 100, 120, 120, 64, 48, FlashCausal::None, 1},
        FlashCase{"mask_per_head_causal", 3, 100, 100, 100, 64, 64, FlashCausal::UpperLeft, 2},
        FlashCase{"wide_heads", 2, 80, 80, 80, 128, 128, FlashCausal::UpperLeft, 0},
        FlashCase{"odd_widths", 2, 33, 47, 45, 5, 3, FlashCausal::LowerRight, 1},
        FlashCase{"one_query_decoding", 4, 1, 64, 37, 64, 64, FlashCausal::LowerRight, 0}),
    [](const ::testing::TestParamInfo<FlashCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace buildgpt

// Generation on the GPU: nn::GPT with its key-value cache (keys written in place, one query per
// step against the cache's filled part, lower-right causal) gives the CPU's logits at every step
// and the CPU's greedy tokens, and the cached and uncached paths agree on the GPU, the window
// overflowing the context included.
#include "cuda_test_util.h"
#include "nn/gpt.h"

namespace buildgpt {
namespace {

using testing::CudaTest;
using testing::tensors_close;

const nn::GPTConfig kConfig{.vocab_size = 50, .context = 12, .width = 32, .heads = 4, .layers = 2};

struct Generated {
  Tensor tokens;
  std::vector<Tensor> logits;  // each step's [B, V], on the CPU
};

Generated generate_on(Device device, bool use_cache) {
  Generator init(5);
  nn::GPT model(kConfig, &init);
  model.to(device);
  Generated g;
  nn::GenerateOptions options;
  options.sampling.temperature = 0;  // greedy: no draw can fall on the other side of a boundary
  options.use_cache = use_cache;
  options.on_logits = [&](const Tensor& l) { g.logits.push_back(l.to(Device::cpu())); };
  const Tensor prompt = int_tensor({3, 1, 4, 1, 5, 9, 2, 6}, {2, 4}).to(device);
  g.tokens = model.generate(prompt, 14, options).to(Device::cpu());  // 4 + 14 > context 12
  return g;
}

void expect_same(const Generated& got, const Generated& want) {
  EXPECT_EQ(got.tokens.to_vector<int64_t>(), want.tokens.to_vector<int64_t>());
  ASSERT_EQ(got.logits.size(), want.logits.size());
  const auto [atol, rtol] = testing::kProducts;
  for (size_t i = 0; i < want.logits.size(); ++i) {
    EXPECT_TRUE(tensors_close(got.logits[i], want.logits[i], atol, rtol)) << "step " << i;
  }
}

TEST_F(CudaTest, CachedGenerationGivesTheCpusLogitsAndTokens) {
  const Generated cpu = generate_on(Device::cpu(), true);
  const Generated cached = generate_on(gpu, true);
  expect_same(cached, cpu);
  expect_same(generate_on(gpu, false), cached);
}

}  // namespace
}  // namespace buildgpt

// The key-value cache: a cached forward in pieces equals one full forward, generation with and
// without the cache gives the same tokens from logits within 1e-5 at every step (past the point
// where the sequence outgrows the context), the buffers are written in place, and a full cache
// or a mismatched batch is a clear error.
#include <vector>

#include "nn/nn.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::tensors_close;
using testing::throws_with;

GPTConfig cache_config() {
  return {.vocab_size = 61, .context = 40, .width = 32, .heads = 4, .layers = 3};
}

TEST(KVCache, ForwardInPiecesEqualsOneForward) {
  GPT model(cache_config());
  Generator gen(5);
  const Tensor ids = randint(0, 61, {2, 23}, &gen);
  const Tensor full = model(ids);
  KVCache cache(model.config, 2);
  const Tensor first = model.forward(ids.narrow(1, 0, 9), cache);
  EXPECT_EQ(cache.length(), 9);
  std::vector<Tensor> pieces = {first};
  for (int64_t t = 9; t < 23; t += 7) pieces.push_back(model.forward(ids.narrow(1, t, 7), cache));
  EXPECT_EQ(cache.length(), 23);
  EXPECT_TRUE(tensors_close(cat(pieces, 1), full, 1e-5, 0));
  EXPECT_FALSE(pieces.back().requires_grad());  // a cached forward records no graph
}

TEST(KVCache, GenerationWithAndWithoutTheCacheAgrees) {
  GPT model(cache_config());
  Generator prompt_gen(7);
  const Tensor prompt = randint(0, 61, {2, 6}, &prompt_gen);
  std::vector<Tensor> cached_logits, plain_logits;
  std::vector<int64_t> cached_tokens, plain_tokens;  // row 1's, as they were drawn
  GenerateOptions cached, plain;
  cached.on_logits = [&](const Tensor& l) { cached_logits.push_back(l.clone()); };
  cached.on_token = [&](const Tensor& t) { cached_tokens.push_back(t.to_vector<int64_t>()[1]); };
  plain.use_cache = false;
  plain.on_logits = [&](const Tensor& l) { plain_logits.push_back(l.clone()); };
  plain.on_token = [&](const Tensor& t) { plain_tokens.push_back(t.to_vector<int64_t>()[1]); };
  Generator a(11), b(11);
  // 6 + 64 tokens: the last 30 steps run on a window cropped to the context of 40.
  const Tensor with_cache = model.generate(prompt, 64, cached, &a);
  const Tensor without = model.generate(prompt, 64, plain, &b);
  ASSERT_EQ(with_cache.shape(), (Shape{2, 70}));
  EXPECT_EQ(with_cache.to_vector<int64_t>(), without.to_vector<int64_t>());
  const std::vector<int64_t> all = with_cache.to_vector<int64_t>();
  EXPECT_EQ(cached_tokens, std::vector<int64_t>(all.begin() + 70 + 6, all.end()));
  EXPECT_EQ(plain_tokens, cached_tokens);
  ASSERT_EQ(cached_logits.size(), 64u);
  ASSERT_EQ(plain_logits.size(), 64u);
  for (size_t i = 0; i < 64; ++i) {
    EXPECT_TRUE(tensors_close(cached_logits[i], plain_logits[i], 1e-5, 0)) << "step " << i;
  }
  EXPECT_TRUE(model.is_training());  // generate() ran in evaluation mode and restored the mode
}

TEST(KVCache, WritesItsBuffersInPlace) {
  GPT model(cache_config());
  KVCache cache(model.config, 1);
  const Tensor keys = cache.layer(2).keys;
  EXPECT_EQ(keys.shape(), (Shape{1, 4, 40, 8}));
  model.forward(int_tensor({1, 2, 3}, {1, 3}), cache);
  model.forward(int_tensor({4}, {1, 1}), cache);
  EXPECT_TRUE(cache.layer(2).keys.same_storage(keys));
  const std::vector<float> k = keys.to_vector<float>();
  EXPECT_NE(k[3 * 8], 0.0f);  // head 0, position 3: written by the second call
  EXPECT_EQ(k[4 * 8], 0.0f);  // position 4: not yet
  cache.reset();
  EXPECT_EQ(cache.length(), 0);
}

TEST(KVCache, AFullCacheOrAnotherBatchIsAClearError) {
  GPT model(cache_config());
  KVCache cache(model.config, 1);
  model.forward(zeros({1, 38}, kInt64), cache);
  EXPECT_TRUE(throws_with(
      [&] {
        model.forward(zeros({1, 3}, kInt64), cache);
      },
      {"GPT", "3 new tokens after 38 cached positions", "context of 40"}));
  EXPECT_TRUE(throws_with(
      [&] {
        model.forward(zeros({2, 1}, kInt64), cache);
      },
      {"GPT", "cache holds 1 sequences", "ids 2"}));
  EXPECT_TRUE(throws_with([] { KVCache(cache_config(), 0); }, {"KVCache", "batch"}));
}

}  // namespace
}  // namespace buildgpt::nn

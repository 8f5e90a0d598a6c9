// SkipInitGuard: a model built under it draws no random numbers; outside it, building draws as
// before.
#include "nn/skip_init.h"

#include <gtest/gtest.h>

#include "nn/gpt.h"

namespace buildgpt::nn {
namespace {

const GPTConfig kSmall{.vocab_size = 30, .context = 8, .width = 16, .heads = 2, .layers = 2};

bool same_state(const Generator& a, const Generator& b) {
  const Generator::State x = a.get_state(), y = b.get_state();
  return x.seed == y.seed && x.state == y.state && x.inc == y.inc;
}

TEST(SkipInit, ABuildUnderTheGuardDrawsNothing) {
  Generator gen(5);
  {
    SkipInitGuard skip;
    EXPECT_TRUE(init_skipped());
    { SkipInitGuard nested; }
    EXPECT_TRUE(init_skipped());  // the outer guard still holds
    const GPT model(kSmall, &gen);
    EXPECT_EQ(model.parameter_count(), kSmall.parameter_count());
    EXPECT_EQ(model.transformer->blocks[0]->ln_1->weight.sum().item(), 16.0);  // ones, as ever
  }
  EXPECT_FALSE(init_skipped());
  EXPECT_TRUE(same_state(gen, Generator(5)));
  // Without the guard the same build draws, and gives what it always gave.
  const GPT drawn(kSmall, &gen);
  EXPECT_FALSE(same_state(gen, Generator(5)));
  Generator again(5);
  const GPT same(kSmall, &again);
  EXPECT_EQ(drawn.transformer->wte->weight.to_vector<float>(),
            same.transformer->wte->weight.to_vector<float>());
}

}  // namespace
}  // namespace buildgpt::nn

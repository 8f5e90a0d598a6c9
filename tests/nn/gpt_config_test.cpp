// GPTConfig: the presets' sizes and parameter counts (the published ones for GPT-2), and
// configs that cannot build a model.
#include "nn/nn.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::throws_with;

TEST(GPTConfig, PresetsHaveGPT2sSizesAndParameterCounts) {
  struct Row {
    const char* name;
    int64_t width, heads, layers, tied_once, tied_twice;
  };
  const Row rows[] = {
      {"gpt2", 768, 12, 12, 124'439'808, 163'037'184},
      {"gpt2-medium", 1024, 16, 24, 354'823'168, 406'286'336},
      {"gpt2-large", 1280, 20, 36, 774'030'080, 838'359'040},
      {"gpt2-xl", 1600, 25, 48, 1'557'611'200, 1'638'022'400},
      {"model5", 768, 12, 12, 124'439'808, 163'037'184},
  };
  for (const Row& r : rows) {
    const GPTConfig c = GPTConfig::preset(r.name);
    EXPECT_EQ(c.width, r.width) << r.name;
    EXPECT_EQ(c.heads, r.heads) << r.name;
    EXPECT_EQ(c.layers, r.layers) << r.name;
    EXPECT_EQ(c.vocab_size, 50257) << r.name;
    EXPECT_EQ(c.context, 1024) << r.name;
    EXPECT_EQ(c.parameter_count(), r.tied_once) << r.name;
    EXPECT_EQ(c.parameter_count(true), r.tied_twice) << r.name;
  }
  EXPECT_EQ(GPTConfig::preset("gpt2").gelu, GeluApproximation::Tanh);
  EXPECT_EQ(GPTConfig::preset("model5").gelu, GeluApproximation::None);
  const GPTConfig model4 = GPTConfig::preset("model4");
  EXPECT_EQ(model4.context, 8);
  EXPECT_EQ(model4.width, 128);
  EXPECT_EQ(model4.heads, 1);
  EXPECT_EQ(model4.layers, 12);
  EXPECT_EQ(GPTConfig::preset_names().size(), 6u);
}

TEST(GPTConfig, AnUnknownPresetListsTheKnownOnes) {
  EXPECT_TRUE(throws_with([] { GPTConfig::preset("gpt3"); },
                          {"GPTConfig", "\"gpt3\"", "gpt2-medium", "model4"}));
}

TEST(GPTConfig, BadSizesNameTheFieldAndValue) {
  GPTConfig c;
  c.width = 100;
  c.heads = 3;
  EXPECT_TRUE(
      throws_with([&] { c.validate(); }, {"GPTConfig", "width 100", "divisible", "3 heads"}));
  EXPECT_TRUE(throws_with([&] { GPT model(c); }, {"width 100", "3 heads"}));
  c = GPTConfig();
  c.layers = 0;
  EXPECT_TRUE(throws_with([&] { c.validate(); }, {"layers", "positive", "0"}));
  c = GPTConfig();
  c.dropout = 1.0;
  EXPECT_TRUE(throws_with([&] { c.validate(); }, {"dropout", "[0, 1)"}));
  c = GPTConfig();
  c.layer_norm_eps = 0;
  EXPECT_TRUE(throws_with([&] { c.validate(); }, {"layer_norm_eps"}));
}

}  // namespace
}  // namespace buildgpt::nn

// Lesson 19: each exercise against known names and values, nn::Linear, and the library's loader
// (nn::load_hf_gpt2) on folders written by nn::save_hf_gpt2 in both of Hugging Face's name forms.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

#include "exercises.h"
#include "lessons/common/tensor_close.h"
#include "nn/hf_gpt2.h"
#include "nn/layers.h"
#include "nn/safetensors.h"

namespace buildgpt::lessons {
namespace {

namespace fs = std::filesystem;

TEST(Exercise1, KnownNames) {
  const std::pair<const char*, const char*> names[] = {
      {"wte.weight", "transformer.wte.weight"},
      {"h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.weight"},
      {"h.11.ln_2.bias", "transformer.h.11.ln_2.bias"},
      {"transformer.h.3.mlp.c_fc.bias", "transformer.h.3.mlp.c_fc.bias"},
      {"lm_head.weight", "lm_head.weight"},
  };
  for (const auto& [hf, ours] : names) EXPECT_EQ(our_name(hf), ours) << hf;
}

TEST(Exercise1, MaskBuffersAreNotWeightsButAttentionBiasesAre) {
  for (const char* buffer :
       {"h.0.attn.bias", "h.11.attn.masked_bias", "transformer.h.5.attn.bias"}) {
    EXPECT_EQ(our_name(buffer), "") << buffer << " is a mask buffer";
  }
  EXPECT_EQ(our_name("h.0.attn.c_attn.bias"), "transformer.h.0.attn.c_attn.bias");
  EXPECT_EQ(our_name("h.2.attn.c_proj.bias"), "transformer.h.2.attn.c_proj.bias");
}

TEST(Exercise2, KnownValues) {
  // [1, 2] · [[1, 0, 2], [0, 1, 3]] + [0.5, 0, 0] = [1.5, 2, 8]
  const Tensor y =
      conv1d(tensor({1, 2}, {1, 2}), tensor({1, 0, 2, 0, 1, 3}, {2, 3}), tensor({0.5, 0, 0}, {3}));
  EXPECT_TRUE(close(y, tensor({1.5, 2, 8}, {1, 3}), 0));
}

TEST(Exercise2, IsALinearLayerWithTheTransposedWeight) {
  nn::Linear linear(6, 10);  // weight [10, 6]
  const Tensor x = randn({2, 3, 6});
  EXPECT_TRUE(close(conv1d(x, linear.weight.transpose(0, 1), linear.bias), linear(x), 1e-5));
}

TEST(Exercise3, Conv1DWeightsAreTransposedAndNothingElse) {
  const Tensor square = randn({8, 8}), wide = randn({8, 24}), bias = randn({24});
  EXPECT_TRUE(
      close(to_our_layout("transformer.h.0.attn.c_attn.weight", wide), wide.transpose(0, 1), 0));
  // Square weights must be transposed too: their shape does not tell.
  for (const char* name : {"transformer.h.1.attn.c_proj.weight", "transformer.h.0.mlp.c_fc.weight",
                           "transformer.h.0.mlp.c_proj.weight"}) {
    EXPECT_TRUE(close(to_our_layout(name, square), square.transpose(0, 1), 0)) << name;
  }
  for (const char* name : {"transformer.wte.weight", "transformer.wpe.weight", "lm_head.weight",
                           "transformer.h.0.ln_1.weight"}) {
    EXPECT_TRUE(close(to_our_layout(name, square), square, 0)) << name;
  }
  EXPECT_TRUE(close(to_our_layout("transformer.h.0.attn.c_attn.bias", bias), bias, 0));
}

// A folder for one test, removed with the test.
struct ScratchFolder {
  ScratchFolder() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path = fs::temp_directory_path() /
           ("lesson19_" + std::string(test->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
  }
  ~ScratchFolder() { fs::remove_all(path); }
  fs::path path;
};

// Reads a file's tensors with the exercises into a fresh model of `config`; its logits must be
// the original's.
void expect_loaded_by_the_exercises(const fs::path& weights, const nn::GPTConfig& config,
                                    nn::GPT& original) {
  nn::StateDict state;
  for (const auto& [name, t] : nn::load_safetensors(weights).tensors) {
    const std::string ours = our_name(name);
    if (!ours.empty()) state.emplace_back(ours, to_our_layout(ours, t));
  }
  state.emplace_back("lm_head.weight", original.transformer->wte->weight);  // tied
  nn::GPT model(config);
  model.load_state_dict(state);
  const Tensor ids = tensor({3, 1, 4, 1, 5, 9, 2, 6}, {1, 8}).to(kInt64);
  EXPECT_TRUE(close(model.forward(ids), original.forward(ids), 1e-5));
}

// A random GPT saved by save_hf_gpt2 in a scratch folder.
struct SavedModel {
  SavedModel() { nn::save_hf_gpt2(original, scratch.path); }
  const ScratchFolder scratch;
  const fs::path& dir = scratch.path;
  const nn::GPTConfig config{.vocab_size = 40, .context = 8, .width = 16, .heads = 2, .layers = 2};
  nn::GPT original{config};
};

// Exercises 1 and 3 together are a loader.
TEST(Exercise3, WithOurNameLoadsAFileOfRecentSavePretrained) {
  SavedModel saved;
  expect_loaded_by_the_exercises(saved.dir / "model.safetensors", saved.config, saved.original);
}

TEST(Exercise3, WithOurNameLoadsTheFormOfThePublishedFiles) {
  SavedModel saved;
  const fs::path& dir = saved.dir;
  // The published form: no prefix, and each block's mask buffers.
  nn::StateDict published;
  for (const auto& [name, t] : nn::load_safetensors(dir / "model.safetensors").tensors) {
    published.emplace_back(name.substr(std::string("transformer.").size()), t);
  }
  for (int layer = 0; layer < 2; ++layer) {
    const std::string h = "h." + std::to_string(layer) + ".attn.";
    published.emplace_back(h + "bias", ones({1, 1, 8, 8}).tril());
    published.emplace_back(h + "masked_bias", full({}, -1e4));
  }
  nn::save_safetensors(dir / "model.safetensors", published, {{"format", "pt"}});
  ASSERT_NO_THROW(nn::load_hf_gpt2(dir));  // the library reads it: the file is right
  expect_loaded_by_the_exercises(dir / "model.safetensors", saved.config, saved.original);
}

}  // namespace
}  // namespace buildgpt::lessons

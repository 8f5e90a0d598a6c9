// Hugging Face GPT-2 folders: tests/fixtures/make_hf_gpt2_fixture.py writes a tiny GPT-2 in
// Hugging Face's layout (both name forms, buffers, Conv1D orientation, float16) with the logits
// its own PyTorch GPT-2 gives; loaded, our GPT must give the same.
#include "nn/hf_gpt2.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "nn/safetensors.h"
#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::fixture;
using testing::tensors_close;

std::map<std::string, Tensor> expected_values() {
  std::map<std::string, Tensor> out;
  for (auto& [name, t] : load_safetensors(fixture("hf_gpt2_tiny_expected.safetensors")).tensors) {
    out[name] = t;
  }
  return out;
}

// The fixture folder `name` loaded gives the recorded logits for each prompt.
void expect_fixture_logits(const std::string& name) {
  const std::map<std::string, Tensor> expected = expected_values();
  const std::unique_ptr<GPT> model = load_hf_gpt2(fixture(name));
  EXPECT_FALSE(model->is_training());
  for (int i = 0; i < 3; ++i) {
    const std::string key = name + ".logits." + std::to_string(i);
    EXPECT_TRUE(tensors_close(model->forward(expected.at(name + ".prompt." + std::to_string(i))),
                              expected.at(key), 1e-5, 1e-5))
        << key;
  }
}

TEST(HfGpt2, LoadsThePublishedNameFormWithBuffers) { expect_fixture_logits("hf_gpt2_tiny"); }
TEST(HfGpt2, LoadsTheTransformerPrefixedNameForm) {
  expect_fixture_logits("hf_gpt2_tiny_prefixed");
}
TEST(HfGpt2, LoadsFloat16WithATiedLmHead) { expect_fixture_logits("hf_gpt2_tiny_f16"); }

using HfGpt2Files = testing::ScratchDir;

TEST_F(HfGpt2Files, SavedFolderLoadsBackWithTheSameLogits) {
  const std::unique_ptr<GPT> model = load_hf_gpt2(fixture("hf_gpt2_tiny"));
  save_hf_gpt2(*model, dir / "out");
  EXPECT_TRUE(is_hf_gpt2_folder(dir / "out"));
  const std::unique_ptr<GPT> again = load_hf_gpt2(dir / "out");
  const Tensor ids = int_tensor({3, 1, 4, 1, 5, 9}, {1, 6});
  EXPECT_TRUE(tensors_close(again->forward(ids), model->forward(ids), 0, 0));
}

// The published config.json files of the five GPT-2 models (keys as on the hub).
TEST_F(HfGpt2Files, ReadsThePublishedConfigs) {
  const std::string common =
      R"("activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"],
      "attn_pdrop": 0.1, "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256,
      "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "gpt2",
      "n_ctx": 1024, "n_positions": 1024, "resid_pdrop": 0.1, "summary_activation": null,
      "summary_first_dropout": 0.1, "summary_proj_to_labels": true, "summary_type": "cls_index",
      "summary_use_proj": true, "vocab_size": 50257,
      "task_specific_params": {"text-generation": {"do_sample": true, "max_length": 50}},)";
  struct Published {
    const char* name;
    const char* sizes;
    int64_t width, heads, layers, parameters;
  };
  const Published models[] = {
      {"gpt2", R"("n_embd": 768, "n_head": 12, "n_layer": 12})", 768, 12, 12, 124'439'808},
      {"gpt2-medium", R"("n_embd": 1024, "n_head": 16, "n_layer": 24, "n_special": 0,
        "predict_special_tokens": true})",
       1024, 16, 24, 354'823'168},
      {"gpt2-large", R"("n_embd": 1280, "n_head": 20, "n_layer": 36})", 1280, 20, 36, 774'030'080},
      {"gpt2-xl", R"("n_embd": 1600, "n_head": 25, "n_layer": 48, "output_past": true})", 1600, 25,
       48, 1'557'611'200},
      {"distilgpt2", R"("_num_labels": 1, "id2label": {"0": "LABEL_0"},
        "label2id": {"LABEL_0": 0}, "n_embd": 768, "n_head": 12, "n_layer": 6})",
       768, 12, 6, 81'912'576},
  };
  for (const Published& m : models) {
    const std::filesystem::path path = dir / (std::string(m.name) + ".json");
    std::ofstream(path) << "{" << common << m.sizes;
    const GPTConfig c = read_hf_gpt2_config(path);
    EXPECT_EQ(c.vocab_size, 50257) << m.name;
    EXPECT_EQ(c.context, 1024) << m.name;
    EXPECT_EQ(c.width, m.width) << m.name;
    EXPECT_EQ(c.heads, m.heads) << m.name;
    EXPECT_EQ(c.layers, m.layers) << m.name;
    EXPECT_EQ(c.gelu, GeluApproximation::Tanh) << m.name;
    EXPECT_EQ(c.layer_norm_eps, 1e-5) << m.name;
    EXPECT_TRUE(c.tied_output && c.bias) << m.name;
    EXPECT_EQ(c.parameter_count(), m.parameters) << m.name;
  }
}

TEST_F(HfGpt2Files, ActivationEpsilonAndTheOlderContextKeyAreMapped) {
  const auto path = dir / "config.json";
  std::ofstream(path) << R"({"model_type": "gpt2", "vocab_size": 5, "n_ctx": 7, "n_embd": 8,
      "n_head": 2, "n_layer": 1, "activation_function": "gelu", "layer_norm_epsilon": 1e-6,
      "resid_pdrop": 0.25, "tie_word_embeddings": false})";
  const GPTConfig c = read_hf_gpt2_config(path);
  EXPECT_EQ(c.context, 7);
  EXPECT_EQ(c.gelu, GeluApproximation::None);
  EXPECT_EQ(c.layer_norm_eps, 1e-6);
  EXPECT_EQ(c.dropout, 0.25);
  EXPECT_FALSE(c.tied_output);
}

}  // namespace
}  // namespace buildgpt::nn

// Hugging Face GPT-2 folders that do not load: each gives one error naming the file and every
// problem, and no model.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "autograd/creation.h"
#include "nn/hf_gpt2.h"
#include "nn/safetensors.h"
#include "nn_test_util.h"

namespace buildgpt::nn {
namespace {

namespace fs = std::filesystem;
using testing::fixture;

class HfGpt2Errors : public testing::ScratchDir {
 protected:
  // A copy of the fixture folder `name` in the scratch folder.
  fs::path copy_of(const std::string& name = "hf_gpt2_tiny") {
    const fs::path to = dir / name;
    fs::copy(fixture(name), to);
    return to;
  }
  static nlohmann::json config_of(const fs::path& folder) {
    return nlohmann::json::parse(std::ifstream(folder / "config.json"));
  }
  static void write_config(const fs::path& folder, const nlohmann::json& config) {
    std::ofstream(folder / "config.json") << config.dump();
  }
  static void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  // Rewrites the folder's weights with `edit` applied to its tensors.
  template <typename Edit>
  static void edit_weights(const fs::path& folder, Edit edit) {
    StateDict tensors = load_safetensors(folder / "model.safetensors").tensors;
    edit(tensors);
    save_safetensors(folder / "model.safetensors", tensors, {{"format", "pt"}});
  }
};

// load_hf_gpt2(folder) throws std::runtime_error containing every fragment.
::testing::AssertionResult refuses(const fs::path& folder,
                                   std::initializer_list<std::string> parts) {
  try {
    load_hf_gpt2(folder);
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    for (const std::string& part : parts) {
      if (what.find(part) == std::string::npos) {
        return ::testing::AssertionFailure() << "no \"" << part << "\" in: " << what;
      }
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "loaded";
}

void remove(StateDict& tensors, const std::string& name) {
  std::erase_if(tensors, [&](const auto& entry) { return entry.first == name; });
}

Tensor& find(StateDict& tensors, const std::string& name) {
  for (auto& [n, t] : tensors) {
    if (n == name) return t;
  }
  throw std::logic_error("no tensor " + name);
}

TEST_F(HfGpt2Errors, MissingFolderOrFilesAreNamed) {
  EXPECT_TRUE(refuses(dir / "nowhere", {"nowhere", "no such folder"}));
  const fs::path no_weights = copy_of();
  fs::remove(no_weights / "model.safetensors");
  write_text(no_weights / "pytorch_model.bin", "");
  EXPECT_FALSE(is_hf_gpt2_folder(no_weights));
  EXPECT_TRUE(refuses(no_weights, {no_weights.string(), "model.safetensors missing",
                                   "pytorch_model.bin is not read"}));
  fs::remove(no_weights / "config.json");
  EXPECT_TRUE(refuses(no_weights, {"config.json and model.safetensors missing"}));
  EXPECT_TRUE(is_hf_gpt2_folder(copy_of("hf_gpt2_tiny_f16")));
}

TEST_F(HfGpt2Errors, TruncatedOrCorruptedWeightsNameTheFile) {
  const fs::path folder = copy_of();
  const fs::path weights = folder / "model.safetensors";
  fs::resize_file(weights, fs::file_size(weights) - 100);
  EXPECT_TRUE(refuses(folder, {weights.string(), "outside the data"}));
  fs::resize_file(weights, 30);
  EXPECT_TRUE(refuses(folder, {weights.string(), "header length"}));
  std::string garbage(8, '\0');
  garbage[0] = 4;
  write_text(weights, garbage + "{\"a\"");
  EXPECT_TRUE(refuses(folder, {weights.string(), "not valid JSON"}));
}

TEST_F(HfGpt2Errors, EveryMisfitTensorIsListedInOneError) {
  const fs::path folder = copy_of();
  edit_weights(folder, [](StateDict& t) {
    Tensor& c_attn = find(t, "h.0.attn.c_attn.weight");
    c_attn = c_attn.transpose(0, 1);                 // our orientation, not Conv1D's
    remove(t, "h.1.mlp.c_fc.bias");                  // missing
    remove(t, "wpe.weight");                         // missing
    t.emplace_back("h.0.attn.extra", zeros({2}));    // unknown
    t.emplace_back("h.2.ln_1.weight", zeros({16}));  // beyond the config's layers
    find(t, "ln_f.bias") = zeros({16}, kInt64);      // not a float
  });
  EXPECT_TRUE(refuses(folder, {(folder / "model.safetensors").string(),
                               "6 tensors do not fit config.json (vocab_size 61, n_positions 12, "
                               "n_embd 16, n_head 2, n_layer 2)",
                               "\"h.0.attn.c_attn.weight\": shape [48, 16], the config needs "
                               "[16, 48] (a Conv1D weight, [in, out])",
                               "\"h.1.mlp.c_fc.bias\": missing", "\"wpe.weight\": missing",
                               "\"h.0.attn.extra\": not a tensor of GPT-2",
                               "\"h.2.ln_1.weight\": not a tensor of GPT-2",
                               "\"ln_f.bias\": dtype int64 is not a float type"}));
}

TEST_F(HfGpt2Errors, BothNameFormsOfOneTensorAreRefused) {
  const fs::path folder = copy_of();
  edit_weights(folder, [](StateDict& t) {
    t.emplace_back("transformer.wte.weight", find(t, "wte.weight").clone());
  });
  EXPECT_TRUE(refuses(folder, {"1 tensor does not fit config.json",
                               "\"transformer.wte.weight\": the same tensor as \"wte.weight\""}));
}

TEST_F(HfGpt2Errors, ConfigThatDisagreesWithTheTensorsListsThem) {
  const fs::path folder = copy_of("hf_gpt2_tiny_prefixed");
  nlohmann::json config = config_of(folder);
  config["n_layer"] = 3;
  config["vocab_size"] = 50;
  write_config(folder, config);
  EXPECT_TRUE(refuses(folder, {"n_layer 3",
                               "\"transformer.wte.weight\": shape [61, 16], the config "
                               "needs [50, 16]",
                               "\"transformer.h.2.attn.c_attn.weight\": missing",
                               "\"transformer.h.2.mlp.c_proj.bias\": missing"}));
}

TEST_F(HfGpt2Errors, TiedLmHeadMustEqualTheTokenEmbedding) {
  const fs::path folder = copy_of("hf_gpt2_tiny_f16");
  edit_weights(folder, [](StateDict& t) { find(t, "lm_head.weight") = zeros({61, 16}); });
  EXPECT_TRUE(refuses(folder, {"\"lm_head.weight\": differs from the token embedding"}));
  // Untied, the same file loads and its logits come from lm_head (zeros here); without
  // lm_head.weight it is missing.
  nlohmann::json config = config_of(folder);
  config["tie_word_embeddings"] = false;
  write_config(folder, config);
  const std::unique_ptr<GPT> model = load_hf_gpt2(folder);
  EXPECT_FALSE(model->lm_head->weight.same_storage(model->transformer->wte->weight));
  EXPECT_EQ(model->forward(int_tensor({1, 2}, {1, 2})).abs().max().item(), 0.0);
  edit_weights(folder, [](StateDict& t) { remove(t, "lm_head.weight"); });
  EXPECT_TRUE(refuses(folder, {"\"lm_head.weight\": missing"}));
}

TEST_F(HfGpt2Errors, ConfigsThatAreNotGpt2sAreRefusedWithEveryProblem) {
  const fs::path folder = copy_of();
  const fs::path config_path = folder / "config.json";
  const nlohmann::json good = config_of(folder);
  auto with = [&](const char* key, const nlohmann::json& value) {
    nlohmann::json c = good;
    if (value.is_discarded()) {
      c.erase(key);
    } else {
      c[key] = value;
    }
    write_config(folder, c);
  };
  const nlohmann::json removed = nlohmann::json::value_t::discarded;
  with("model_type", "llama");
  EXPECT_TRUE(refuses(folder, {config_path.string(), "model_type \"llama\" is not \"gpt2\""}));
  with("model_type", removed);
  EXPECT_TRUE(refuses(folder, {"model_type is missing"}));
  with("n_embd", removed);
  EXPECT_TRUE(refuses(folder, {"n_embd is missing"}));
  with("n_head", -2);
  EXPECT_TRUE(refuses(folder, {"n_head -2 is not a positive integer"}));
  with("n_head", 3);
  EXPECT_TRUE(refuses(folder, {"width 16 is not divisible by 3 heads"}));
  with("activation_function", "relu");
  EXPECT_TRUE(refuses(folder, {"activation_function \"relu\" is not supported"}));
  with("n_inner", 20);
  EXPECT_TRUE(refuses(folder, {"n_inner 20 is not supported"}));
  with("scale_attn_weights", false);
  EXPECT_TRUE(refuses(folder, {"scale_attn_weights false is not supported"}));
  with("layer_norm_epsilon", "small");
  EXPECT_TRUE(refuses(folder, {"layer_norm_epsilon \"small\" is not a number"}));
  nlohmann::json two_problems = good;
  two_problems["n_layer"] = "two";
  two_problems["vocab_size"] = 0;
  write_config(folder, two_problems);
  EXPECT_TRUE(refuses(folder, {"n_layer \"two\" is not a positive integer",
                               "vocab_size 0 is not a positive integer"}));
  write_text(config_path, "[1, 2]");
  EXPECT_TRUE(refuses(folder, {config_path.string(), "not a JSON object"}));
  write_text(config_path, "{\"model_type\": ");
  EXPECT_TRUE(refuses(folder, {config_path.string(), "not valid JSON"}));
  write_text(config_path, std::string(2 << 20, ' '));
  EXPECT_TRUE(refuses(folder, {config_path.string(), "larger than the limit"}));
}

}  // namespace
}  // namespace buildgpt::nn

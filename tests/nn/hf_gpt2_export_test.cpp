// Exporting a GPT as a Hugging Face GPT-2 folder, checked with a reader of this test's own (the
// header parsed as JSON, the data taken as bytes) rather than nn's safetensors reader.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/hf_gpt2.h"
#include "nn_test_util.h"

namespace buildgpt::nn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::fixture;

struct RawTensor {
  std::string dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

struct RawFile {
  json metadata;
  std::map<std::string, RawTensor> tensors;
};

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

RawFile parse(const fs::path& path) {
  const std::string bytes = bytes_of(path);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);  // little-endian, as the machines we run on
  const nlohmann::ordered_json header = nlohmann::ordered_json::parse(bytes.substr(8, n));
  const std::string data = bytes.substr(8 + n);
  RawFile file;
  uint64_t expected_begin = 0;  // the data of the tensors, back to back in header order
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      file.metadata = entry;
      continue;
    }
    const uint64_t begin = entry["data_offsets"][0], end = entry["data_offsets"][1];
    EXPECT_EQ(begin, expected_begin) << name;
    expected_begin = end;
    file.tensors[name] = {entry["dtype"], entry["shape"].get<std::vector<int64_t>>(),
                          data.substr(begin, end - begin)};
  }
  EXPECT_EQ(expected_begin, data.size());
  return file;
}

float value_at(const RawTensor& t, int64_t row, int64_t col) {
  float v;
  std::memcpy(&v, t.bytes.data() + 4 * (row * t.shape[1] + col), 4);
  return v;
}

using HfGpt2Export = testing::ScratchDir;

// The fixture folder was written by a PyTorch GPT-2 in Hugging Face's layout and names: loaded and
// exported, the same names, dtypes, shapes and bytes come back, and a config transformers reads.
TEST_F(HfGpt2Export, WritesHuggingFacesNamesOrientationAndConfig) {
  save_hf_gpt2(*load_hf_gpt2(fixture("hf_gpt2_tiny_prefixed")), dir / "out");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), {}), 2);  // no temporaries left
  const RawFile ours = parse(dir / "out" / "model.safetensors");
  const RawFile theirs = parse(fixture("hf_gpt2_tiny_prefixed") / "model.safetensors");
  EXPECT_EQ(ours.metadata, json({{"format", "pt"}}));
  ASSERT_EQ(ours.tensors.size(), theirs.tensors.size());
  ASSERT_EQ(ours.tensors.size(), 4u + 2 * 12);  // wte, wpe, ln_f ×2, 12 per block; no lm_head
  for (const auto& [name, t] : theirs.tensors) {
    ASSERT_TRUE(ours.tensors.count(name)) << name;
    const RawTensor& mine = ours.tensors.at(name);
    EXPECT_EQ(mine.dtype, "F32") << name;
    EXPECT_EQ(mine.shape, t.shape) << name;
    EXPECT_TRUE(mine.bytes == t.bytes) << name;
  }
  EXPECT_EQ(ours.tensors.at("transformer.h.1.attn.c_attn.weight").shape,
            (std::vector<int64_t>{16, 48}));  // [in, out]

  const json config = json::parse(std::ifstream(dir / "out" / "config.json"));
  EXPECT_EQ(config["model_type"], "gpt2");
  EXPECT_EQ(config["architectures"], json({"GPT2LMHeadModel"}));
  EXPECT_EQ(config["activation_function"], "gelu");  // the fixture's exact GELU
  const std::pair<const char*, int64_t> sizes[] = {{"vocab_size", 61}, {"n_positions", 12},
                                                   {"n_ctx", 12},      {"n_embd", 16},
                                                   {"n_head", 2},      {"n_layer", 2}};
  for (const auto& [key, value] : sizes) EXPECT_EQ(config[key], value) << key;
  EXPECT_EQ(config["layer_norm_epsilon"], 1e-5);
  EXPECT_EQ(config["tie_word_embeddings"], true);
  EXPECT_TRUE(config["n_inner"].is_null());
  for (const char* key : {"resid_pdrop", "embd_pdrop", "attn_pdrop", "initializer_range"}) {
    EXPECT_TRUE(config[key].is_number()) << key;
  }
  EXPECT_EQ(config["scale_attn_weights"], true);
  EXPECT_FALSE(config.contains("bos_token_id"));  // not GPT-2's vocabulary
}

TEST_F(HfGpt2Export, UntiedOutputAndConv1DTransposeOfAFreshModel) {
  GPTConfig c{.vocab_size = 11, .context = 6, .width = 8, .heads = 2, .layers = 1};
  c.tied_output = false;
  c.dropout = 0.125;
  c.gelu = GeluApproximation::None;
  Generator gen(3);
  const GPT model(c, &gen);
  save_hf_gpt2(model, dir);
  const RawFile file = parse(dir / "model.safetensors");
  ASSERT_TRUE(file.tensors.count("lm_head.weight"));
  EXPECT_EQ(file.tensors.at("lm_head.weight").shape, (std::vector<int64_t>{11, 8}));
  const RawTensor& fc = file.tensors.at("transformer.h.0.mlp.c_fc.weight");
  ASSERT_EQ(fc.shape, (std::vector<int64_t>{8, 32}));
  const Tensor& ours = model.transformer->blocks[0]->mlp->c_fc->weight;  // [32, 8]
  for (int64_t out = 0; out < 32; ++out) {
    for (int64_t in = 0; in < 8; ++in) {
      ASSERT_EQ(value_at(fc, in, out), ours.data<float>()[out * 8 + in]) << out << "," << in;
    }
  }
  const json config = json::parse(std::ifstream(dir / "config.json"));
  EXPECT_EQ(config["tie_word_embeddings"], false);
  EXPECT_EQ(config["activation_function"], "gelu");
  EXPECT_EQ(config["resid_pdrop"], 0.125);
  EXPECT_EQ(config["attn_pdrop"], 0.0);
}

TEST_F(HfGpt2Export, ModelsGpt2CannotHoldAreRefusedBeforeWriting) {
  GPTConfig c{.vocab_size = 11, .context = 6, .width = 8, .heads = 2, .layers = 1};
  c.bias = false;
  EXPECT_THROW(save_hf_gpt2(GPT(c), dir / "a"), std::invalid_argument);
  c.bias = true;
  c.logit_scale = 0.5;
  EXPECT_THROW(save_hf_gpt2(GPT(c), dir / "a"), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir / "a"));
}

}  // namespace
}  // namespace buildgpt::nn

// Hugging Face GPT-2 folders: tests/fixtures/make_hf_gpt2_fixture.py writes a tiny GPT-2 in
// Hugging Face's layout (both name forms, buffers, Conv1D orientation, float16) with the logits
// its own PyTorch GPT-2 gives; loaded, our GPT must give the same.
#include "nn/hf_gpt2.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace buildgpt::nn

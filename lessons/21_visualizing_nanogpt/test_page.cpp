// Lesson 21's page holds the model's real numbers: the JSON embedded in the written index.html,
// parsed back, against a fresh forward pass through the model's modules; and the page needs no
// network.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lessons/common/attention_map.h"
#include "nano_gpt.h"
#include "page.h"
#include "trace.h"

namespace buildgpt::lessons {
namespace {

constexpr uint64_t kSamplingSeed = 5;

// A small forward pass's worth of page: an untrained nano-GPT on "CBABBC".
class PageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    manual_seed(3);
    model_ = std::make_unique<nn::GPT>(nano_gpt_config());
    model_->eval();
    Generator gen(kSamplingSeed);
    const GptTrace trace = trace_gpt(*model_, ids_, gen);
    const PageText text{"test page", "about", {"A", "B", "C"}, "ABBBCC"};
    // One file per test: the tests of this fixture may run at once, as separate processes.
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    path_ = std::filesystem::path(::testing::TempDir()) / ("lesson21_index_" + test + ".html");
    write_page(path_, page_data(trace, model_->config, model_->num_parameters(), text));
    std::ifstream in(path_);
    std::stringstream buffer;
    buffer << in.rdbuf();
    html_ = buffer.str();
    // The JSON between the data element's tags, parsed back.
    const std::string open = R"(<script id="model-data" type="application/json">)";
    const size_t start = html_.find(open);
    ASSERT_NE(start, std::string::npos) << "no data element in the page";
    const size_t end = html_.find("</script>", start);
    data_ = nlohmann::json::parse(html_.substr(start + open.size(), end - start - open.size()));
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // Every number of the page's matrix equals the tensor's [rows, cols].
  static void expect_equal(const nlohmann::json& page, const Tensor& want, const std::string& what,
                           double tol = 0) {
    ASSERT_EQ(want.dim(), 2) << what;
    ASSERT_EQ(page.size(), static_cast<size_t>(want.size(0))) << what << ": rows";
    const std::vector<float> w = want.contiguous().to_vector<float>();
    const auto cols = static_cast<size_t>(want.size(1));
    for (size_t i = 0; i < page.size(); ++i) {
      ASSERT_EQ(page[i].size(), cols) << what << ": columns of row " << i;
      for (size_t j = 0; j < cols; ++j) {
        const float got = page[i][j].get<float>();
        ASSERT_NEAR(got, w[i * cols + j], tol * (1 + std::fabs(w[i * cols + j])))
            << what << " [" << i << ", " << j << "]";
      }
    }
  }

  std::vector<int64_t> ids_ = letter_ids("CBABBC");
  std::unique_ptr<nn::GPT> model_;
  std::filesystem::path path_;
  std::string html_;
  nlohmann::json data_;
};

TEST_F(PageTest, HoldsTheForwardPass) {
  NoGradGuard no_grad;
  const nn::GPTTransformer& body = *model_->transformer;
  const auto T = static_cast<int64_t>(ids_.size());
  const Tensor batch = from_vector(ids_, {1, T});
  const Tensor tokens = (*body.wte)(batch).select(0, 0),
               positions = body.wpe->weight.narrow(0, 0, T);
  expect_equal(data_["embedding"]["token"], tokens, "token embedding");
  expect_equal(data_["embedding"]["position"], positions, "position embedding");
  Tensor x = (tokens + positions).unsqueeze(0);
  expect_equal(data_["embedding"]["sum"], x.select(0, 0), "embedding");
  ASSERT_EQ(data_["blocks"].size(), body.blocks.size());
  const int64_t C = model_->config.width, H = model_->config.heads, d = C / H;
  for (size_t l = 0; l < body.blocks.size(); ++l) {
    nn::Block& block = *body.blocks[l];
    const nlohmann::json& page = data_["blocks"][l];
    const std::string name = "block " + std::to_string(l) + " ";
    const Tensor ln_1 = (*block.ln_1)(x);
    expect_equal(page["ln_1"], ln_1.select(0, 0), name + "ln_1");
    // The module's own split: chunk into q, k, v, then heads by view and transpose.
    const std::vector<Tensor> qkv = chunk((*block.attn->c_attn)(ln_1), 3, -1);
    const auto heads = [&](const Tensor& m) { return m.view({1, T, H, d}).transpose(1, 2); };
    const Tensor q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
    const Tensor fused = scaled_dot_product_attention(q, k, v, true);
    for (int64_t h = 0; h < H; ++h) {
      const nlohmann::json& head = page["heads"][h];
      const std::string hn = name + "head " + std::to_string(h) + " ";
      expect_equal(head["q"], q.select(0, 0).select(0, h), hn + "q");
      expect_equal(head["k"], k.select(0, 0).select(0, h), hn + "k");
      expect_equal(head["v"], v.select(0, 0).select(0, h), hn + "v");
      expect_equal(head["weights"], causal_attention_weights(q, k).select(0, 0).select(0, h),
                   hn + "weights", 1e-6);
      expect_equal(head["output"], fused.select(0, 0).select(0, h), hn + "output", 1e-5);
    }
    const Tensor attention = (*block.attn)(ln_1);
    expect_equal(page["attention"], attention.select(0, 0), name + "attention");
    expect_equal(page["after_attention"], (x + attention).select(0, 0), name + "x + attention");
    const Tensor ln_2 = (*block.ln_2)(x + attention);
    expect_equal(page["ln_2"], ln_2.select(0, 0), name + "ln_2");
    const Tensor hidden = (*block.mlp->c_fc)(ln_2);
    expect_equal(page["mlp_hidden"], hidden.select(0, 0), name + "MLP hidden");
    expect_equal(page["mlp_gelu"], gelu(hidden, GeluApproximation::Tanh).select(0, 0),
                 name + "GELU");
    expect_equal(page["mlp"], (*block.mlp)(ln_2).select(0, 0), name + "MLP");
    x = block(x);
    expect_equal(page["output"], x.select(0, 0), name + "output");
  }
  expect_equal(data_["ln_f"], (*body.ln_f)(x).select(0, 0), "ln_f");
  const Tensor logits = model_->forward(batch).select(0, 0);
  expect_equal(data_["logits"], logits, "logits");
  expect_equal(data_["probabilities"], softmax(logits, -1), "probabilities");
  Generator gen(kSamplingSeed);
  const int64_t sampled = nn::sample_next(logits.select(0, T - 1), {}, &gen).item<int64_t>();
  EXPECT_EQ(data_["sampled"]["id"].get<int64_t>(), sampled);
  EXPECT_EQ(data_["sampled"]["token"].get<std::string>(), letters_of({sampled}));
  EXPECT_EQ(data_["prompt"]["ids"].get<std::vector<int64_t>>(), ids_);
  EXPECT_EQ(data_["model"]["parameters"].get<int64_t>(), 85728);
}

TEST_F(PageTest, NeedsNoNetwork) {
  for (const std::string outside : {"http://", "https://", "<link", " src=", "@import", "url("}) {
    EXPECT_EQ(html_.find(outside), std::string::npos) << "the page refers outside with " << outside;
  }
  EXPECT_EQ(html_.find("__MODEL_DATA__"), std::string::npos) << "the data marker was not replaced";
}

}  // namespace
}  // namespace buildgpt::lessons

// nn::GPT against PyTorch: tests/fixtures/make_gpt_fixture.py builds a tiny GPT-2 with Hugging
// Face's parameter names and records its logits, loss, every gradient and five AdamW steps;
// loaded into nn::GPT, the same weights must give the same numbers.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "nn/nn.h"
#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using testing::tensors_close;

struct Fixture {
  StateDict weights;
  std::map<std::string, Tensor> data;  // gradients ("grad.<name>") and the recorded values
};

Fixture load_fixture() {
  Fixture f;
  for (auto& [name, t] : load_safetensors(testing::fixture("gpt_tiny.safetensors")).tensors) {
    const bool parameter = name.starts_with("transformer.") || name.starts_with("lm_head.");
    if (parameter) {
      f.weights.emplace_back(name, t);
    } else {
      f.data[name] = t;
    }
  }
  return f;
}

// The fixture's model: make_gpt_fixture.py's sizes, GPT-2's defaults otherwise.
GPTConfig tiny_config() {
  return {.vocab_size = 97, .context = 16, .width = 32, .heads = 4, .layers = 2};
}

// Every element within 1e-4 of the reference relative to the tensor's largest gradient.
::testing::AssertionResult gradient_close(const Tensor& actual, const Tensor& expected) {
  const std::vector<float> e = expected.to_vector<float>();
  double scale = 0;
  for (float v : e) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  return tensors_close(actual, expected, 1e-4 * scale, 1e-4);
}

class GPTParity : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture = load_fixture();
    model.load_state_dict(fixture.weights);
  }
  Tensor loss_of(const Tensor& logits) {
    return cross_entropy(logits.view({-1, 97}), fixture.data.at("targets").view({-1}));
  }

  Fixture fixture;
  GPT model{tiny_config()};
};

TEST_F(GPTParity, LogitsAndLossMatchPyTorch) {
  const Tensor logits = model(fixture.data.at("input_ids"));
  EXPECT_TRUE(tensors_close(logits, fixture.data.at("logits"), 1e-5, 0));
  EXPECT_NEAR(loss_of(logits).item(), fixture.data.at("loss").item(), 1e-5);
}

TEST_F(GPTParity, EveryGradientMatchesPyTorch) {
  loss_of(model(fixture.data.at("input_ids"))).backward();
  const auto params = model.named_parameters();
  EXPECT_EQ(params.size(), 4u + 12u * 2);  // wte, wpe, ln_f ×2; 12 per block
  for (const auto& [name, p] : params) {
    ASSERT_TRUE(fixture.data.contains("grad." + name)) << name;
    ASSERT_TRUE(p.grad().defined()) << name;
    EXPECT_TRUE(gradient_close(p.grad(), fixture.data.at("grad." + name))) << name;
  }
}

TEST_F(GPTParity, FiveAdamWStepsGiveTheSameLosses) {
  AdamWOptions options;
  options.lr = 1e-2;
  options.weight_decay = 0.1;
  AdamW opt(model.parameters(), options);
  const std::vector<float> expected = fixture.data.at("adamw_losses").to_vector<float>();
  for (size_t step = 0; step < expected.size(); ++step) {
    opt.zero_grad();
    const Tensor loss = loss_of(model(fixture.data.at("input_ids")));
    EXPECT_NEAR(loss.item(), expected[step], 1e-5) << "step " << step;
    loss.backward();
    opt.step();
  }
}

}  // namespace
}  // namespace buildgpt::nn

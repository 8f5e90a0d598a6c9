#include "nn/module.h"

#include <gtest/gtest.h>

#include <memory>

#include "nn/containers.h"
#include "nn/layers.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::tensors_close;

// A miniature GPT-like tree: wte, h.{0,1}.{ln, fc}, lm_head, with lm_head tied to wte.
struct Block : Module {
  Block() : Module("Block") {}
  std::shared_ptr<LayerNorm> ln = register_module("ln", std::make_shared<LayerNorm>(Shape{4}));
  std::shared_ptr<Linear> fc = register_module("fc", std::make_shared<Linear>(4, 4));
};

struct Tiny : Module {
  explicit Tiny(bool tie) : Module("Tiny") {
    for (int i = 0; i < 2; ++i) h->push_back(std::make_shared<Block>());
    if (tie) lm_head->weight = wte->weight;
  }
  Tensor& scale = register_parameter("scale", ones({1}));
  std::shared_ptr<Embedding> wte = register_module("wte", std::make_shared<Embedding>(10, 4));
  std::shared_ptr<ModuleList> h = register_module("h", std::make_shared<ModuleList>());
  std::shared_ptr<Linear> lm_head =
      register_module("lm_head", std::make_shared<Linear>(4, 10, false));
};

std::vector<std::string> names(const std::vector<std::pair<std::string, Tensor>>& named) {
  std::vector<std::string> out;
  for (const auto& [n, t] : named) out.push_back(n);
  return out;
}

TEST(Module, NamedParametersAreDottedInRegistrationOrder) {
  Tiny m(false);
  const std::vector<std::string> expected = {"scale",         "wte.weight",    "h.0.ln.weight",
                                             "h.0.ln.bias",   "h.0.fc.weight", "h.0.fc.bias",
                                             "h.1.ln.weight", "h.1.ln.bias",   "h.1.fc.weight",
                                             "h.1.fc.bias",   "lm_head.weight"};
  EXPECT_EQ(names(m.named_parameters()), expected);
  EXPECT_EQ(m.num_parameters(), 1 + 40 + 2 * (4 + 4 + 16 + 4) + 40);
  for (const Tensor& p : m.parameters()) EXPECT_TRUE(p.requires_grad() && p.is_leaf());
}

TEST(Module, TiedParametersCountOnceButKeepBothNamesInStateDict) {
  Tiny m(true);
  EXPECT_TRUE(m.lm_head->weight.same_storage(m.wte->weight));
  const auto named = names(m.named_parameters());
  EXPECT_EQ(std::count(named.begin(), named.end(), "lm_head.weight"), 0);
  EXPECT_EQ(m.parameters().size(), 10u);
  EXPECT_EQ(m.num_parameters(), 1 + 40 + 2 * (4 + 4 + 16 + 4));
  const StateDict sd = m.state_dict();
  ASSERT_EQ(sd.size(), 11u);
  EXPECT_EQ(sd.back().first, "lm_head.weight");
  EXPECT_TRUE(sd.back().second.same_storage(sd[1].second));
  // Gradients from both uses reach the one tensor.
  Tensor ids = int_tensor({1, 2});
  m.lm_head->forward(m.wte->forward(ids)).sum().backward();
  EXPECT_TRUE(m.wte->weight.grad().defined());
}

TEST(Module, TrainEvalAndZeroGradReachEverySubmodule) {
  Tiny m(false);
  m.eval();
  EXPECT_FALSE(m.is_training());
  EXPECT_FALSE(m.h->children()[1].second->is_training());
  EXPECT_FALSE(m.lm_head->is_training());
  m.train();
  EXPECT_TRUE(std::dynamic_pointer_cast<Block>((*m.h)[0])->fc->is_training());
  mul(m.lm_head->forward(m.wte->forward(int_tensor({3}))), m.scale).sum().backward();
  EXPECT_TRUE(m.scale.grad().defined());
  m.zero_grad();
  for (const Tensor& p : m.parameters()) EXPECT_FALSE(p.grad().defined());
}

TEST(Module, LoadStateDictCopiesValuesIntoTheSameTensors) {
  Tiny a(true), b(true);
  const Tensor before = b.wte->weight;
  b.load_state_dict(a.state_dict());
  EXPECT_TRUE(b.wte->weight.same_storage(before));
  EXPECT_TRUE(tensors_close(b.wte->weight, a.wte->weight, 0, 0));
  EXPECT_TRUE(tensors_close(b.h->children()[1].second->state_dict()[2].second,
                            a.h->children()[1].second->state_dict()[2].second, 0, 0));
  EXPECT_TRUE(b.lm_head->weight.same_storage(b.wte->weight));  // still tied
}

std::string load_error(Module& m, const StateDict& sd) {
  try {
    m.load_state_dict(sd);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(Module, LoadStateDictNamesMissingUnexpectedAndMismatchedEntries) {
  Tiny a(false);
  const Tensor original = a.scale.clone();
  StateDict sd = a.state_dict();
  sd.erase(sd.begin() + 2);                         // h.0.ln.weight missing
  sd.emplace_back("h.2.fc.weight", zeros({4, 4}));  // unexpected
  sd[0].second = full({1}, 7.0);                    // a valid value, not applied on error
  sd[1].second = zeros({4, 10});                    // wte.weight transposed
  const std::string msg = load_error(a, sd);
  EXPECT_NE(msg.find("missing \"h.0.ln.weight\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("unexpected \"h.2.fc.weight\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"wte.weight\": shape [4, 10] in the state dict, [10, 4] in the model"),
            std::string::npos)
      << msg;
  EXPECT_TRUE(tensors_close(a.scale, original, 0, 0));

  StateDict wrong_dtype = a.state_dict();
  wrong_dtype[0].second = zeros({1}, kInt64);
  EXPECT_NE(load_error(a, wrong_dtype).find("\"scale\": dtype int64"), std::string::npos);
  StateDict twice = a.state_dict();
  twice.push_back(twice[0]);
  EXPECT_NE(load_error(a, twice).find("\"scale\" given twice"), std::string::npos);
}

TEST(Module, RegistrationRejectsRepeatedAndDottedNames) {
  struct Bad : Module {
    explicit Bad(const std::string& second) : Module("Bad") {
      register_parameter("w", zeros({1}));
      register_module(second, std::make_shared<ReLU>());
    }
  };
  EXPECT_THROW(Bad("w"), std::invalid_argument);
  EXPECT_THROW(Bad("a.b"), std::invalid_argument);
  EXPECT_NO_THROW(Bad("act"));
}

TEST(Module, ForwardOfAModuleWithoutOneThrows) {
  Tiny m(false);
  EXPECT_THROW(m.forward(zeros({1})), std::invalid_argument);
  ModuleList list;
  EXPECT_THROW(list[0], std::out_of_range);
}

}  // namespace
}  // namespace buildgpt::nn

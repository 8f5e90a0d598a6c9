// Gradient norms per layer: a GPT's parameters grouped by block, each group's norm against the
// norm of its gradients taken by hand, and the trainer's per-step log of them.
#include "nn/layer_grad_norms.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "io/read_file.h"
#include "nn/nn.h"
#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

GPTConfig tiny() { return {.vocab_size = 20, .context = 8, .width = 8, .heads = 2, .layers = 3}; }

Tensor tiny_loss(GPT& model) {
  const Tensor ids = int_tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  return cross_entropy(model(ids), int_tensor({2, 3, 4, 5, 6, 7}, {2, 3}));
}

TEST(LayerGradNorms, GroupsAGPTsParametersByBlock) {
  GPT model(tiny());
  const std::vector<LayerParameters> layers = parameters_by_layer(model);
  std::vector<std::string> names;
  for (const LayerParameters& l : layers) names.push_back(l.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"transformer.wte", "transformer.wpe", "transformer.h.0",
                                      "transformer.h.1", "transformer.h.2", "transformer.ln_f"}));
  EXPECT_EQ(layers[2].parameters.size(), 12u);
  EXPECT_EQ(layers[5].parameters.size(), 2u);
}

TEST(LayerGradNorms, EachIsTheNormOfItsLayersGradients) {
  GPT model(tiny());
  const std::vector<LayerParameters> layers = parameters_by_layer(model);
  EXPECT_EQ(layer_grad_norms(layers)[3], 0.0) << "no gradients yet";
  tiny_loss(model).backward();
  const std::vector<double> norms = layer_grad_norms(layers);
  double sum_sq = 0;
  for (const LayerParameters& l : layers) {
    if (l.name != "transformer.h.1") continue;
    for (const Tensor& p : l.parameters) sum_sq += (p.grad() * p.grad()).sum().item();
  }
  EXPECT_NEAR(norms[3], std::sqrt(sum_sq), 1e-6 * norms[3]);
  EXPECT_GT(norms[3], 0);
}

using TrainerGradNormLog = buildgpt::testing::ScratchDir;

TEST_F(TrainerGradNormLog, WritesOneRowPerStep) {
  GPT model(tiny());
  AdamW optimizer(model.parameters(), {.lr = 1e-3});
  std::ostringstream out;
  TrainerOptions options;
  options.max_steps = 3;
  options.out = &out;
  options.grad_norm_log = dir / "grad_norms.csv";
  Trainer trainer(model, optimizer, options);
  trainer.fit([&](int64_t) { return tiny_loss(model); });
  const std::string csv = read_file(dir / "grad_norms.csv");
  EXPECT_TRUE(
      csv.starts_with("step,transformer.wte,transformer.wpe,transformer.h.0,"
                      "transformer.h.1,transformer.h.2,transformer.ln_f\n"))
      << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_NE(csv.find("\n3,"), std::string::npos);
}

}  // namespace
}  // namespace buildgpt::nn

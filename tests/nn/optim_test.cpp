#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "nn/adamw.h"
#include "nn/clip_grad.h"
#include "nn/schedule.h"
#include "nn/sgd.h"
#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::fixture;
using buildgpt::testing::tensors_close;

nlohmann::json load_fixture() {
  std::ifstream in(fixture("adamw_steps.json"));
  EXPECT_TRUE(in) << "missing " << fixture("adamw_steps.json");
  return nlohmann::json::parse(in);
}

Tensor values(const nlohmann::json& v, Shape shape) {
  return from_vector(v.get<std::vector<float>>(), std::move(shape));
}

// Replays the fixture's steps: w [2, 3] in the first group (decayed), b [3] in the second (no
// decay, its own lr), comparing both after every step to 1e-6 relative.
void replay(const nlohmann::json& run, Optimizer& opt, Tensor& w, Tensor& b) {
  for (const auto& step : run["steps"]) {
    w.set_grad(values(step["grad_w"], {2, 3}));
    b.set_grad(values(step["grad_b"], {3}));
    opt.step();
    EXPECT_TRUE(tensors_close(w, values(step["w"], {2, 3}), 1e-7, 1e-6));
    EXPECT_TRUE(tensors_close(b, values(step["b"], {3}), 1e-7, 1e-6));
  }
}

struct Params {
  Tensor w, b;
  explicit Params(const nlohmann::json& run)
      : w(values(run["init"]["w"], {2, 3})), b(values(run["init"]["b"], {3})) {
    w.requires_grad_(true);
    b.requires_grad_(true);
  }
  std::vector<ParamGroup> groups(const nlohmann::json& run) const {
    return {{{w}, {}, {}}, {{b}, run["b_lr"].get<double>(), run["b_weight_decay"].get<double>()}};
  }
};

TEST(AdamW, MatchesPyTorchStepByStepWithTwoGroups) {
  const nlohmann::json run = load_fixture()["adamw"];
  Params p(run);
  AdamW opt(p.groups(run), {.lr = run["lr"],
                            .beta1 = run["betas"][0],
                            .beta2 = run["betas"][1],
                            .eps = run["eps"],
                            .weight_decay = run["weight_decay"]});
  EXPECT_EQ(*opt.param_groups()[0].weight_decay, 0.1);
  EXPECT_EQ(*opt.param_groups()[1].lr, 0.02);
  replay(run, opt, p.w, p.b);
}

TEST(SGD, MatchesPyTorchWithMomentumAndWeightDecay) {
  const nlohmann::json run = load_fixture()["sgd"];
  Params p(run);
  SGD opt(p.groups(run),
          {.lr = run["lr"], .momentum = run["momentum"], .weight_decay = run["weight_decay"]});
  replay(run, opt, p.w, p.b);
}

TEST(AdamW, DefaultsAreThoseOfPyTorch) {
  Tensor w = zeros({1});
  w.requires_grad_(true);
  AdamW opt({w});
  EXPECT_EQ(opt.options.lr, 1e-3);
  EXPECT_EQ(opt.options.beta1, 0.9);
  EXPECT_EQ(opt.options.beta2, 0.999);
  EXPECT_EQ(opt.options.eps, 1e-8);
  EXPECT_EQ(opt.options.weight_decay, 1e-2);
  // The first step of Adam moves by lr·g/(|g| + eps): nearly lr·sign(g), whatever g's size.
  w.set_grad(tensor({1e-3f}));
  opt.step();
  EXPECT_NEAR(w.item(), -1e-3 * (1e-3 / (1e-3 + 1e-8)), 1e-10);
}

TEST(AdamW, SavedStateResumesExactly) {
  const nlohmann::json run = load_fixture()["adamw"];
  auto take_step = [&](Optimizer& opt, Params& p, int s) {
    p.w.set_grad(values(run["steps"][s]["grad_w"], {2, 3}));
    p.b.set_grad(values(run["steps"][s]["grad_b"], {3}));
    opt.step();
  };
  // Straight through three steps, saving parameters and optimizer state after the second.
  Params straight(run);
  AdamW a(straight.groups(run), {.lr = 0.05, .weight_decay = 0.1});
  take_step(a, straight, 0);
  take_step(a, straight, 1);
  StateDict saved;
  for (const auto& [name, t] : a.state_dict()) saved.emplace_back(name, t.clone());
  const Tensor w1 = straight.w.clone(), b1 = straight.b.clone();
  take_step(a, straight, 2);

  std::vector<std::string> names;
  for (const auto& [n, t] : saved) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"0.step", "0.exp_avg", "0.exp_avg_sq", "1.step",
                                             "1.exp_avg", "1.exp_avg_sq"}));
  EXPECT_EQ(saved[0].second.item(), 2);

  // A fresh optimizer given the saved state takes the same third step.
  Params resumed(run);
  resumed.w.detach().copy_(w1);
  resumed.b.detach().copy_(b1);
  AdamW b(resumed.groups(run), {.lr = 0.05, .weight_decay = 0.1});
  b.load_state_dict(saved);
  take_step(b, resumed, 2);
  EXPECT_TRUE(tensors_close(resumed.w, straight.w, 0, 0));
  EXPECT_TRUE(tensors_close(resumed.b, straight.b, 0, 0));
}

TEST(AdamW, LoadStateDictRejectsWhatDoesNotFit) {
  Tensor w = zeros({2, 3});
  w.requires_grad_(true);
  AdamW opt({w});
  auto msg = [&](const StateDict& sd) {
    try {
      opt.load_state_dict(sd);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const Tensor step = zeros({}, kInt64);
  EXPECT_NE(msg({{"0.step", step}, {"0.exp_avg", zeros({3, 2})}, {"0.exp_avg_sq", zeros({2, 3})}})
                .find("\"0.exp_avg\" should be float32 [2, 3]"),
            std::string::npos);
  EXPECT_NE(msg({{"0.step", step}}).find("only some of its state"), std::string::npos);
  EXPECT_NE(msg({{"1.step", step}}).find("unexpected \"1.step\""), std::string::npos);
  EXPECT_EQ(msg({}), "no error");
}

TEST(AdamW, LoadStateDictRefusesStateNoRunCanReach) {
  Tensor w = zeros({2, 3});
  w.requires_grad_(true);
  AdamW opt({w});
  auto msg = [&](const Tensor& step, const Tensor& m, const Tensor& v) {
    try {
      opt.load_state_dict({{"0.step", step}, {"0.exp_avg", m}, {"0.exp_avg_sq", v}});
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const Tensor one = full({}, 1, kInt64), m = zeros({2, 3}), v = zeros({2, 3});
  EXPECT_EQ(msg(one, m, v), "no error");
  EXPECT_NE(msg(full({}, -1, kInt64), m, v).find("\"0.step\" is -1"), std::string::npos);
  EXPECT_NE(msg(zeros({}, kInt64), m, v).find("\"0.step\" is 0"), std::string::npos);
  Tensor negative = zeros({2, 3});
  negative.data<float>()[4] = -0.5f;
  EXPECT_NE(msg(one, m, negative).find("\"0.exp_avg_sq\" holds -0.5"), std::string::npos)
      << msg(one, m, negative);
  Tensor nan = zeros({2, 3});
  nan.data<float>()[1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(msg(one, nan, v).find("\"0.exp_avg\" holds nan"), std::string::npos)
      << msg(one, nan, v);
  // Nothing changed: the state is still the one loaded first.
  const StateDict kept = opt.state_dict();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].second.item(), 1);
  EXPECT_TRUE(tensors_close(kept[2].second, v, 0, 0));
}

TEST(Optimizer, ParametersWithoutGradientsAreLeftAlone) {
  Tensor a = ones({2}), b = ones({2});
  a.requires_grad_(true);
  b.requires_grad_(true);
  SGD opt({a, b}, {.lr = 0.5});
  a.set_grad(ones({2}));
  opt.step();
  EXPECT_TRUE(tensors_close(a, full({2}, 0.5), 0, 0));
  EXPECT_TRUE(tensors_close(b, ones({2}), 0, 0));
  opt.zero_grad();
  EXPECT_FALSE(a.grad().defined());
  opt.set_lr(0.25);
  EXPECT_EQ(*opt.param_groups()[0].lr, 0.25);
  EXPECT_THROW(SGD({mul(a, 2.0)}, {}), std::invalid_argument);  // not a leaf
}

TEST(CosineSchedule, WarmsUpLinearlyThenDecaysToMinLr) {
  const CosineSchedule s{.max_lr = 6e-4, .min_lr = 6e-5, .warmup_steps = 10, .decay_steps = 110};
  EXPECT_DOUBLE_EQ(s.lr_at(0), 6e-5);
  EXPECT_DOUBLE_EQ(s.lr_at(4), 3e-4);
  EXPECT_DOUBLE_EQ(s.lr_at(9), 6e-4);
  EXPECT_DOUBLE_EQ(s.lr_at(10), 6e-4);               // the top of the cosine
  EXPECT_DOUBLE_EQ(s.lr_at(60), (6e-4 + 6e-5) / 2);  // half way
  EXPECT_NEAR(s.lr_at(35), 6e-5 + 0.5 * (1 + std::cos(M_PI / 4)) * 5.4e-4, 1e-15);
  EXPECT_DOUBLE_EQ(s.lr_at(110), 6e-5);
  EXPECT_DOUBLE_EQ(s.lr_at(5000), 6e-5);
  for (int64_t t = 10; t < 110; ++t) EXPECT_GE(s.lr_at(t), s.lr_at(t + 1));
  EXPECT_THROW(s.lr_at(-1), std::invalid_argument);
  EXPECT_THROW((CosineSchedule{1e-3, 1e-2, 0, 10}.lr_at(0)), std::invalid_argument);
}

TEST(ClipGradNorm, ScalesAllGradientsToTheMaxNormAndReturnsTheNormBefore) {
  Tensor a = zeros({2}), b = zeros({1}), c = zeros({3});
  for (Tensor* t : {&a, &b, &c}) t->requires_grad_(true);
  a.set_grad(tensor({3, 0}));
  b.set_grad(tensor({4}));                             // c has no gradient
  EXPECT_DOUBLE_EQ(clip_grad_norm({a, b, c}, 10), 5);  // below max: unchanged
  EXPECT_TRUE(tensors_close(a.grad(), tensor({3, 0}), 0, 0));
  EXPECT_DOUBLE_EQ(clip_grad_norm({a, b, c}, 1), 5);
  EXPECT_TRUE(tensors_close(a.grad(), tensor({0.6f, 0}), 1e-6, 1e-6));
  EXPECT_TRUE(tensors_close(b.grad(), tensor({0.8f}), 1e-6, 1e-6));
  EXPECT_NEAR(clip_grad_norm({a, b, c}, 1), 1, 1e-5);
  EXPECT_THROW(clip_grad_norm({a}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace buildgpt::nn

#include "nn/trainer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "nn/adamw.h"
#include "nn/checkpoint.h"
#include "nn/containers.h"
#include "nn/layers.h"
#include "nn/progress.h"
#include "nn/safetensors.h"
#include "nn_test_util.h"
#include "test_util.h"

namespace buildgpt::nn {
namespace {

using buildgpt::testing::tensors_close;

// A small classifier with dropout, so a resumed run also depends on the restored generators.
struct TrainingRun {
  Generator init{1}, dropout{2}, data{3};
  Sequential model{std::make_shared<Linear>(4, 16, true, &init), std::make_shared<GELU>(),
                   std::make_shared<Dropout>(0.2, &dropout),
                   std::make_shared<Linear>(16, 3, true, &init)};
  AdamW optimizer{model.parameters(), {.lr = 1e-2}};

  // One random batch per step from the data generator: the class is the sign pattern of x.
  Tensor loss(int64_t) {
    const Tensor x = randn({8, 4}, &data);
    const std::vector<float> v = x.to_vector<float>();
    std::vector<int64_t> y;
    for (int i = 0; i < 8; ++i) y.push_back((v[i * 4] > 0) + (v[i * 4 + 1] > 0));
    return cross_entropy(model(x), from_vector(y));
  }
  TrainerOptions options(const std::filesystem::path& dir, int64_t max_steps, std::ostream& out) {
    return {.max_steps = max_steps,
            .tokens_per_step = 8,
            .schedule = CosineSchedule{1e-2, 1e-3, 2, 10},
            .grad_clip = 1.0,
            .log_every = 2,
            .eval_every = 3,
            .checkpoint = dir / "ckpt.safetensors",
            .csv_log = dir / "log.csv",
            .out = &out};
  }
  std::vector<Generator*> generators() { return {&dropout, &data}; }
  // A trainer of this run for `steps` steps, with a checkpoint in `dir` every `every` steps.
  Trainer trainer(const std::filesystem::path& dir, int64_t steps, int64_t every,
                  std::ostream& out) {
    TrainerOptions o = options(dir, steps, out);
    o.checkpoint_every = every;
    return Trainer(model, optimizer, o, generators());
  }
  double val() {
    Generator g(99);
    const Tensor x = randn({16, 4}, &g);
    return cross_entropy(model(x), zeros({16}, kInt64)).item();
  }
};

using TrainerTest = buildgpt::testing::ScratchDir;

TEST_F(TrainerTest, ResumingFromACheckpointGivesTheSameWeightsAsTrainingStraightThrough) {
  std::ostringstream log;
  TrainingRun straight;
  Trainer t(straight.model, straight.optimizer, straight.options(dir / "a", 7, log),
            straight.generators());
  std::filesystem::create_directories(dir / "a");
  t.fit([&](int64_t s) { return straight.loss(s); }, [&] { return straight.val(); });
  EXPECT_EQ(t.step(), 7);

  std::filesystem::create_directories(dir / "b");
  {
    TrainingRun first;
    Trainer t1(first.model, first.optimizer, first.options(dir / "b", 4, log), first.generators());
    EXPECT_FALSE(t1.resume());
    t1.fit([&](int64_t s) { return first.loss(s); }, [&] { return first.val(); });
  }
  TrainingRun second;
  second.init.manual_seed(123);  // different starting weights, overwritten by the checkpoint
  second.data.manual_seed(456);
  Trainer t2(second.model, second.optimizer, second.options(dir / "b", 7, log),
             second.generators());
  ASSERT_TRUE(t2.resume());
  EXPECT_EQ(t2.step(), 4);
  t2.fit([&](int64_t s) { return second.loss(s); }, [&] { return second.val(); });

  const StateDict a = straight.model.state_dict(), b = second.model.state_dict();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(tensors_close(b[i].second, a[i].second, 0, 0)) << a[i].first;
  }
  // The resumed run's CSV continues the first: one header, steps 1..7, validation at 3, 4, 6, 7.
  std::ifstream csv(dir / "b" / "log.csv");
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(csv, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0], "step,train_loss,val_loss,lr,tokens_per_s");
  for (int s = 1; s <= 7; ++s) {
    EXPECT_EQ(lines[s].substr(0, 2), std::to_string(s) + ",");
    const bool has_val = lines[s].find(",,") == std::string::npos;
    EXPECT_EQ(has_val, s == 3 || s == 4 || s == 6 || s == 7) << lines[s];
  }
  EXPECT_NE(lines[1].find(",0.005,"), std::string::npos) << lines[1];  // warmup: 1e-2 · 1/2
}

// The lines of a file.
std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The message of the std::runtime_error that `body` throws.
template <typename Body>
std::string error_of(Body body) {
  return buildgpt::testing::message_of<std::runtime_error>(body);
}

// Trains a fresh run for `steps` steps with a checkpoint every `every` steps.
void train_with_checkpoints(const std::filesystem::path& dir, int64_t steps, int64_t every) {
  std::ostringstream log;
  TrainingRun run;
  run.trainer(dir, steps, every, log).fit([&](int64_t s) { return run.loss(s); });
}

TEST_F(TrainerTest, ANonFiniteLossStopsTheRunBeforeTheUpdate) {
  std::ostringstream log;
  TrainingRun run;
  Trainer t = run.trainer(dir, 10, 2, log);
  StateDict before_bad_step;
  const std::string message = error_of([&] {
    t.fit([&](int64_t s) {
      if (s == 5) {
        before_bad_step = run.model.state_dict();
        for (auto& [name, w] : before_bad_step) w = w.clone();
        return mul(run.loss(s), std::numeric_limits<double>::quiet_NaN());
      }
      return run.loss(s);
    });
  });
  EXPECT_NE(message.find("step 6"), std::string::npos) << message;
  EXPECT_NE(message.find("nan"), std::string::npos) << message;
  EXPECT_EQ(t.step(), 5);
  // The weights are those before the bad step; the newest checkpoint is step 4's and loads.
  const StateDict after = run.model.state_dict();
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_TRUE(tensors_close(after[i].second, before_bad_step[i].second, 0, 0));
  }
  TrainingRun restored;
  EXPECT_EQ(load_checkpoint(dir / "ckpt.safetensors", restored.model, restored.optimizer,
                            restored.generators()),
            4);
  for (const auto& [name, w] : restored.model.state_dict()) {
    for (float v : w.to_vector<float>()) ASSERT_TRUE(std::isfinite(v)) << name;
  }
}

TEST_F(TrainerTest, ANonFiniteGradientStopsTheRunBeforeTheUpdate) {
  std::ostringstream log;
  TrainingRun run;
  Trainer t(run.model, run.optimizer, run.options(dir, 10, log), run.generators());
  const Tensor w = run.model.parameters()[0];
  const Tensor w0 = w.clone();
  const std::string message = error_of([&] {
    // sqrt(0·w) is 0, but its gradient is ∞·0: the loss is finite, the gradient is not.
    t.fit([&](int64_t s) { return add(run.loss(s), sqrt(mul(w, 0.0)).sum()); });
  });
  EXPECT_NE(message.find("step 1"), std::string::npos) << message;
  EXPECT_NE(message.find("gradient norm"), std::string::npos) << message;
  EXPECT_EQ(t.step(), 0);
  EXPECT_TRUE(tensors_close(w, w0, 0, 0));
  EXPECT_TRUE(run.optimizer.state_dict().empty());
}

TEST_F(TrainerTest, KeepsTheLastTwoCheckpoints) {
  train_with_checkpoints(dir, 6, 2);
  EXPECT_EQ(load_safetensors(dir / "ckpt.safetensors").metadata.at("step"), "6");
  EXPECT_EQ(load_safetensors(dir / "ckpt.1.safetensors").metadata.at("step"), "4");
  EXPECT_FALSE(std::filesystem::exists(dir / "ckpt.2.safetensors"));
}

TEST_F(TrainerTest, ResumeFallsBackToTheOlderCheckpointWhenTheNewestIsDamaged) {
  train_with_checkpoints(dir, 6, 2);
  std::fstream f(dir / "ckpt.safetensors", std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(-1, std::ios::end);
  f.put('\x7f');
  f.close();
  std::ostringstream out;
  TrainingRun run;
  Trainer t(run.model, run.optimizer, run.options(dir, 6, out), run.generators());
  ASSERT_TRUE(t.resume());
  EXPECT_EQ(t.step(), 4);
  EXPECT_NE(out.str().find("ckpt.safetensors"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("checksum"), std::string::npos) << out.str();
}

TEST_F(TrainerTest, ResumeCutsTheLogBackToTheCheckpointsStep) {
  std::ostringstream log;
  {
    TrainingRun run;
    Trainer t = run.trainer(dir, 8, 4, log);
    // A crash during step 7, after the log has rows up to 6 and the checkpoint is step 4's.
    EXPECT_THROW(t.fit([&](int64_t s) {
      if (s == 6) throw std::runtime_error("killed");
      return run.loss(s);
    }),
                 std::runtime_error);
  }
  EXPECT_EQ(lines_of(dir / "log.csv").size(), 7u);
  TrainingRun run;
  Trainer t(run.model, run.optimizer, run.options(dir, 8, log), run.generators());
  ASSERT_TRUE(t.resume());
  EXPECT_EQ(t.step(), 4);
  t.fit([&](int64_t s) { return run.loss(s); });
  const std::vector<std::string> lines = lines_of(dir / "log.csv");
  ASSERT_EQ(lines.size(), 9u);
  for (int s = 1; s <= 8; ++s) EXPECT_EQ(lines[s].substr(0, 2), std::to_string(s) + ",");
}

TEST_F(TrainerTest, AStopRequestEndsTheRunWithACheckpointOfTheStepReached) {
  std::ostringstream out;
  TrainingRun run;
  std::atomic<bool> stop = false;
  TrainerOptions options = run.options(dir, 8, out);
  options.stop = &stop;
  Trainer t(run.model, run.optimizer, options, run.generators());
  t.fit([&](int64_t s) {
    stop = s == 2;  // requested during step 3
    return run.loss(s);
  });
  EXPECT_EQ(t.step(), 3);
  EXPECT_EQ(load_safetensors(dir / "ckpt.safetensors").metadata.at("step"), "3");
  EXPECT_EQ(lines_of(dir / "log.csv").size(), 4u);
  EXPECT_NE(out.str().find("stopped after step 3, checkpoint "), std::string::npos) << out.str();
}

TEST_F(TrainerTest, PlainProgressLinesEveryNStepsAndValidationLines) {
  std::ostringstream out;
  TrainingRun run;
  TrainerOptions options = run.options(dir, 5, out);
  options.checkpoint.clear();
  options.csv_log.clear();
  Trainer t(run.model, run.optimizer, options, run.generators());
  t.fit([&](int64_t s) { return run.loss(s); }, [&] { return run.val(); });
  std::istringstream in(out.str());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 5u) << out.str();  // steps 2 and 4, val at 3 and 5, step 5
  EXPECT_EQ(lines[0].rfind("step 2/5 | loss ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(" tok/s | "), std::string::npos);
  EXPECT_NE(lines[0].find(" elapsed | ETA "), std::string::npos);
  EXPECT_EQ(lines[1].rfind("step 3 | val loss ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[3].rfind("step 5/5", 0), 0u) << lines[3];
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "ckpt.safetensors"));
}

TEST(Progress, BarRedrawsInPlaceAndDurationsRead) {
  std::ostringstream out;
  Progress p(out, true, 4, 100);
  p.update(1, 2.0, 1000, 1.5, 1.5);
  p.update(4, 1.0, 1000, 6.0, 1.5);
  EXPECT_EQ(out.str().find("\r[######..................] step 1/4 | loss 2.0000 | 1000 tok/s | 2s "
                           "elapsed | ETA 5s"),
            0u)
      << out.str();
  EXPECT_EQ(out.str().back(), '\n');
  std::ostringstream cut;
  {
    Progress stopped(cut, true, 4, 100);
    stopped.update(1, 2.0, 1000, 1.5, 1.5);
    EXPECT_NE(cut.str().back(), '\n');
  }
  EXPECT_EQ(cut.str().back(), '\n');  // a run that ended early: the bar's line is ended
  EXPECT_EQ(format_duration(59.4), "59s");
  EXPECT_EQ(format_duration(725), "12m05s");
  EXPECT_EQ(format_duration(3 * 3600 + 125), "3h02m");
}

TEST_F(TrainerTest, CheckpointThatDoesNotFitIsRejectedAndChangesNothing) {
  TrainingRun run;
  save_checkpoint(dir / "c.safetensors", run.model, run.optimizer, 0, run.generators());
  // Another architecture: the model's own load_state_dict message.
  Generator g(0);
  Sequential other{std::make_shared<Linear>(4, 8, true, &g)};
  AdamW other_opt(other.parameters());
  const Tensor before = other.state_dict()[0].second.clone();
  EXPECT_THROW(load_checkpoint(dir / "c.safetensors", other, other_opt, {&g}), std::runtime_error);
  try {
    std::vector<Generator*> two = {&g, &g};
    load_checkpoint(dir / "c.safetensors", other, other_opt, two);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "\"0.weight\": shape [16, 4] in the state dict, [8, 4] in the model"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(tensors_close(other.state_dict()[0].second, before, 0, 0));
  // A plain safetensors file is not a checkpoint.
  save_safetensors(dir / "plain.safetensors", run.model.state_dict());
  EXPECT_THROW(load_checkpoint(dir / "plain.safetensors", run.model, run.optimizer, {}),
               std::runtime_error);
}

}  // namespace
}  // namespace buildgpt::nn

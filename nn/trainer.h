// A training loop with what every run needs: the learning-rate schedule, gradient clipping, a
// progress report, validation every few steps, a CSV log, and checkpoints to resume from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <vector>

#include "autograd/generator.h"
#include "nn/module.h"
#include "nn/optimizer.h"
#include "nn/schedule.h"

namespace buildgpt::nn {

struct TrainerOptions {
  int64_t max_steps = 1000;
  int64_t tokens_per_step = 0;             // tokens in one step's batch, for tokens/s
  std::optional<CosineSchedule> schedule;  // none: the optimizer's learning rates stay
  double grad_clip = 1.0;                  // max gradient norm; 0 turns clipping off
  int64_t log_every = 10;                  // plain progress lines (when stdout is not a terminal)
  int64_t eval_every = 0;            // validation every this many steps and at the end; 0: never
  int64_t checkpoint_every = 0;      // checkpoints this often and at the end; 0: at the end only
  std::filesystem::path checkpoint;  // empty: no checkpoints
  std::filesystem::path csv_log;     // empty: no CSV log
  std::ostream* out = &std::cout;    // where progress goes
};

class Trainer {
 public:
  // The training loss of one step (the trainer zeroes gradients before and runs backward after).
  using LossFn = std::function<Tensor(int64_t step)>;
  // The validation loss, run in evaluation mode without a graph.
  using EvalFn = std::function<double()>;

  // `generators` are saved in checkpoints and restored on resume: every generator whose numbers
  // the run draws (dropout's, the batch sampler's).
  Trainer(Module& model, Optimizer& optimizer, TrainerOptions options,
          std::vector<Generator*> generators = {&default_generator()});

  // Restores the checkpoint when options.checkpoint names an existing file; returns whether it
  // did.
  bool resume();
  // Trains from step() up to max_steps.
  void fit(const LossFn& train_loss, const EvalFn& val_loss = {});
  // Steps done so far.
  int64_t step() const { return step_; }

 private:
  void save();

  Module& model_;
  Optimizer& optimizer_;
  const TrainerOptions options_;
  const std::vector<Generator*> generators_;
  int64_t step_ = 0;
};

}  // namespace buildgpt::nn

// A training loop with what every run needs: the learning-rate schedule, gradient clipping, a
// progress report, validation every few steps, a CSV log (and one of the gradient norm of each
// layer), and checkpoints to resume from. A step
// whose loss or gradient norm is not finite stops the run before the optimizer's update, so
// neither the weights nor any checkpoint is poisoned.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "autograd/generator.h"
#include "nn/module.h"
#include "nn/optimizer.h"
#include "nn/schedule.h"

namespace buildgpt::nn {

// What fit throws for a step whose loss or gradient norm is not finite.
class NonFiniteStep : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
  // Empty: none. A CSV of every step's gradient norm per layer, before clipping: "step" and one
  // column per layer of nn::parameters_by_layer ("transformer.h.0", ...). A step that stops the
  // run for a gradient norm that is not finite is logged too.
  std::filesystem::path grad_norm_log = {};
  std::ostream* out = &std::cout;  // where progress goes (a bar when it is a terminal's)
  int64_t keep_checkpoints = 2;    // the newest checkpoints kept (nn/checkpoint_files.h)
  // Checked after every step: once true, fit() saves a checkpoint and returns early (what a
  // program does on Ctrl-C). Null: never.
  const std::atomic<bool>* stop = nullptr;
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

  // Restores the newest checkpoint that loads (options.checkpoint, then the older ones kept);
  // returns whether there was one. A newer one that does not load is reported to `out` and
  // renamed "<file>.unusable". Throws std::runtime_error with every reason when checkpoints
  // exist but none loads.
  bool resume();
  // Trains from step() up to max_steps, or until options.stop is set (then step() is less); the
  // CSV log loses any rows beyond step() first. Throws NonFiniteStep naming the step when its
  // loss or gradient norm is not finite (the model and optimizer are left as they were before
  // that step), and std::runtime_error naming the file and the reason when a checkpoint or the
  // log cannot be written.
  void fit(const LossFn& train_loss, const EvalFn& val_loss = {});
  // Steps done so far.
  int64_t step() const { return step_; }

 private:
  void save();
  [[noreturn]] void stop_before_update(const std::string& what, double value) const;

  Module& model_;
  Optimizer& optimizer_;
  const TrainerOptions options_;
  const std::vector<Generator*> generators_;
  int64_t step_ = 0;
};

}  // namespace buildgpt::nn

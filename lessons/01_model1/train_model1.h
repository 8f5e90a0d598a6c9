// Training Model 1 the course's way (AdamW, lr 1e-3, weight decay 0.01, batches of 5 windows in a
// shuffled order), recording the losses for the plots. Lessons 01 and 03 both train with it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "model1.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

struct LossHistory {
  std::vector<double> train;  // the training loss of every step (step = index + 1)
  std::vector<double> val_steps, val;
  double seconds = 0;       // the whole run, validation included
  double tokens_per_s = 0;  // training tokens per second of the whole run
};

struct Model1Training {
  int64_t steps = 0;
  int64_t batch_size = 5;
  uint64_t seed = 0;         // the batches' order: the same seed gives the same batches
  int64_t eval_every = 0;    // validation loss every this many steps and at the end
  int64_t val_batches = 16;  // validation batches of 16 windows each (the same ones every time)
  // Called after each validation with the losses so far: where a lesson redraws its loss curve,
  // so a run stopped early still leaves its figure.
  std::function<void(const LossHistory&)> on_validation;
};

LossHistory train_model1(Model1& model, const TokenDataset& data, const Model1Training& options);

// The mean of the last `window` values at every position (fewer at the start): a noisy curve made
// readable.
std::vector<double> running_mean(const std::vector<double>& values, size_t window);

}  // namespace buildgpt::lessons

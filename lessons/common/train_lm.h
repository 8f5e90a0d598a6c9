// Training a small language model the way lessons 12 and 14 do (ours: the course's notebooks for
// Models 3 and 4 do not train): AdamW on random windows of the corpus, the loss of a fixed set of
// validation batches every few steps, and the loss figure redrawn at each validation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nn/module.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

struct LmHistory {
  std::vector<double> train;           // the training loss of every step (step = index + 1)
  std::vector<double> val_steps, val;  // validation losses, the untrained model's at step 0 first
  double seconds = 0;                  // training and validation, wall time
  double tokens_per_s = 0;             // training tokens per second of the whole run
  std::optional<int64_t> diverged_at;  // the step that stopped a diverging run (with a limit)
};

struct LmTraining {
  int64_t steps = 0;
  int64_t batch_size = 32;   // windows per step
  int64_t eval_every = 0;    // validation every this many steps and at the end
  double lr = 1e-3;          // AdamW's learning rate (weight decay 0.01)
  double grad_clip = 1.0;    // the largest gradient norm; 0: not clipped
  int64_t warmup_steps = 0;  // the learning rate rises linearly to lr over these steps
  // When set, a run stops at the first step whose training loss is above it or not finite, or
  // whose gradient norm is not finite: it diverged (LmHistory::diverged_at).
  std::optional<double> divergence_loss;
  uint64_t seed = 2;                    // the batches' generator
  std::filesystem::path csv_log;        // every step's loss, validation and speed; empty for none
  std::filesystem::path grad_norm_log;  // every step's gradient norm per layer; empty for none
  // Called after each validation with the history so far: where a lesson redraws its figures, so
  // a run stopped early still leaves them.
  std::function<void(const LmHistory&)> on_validation;
};

// `count` batches of `batch_size` validation windows, drawn once from `seed`.
std::vector<Batch> validation_batches(const TokenDataset& data, int64_t count, int64_t batch_size,
                                      uint64_t seed = 1);

// The mean cross-entropy (nats) of `model`, whose forward maps ids [B, T] to logits [B, T, V],
// over `batches`, in evaluation mode and without a graph. Batches are moved to the device of the
// model's parameters, as they are in training.
double mean_loss(nn::Module& model, const std::vector<Batch>& batches);

// Trains `model` on random training windows of `data`, validating on `val`, on the device its
// parameters are on.
LmHistory train_language_model(nn::Module& model, const TokenDataset& data,
                               const std::vector<Batch>& val, const LmTraining& options);

// A run's name for the legend, and its losses.
struct NamedHistory {
  std::string name;
  LmHistory history;
};

// The training of lessons 12 and 14: 300 steps of 32 windows, validation every 20 steps on 4
// batches; a quick run 5 steps of 4 windows and one validation batch.
LmTraining lm_training(bool quick, double lr);
int64_t validation_count(bool quick);

// One model to train, its name for the legend and the files of its per-step logs.
struct LmRun {
  std::string name;
  nn::Module* model;
  std::filesystem::path csv_log;
  std::filesystem::path grad_norm_log = {};  // each step's gradient norm per layer; empty: none
};

// Trains each run's model in turn with `options`, on the same batches, printing what it trains
// and, at the end, its time and losses; calls `draw` with the histories so far at every
// validation (the lesson's loss figure).
std::vector<NamedHistory> train_runs(
    const std::vector<LmRun>& runs, const TokenDataset& data, const std::vector<Batch>& val,
    const LmTraining& options, const std::function<void(const std::vector<NamedHistory>&)>& draw);

// Each run's training loss of every step and its validation loss, and a dashed line at the
// uniform guess log V. With `zoom` (losses that start far above where they end), a second panel
// shows the losses between zoom's two values.
struct LossZoom {
  double lo, hi;
};
void save_lm_loss_figure(const std::vector<NamedHistory>& runs, int64_t vocab,
                         const std::string& title, const std::filesystem::path& png,
                         std::optional<LossZoom> zoom = {});

}  // namespace buildgpt::lessons

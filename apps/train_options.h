// The options of `buildgpt train`: on the command line, in a --config file, and in the run's
// config.json (the same names, so a run's config.json can start another run).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "apps/compute_options.h"
#include "apps/model_choice.h"

namespace buildgpt::cli {

struct TrainOptions {
  // The data.
  std::string text;    // a UTF-8 text file
  std::string corpus;  // or a corpus of the data folder: data/corpora/NAME.txt
  std::string tokenizer = "gpt2";
  double val_fraction = 0.1;  // the end of the text that validates
  // The model.
  ModelChoice model;
  // The optimisation.
  int64_t batch = 16;
  int64_t steps = 1000;
  double epochs = 0;  // when set, the steps are this many passes over the training windows
  double lr = 1e-3;
  double min_lr = 1e-4;
  int64_t warmup = 100;
  double weight_decay = 0.1;
  double grad_clip = 1.0;
  uint64_t seed = 1337;
  // The reports and checkpoints.
  int64_t eval_every = 100;
  int64_t eval_batches = 20;
  int64_t log_every = 10;
  int64_t checkpoint_every = 100;
  int64_t keep = 2;
  // Where and how this invocation runs; not part of the run's config.
  std::string out = "out/train";
  std::string config;
  std::string resume;
  ComputeOptions compute;
  bool json = false;
};

// Adds every option to `command`.
void add_train_options(CLI::App& command, TrainOptions& options);

// The options that make the run, as config.json records them (the model's sizes resolved).
nlohmann::ordered_json run_config(const TrainOptions& options);

}  // namespace buildgpt::cli

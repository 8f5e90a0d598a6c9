// The architecture of a model to train: a preset named by --model, with any of its sizes
// overridden by --layers, --heads, --width, --context and --dropout.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/gpt_config.h"

namespace buildgpt::cli {

struct ModelChoice {
  std::string preset = "small";
  int64_t layers = 0;  // 0: the preset's
  int64_t heads = 0;
  int64_t width = 0;
  int64_t context = 0;
  double dropout = 0;
};

// "tiny" and "small" (sizes for a laptop's CPU), then GPTConfig's presets ("gpt2", ...).
std::vector<std::string> model_preset_names();

// Adds --model, --layers, --heads, --width, --context and --dropout to `command`.
void add_model_options(CLI::App& command, ModelChoice& choice);

// The preset with the sizes given, for a vocabulary of `vocab_size` tokens; validated (throws
// std::invalid_argument naming the field at fault).
nn::GPTConfig model_config(const ModelChoice& choice, int64_t vocab_size);

// `choice` with every size that was 0 set to the preset's: what a run records in its config.
ModelChoice resolved(const ModelChoice& choice);

// Every field of `config`, by name.
nlohmann::ordered_json describe(const nn::GPTConfig& config);

}  // namespace buildgpt::cli

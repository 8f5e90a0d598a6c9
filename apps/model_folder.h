// The --model option of the commands that use a trained model: a training run's folder
// (apps/run_folder.h) or a Hugging Face GPT-2 folder, with the tokenizer that goes with it.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autograd/device.h"
#include "nn/gpt.h"
#include "text/tokenizer.h"

namespace buildgpt::cli {

struct LoadedModel {
  std::unique_ptr<nn::GPT> model;  // in evaluation mode
  std::unique_ptr<Tokenizer> tokenizer;
  std::string format;  // "buildgpt" (a training run) or "huggingface"
  int64_t step = 0;    // training steps behind the weights; 0 for a Hugging Face folder
  // The files its tokenizer is read from, each with the name a Hugging Face folder gives it
  // (GPT-2's encoder.json is vocab.json there, vocab.bpe is merges.txt).
  std::vector<std::pair<std::filesystem::path, std::string>> tokenizer_files;
};

// Adds the required --model DIR option.
void add_model_folder_option(CLI::App& command, std::string& folder);

// The model in `folder`, on `device`. A run's newest checkpoint that loads gives the weights; a
// Hugging Face folder's tokenizer is its char_vocab.txt, tokenizer.json, or vocab.json and
// merges.txt, else GPT-2's from the data folder. Throws std::runtime_error naming the folder
// when it is neither kind, and the file and the problem when one does not load.
LoadedModel load_model(const std::filesystem::path& folder, Device device);

}  // namespace buildgpt::cli

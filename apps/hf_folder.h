// Hugging Face GPT-2 folders (config.json + model.safetensors, and the tokenizer's files): the
// one place the command line meets them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "nn/gpt.h"

namespace buildgpt::cli::hf_folder {

// Whether `folder` holds config.json and model.safetensors.
bool holds_model(const std::filesystem::path& folder);
std::unique_ptr<nn::GPT> load(const std::filesystem::path& folder);
void save(const nn::GPT& model, const std::filesystem::path& folder);

// The tokenizer files a Hugging Face folder may hold, as its loaders name them.
inline const std::vector<std::string> kTokenizerFiles = {"tokenizer.json", "vocab.json",
                                                         "merges.txt"};

}  // namespace buildgpt::cli::hf_folder

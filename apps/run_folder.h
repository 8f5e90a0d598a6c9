// The folder of a training run, as `buildgpt train --out DIR` writes it:
//   config.json             the run's options, every one (buildgpt train --config reads it back)
//   checkpoint.safetensors  the newest checkpoint; checkpoint.1.safetensors, ... older ones
//   char_vocab.txt          the vocabulary, when the tokenizer is char
//   log.csv                 one row per step: train loss, validation loss, learning rate, tokens/s
//   loss.png (loss.csv)     the loss curve
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "text/tokenizer.h"

namespace buildgpt::cli::run_folder {

inline std::filesystem::path config(const std::filesystem::path& dir) {
  return dir / "config.json";
}
inline std::filesystem::path checkpoint(const std::filesystem::path& dir) {
  return dir / "checkpoint.safetensors";
}
inline std::filesystem::path char_vocab(const std::filesystem::path& dir) {
  return dir / "char_vocab.txt";
}
inline std::filesystem::path log(const std::filesystem::path& dir) { return dir / "log.csv"; }
inline std::filesystem::path loss_curve(const std::filesystem::path& dir) {
  return dir / "loss.png";
}

// Whether `dir` holds a run's config.json and at least one of its last `keep` checkpoints.
bool holds_run(const std::filesystem::path& dir, int64_t keep);

// The tokenizer named `name` (gpt2, cl100k, char) of a model in `dir`: char reads
// char_vocab.txt there, the others the data folder's tokenizer files.
std::unique_ptr<Tokenizer> tokenizer(const std::filesystem::path& dir, const std::string& name);

}  // namespace buildgpt::cli::run_folder

#include "apps/run_folder.h"

#include "nn/checkpoint_files.h"
#include "text/char_tokenizer.h"
#include "text/load_tokenizer.h"

namespace buildgpt::cli::run_folder {

bool holds_run(const std::filesystem::path& dir, int64_t keep) {
  if (!std::filesystem::is_regular_file(config(dir))) return false;
  for (const std::filesystem::path& file : nn::checkpoint_files(checkpoint(dir), keep)) {
    if (std::filesystem::is_regular_file(file)) return true;
  }
  return false;
}

std::unique_ptr<Tokenizer> tokenizer(const std::filesystem::path& dir, const std::string& name) {
  if (name == "char") return std::make_unique<CharTokenizer>(CharTokenizer::load(char_vocab(dir)));
  return load_tokenizer(name);
}

}  // namespace buildgpt::cli::run_folder

// Loading the published BPE tokenizers by name.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "text/paths.h"
#include "text/tokenizer.h"

namespace buildgpt {

// "gpt2" (encoder.json + vocab.bpe under dir/gpt2/) or "cl100k_base" (also "cl100k";
// dir/cl100k_base.tiktoken). Throws std::runtime_error naming the missing or malformed file and
// how to get it (scripts/fetch_tokenizers.sh).
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& name,
                                          const std::filesystem::path& dir = data_dir() / "tokenizers");

}  // namespace buildgpt

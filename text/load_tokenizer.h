// Loading the published BPE tokenizers by name.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "text/paths.h"
#include "text/tokenizer.h"

namespace buildgpt {

// "gpt2" (encoder.json + vocab.bpe under dir/gpt2/, else dir/gpt2/tokenizer.json) or "cl100k_base"
// (also "cl100k"; dir/cl100k_base.tiktoken). Throws std::runtime_error naming the file and the
// problem: for a missing file, how to get it (scripts/fetch_tokenizers.sh); for an unreadable one,
// the reason; for a malformed one, where and what.
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& name,
                                          const std::filesystem::path& dir = data_dir() /
                                                                             "tokenizers");

}  // namespace buildgpt

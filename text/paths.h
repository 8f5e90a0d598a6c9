// Where downloaded and generated data lives (tokenizer files, corpora, token caches).
#pragma once

#include <filesystem>

namespace buildgpt {

// $BUILDGPT_DATA when set, else the repository's data/ folder (filled by scripts/setup.sh).
std::filesystem::path data_dir();

}  // namespace buildgpt

// Helpers for the text tests: scratch folders and checking what was thrown.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "text/paths.h"

namespace buildgpt::testing {

// A fresh temporary folder for one test, removed with everything in it when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "buildgpt_test_XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create " + pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `contents` to `name` inside the folder and returns its path.
  std::filesystem::path write(const std::string& name, std::string_view contents) const {
    const std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary)
        .write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return p;
  }

  // The names of the files in the folder, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// The contents of a file.
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `body`, which must throw E with a message containing every fragment.
template <typename E, typename Body>
::testing::AssertionResult throws(Body body, const std::vector<std::string>& fragments) {
  try {
    body();
  } catch (const E& e) {
    for (const std::string& f : fragments) {
      if (std::string(e.what()).find(f) == std::string::npos) {
        return ::testing::AssertionFailure() << "\"" << e.what() << "\" lacks \"" << f << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "nothing was thrown";
}

// Where scripts/fetch_tokenizers.sh puts the published tokenizer files.
inline std::filesystem::path tokenizer_dir() { return data_dir() / "tokenizers"; }

inline bool tokenizer_files_present() {
  const std::filesystem::path dir = tokenizer_dir();
  return std::filesystem::exists(dir / "gpt2" / "encoder.json") &&
         std::filesystem::exists(dir / "gpt2" / "vocab.bpe") &&
         std::filesystem::exists(dir / "cl100k_base.tiktoken");
}

#define SKIP_WITHOUT_TOKENIZER_FILES()                                                    \
  if (!::buildgpt::testing::tokenizer_files_present())                                    \
  GTEST_SKIP() << "tokenizer files missing from " << ::buildgpt::testing::tokenizer_dir() \
               << ": run scripts/fetch_tokenizers.sh"

}  // namespace buildgpt::testing

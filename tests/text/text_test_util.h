// Helpers shared by the text/ tests: expected exceptions, scratch files, tokenizer data.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "text/paths.h"

namespace buildgpt::testing {

// `body` throws an Error whose message holds every fragment.
template <typename Error, typename Body>
::testing::AssertionResult throws(Body body, const std::vector<std::string>& fragments) {
  try {
    body();
  } catch (const Error& e) {
    const std::string what = e.what();
    for (const std::string& f : fragments) {
      if (what.find(f) == std::string::npos) {
        return ::testing::AssertionFailure() << "message \"" << what << "\" lacks \"" << f << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "nothing was thrown";
}

// A fresh folder under the system's temporary folder, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("buildgpt_" + std::string(info->test_suite_name()) + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, const std::string& contents) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file;
  }

 private:
  std::filesystem::path path_;
};

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

// Helpers of the nn tests: a scratch folder per test and the path of the committed fixtures.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace buildgpt::testing {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(BUILDGPT_FIXTURES_DIR) / name;
}

// A fresh folder for one test, removed with everything in it when the test ends.
class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = std::filesystem::temp_directory_path() /
          ("buildgpt_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
           std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::filesystem::path dir;
};

}  // namespace buildgpt::testing

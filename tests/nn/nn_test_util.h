// Helpers of the nn tests: a scratch folder per test and the path of the committed fixtures.
#pragma once

#include <gtest/gtest.h>
#include <filesystem>
#include <string>

#include "test_util.h"

namespace buildgpt::testing {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(BUILDGPT_FIXTURES_DIR) / name;
}

// A fresh folder for one test, removed with everything in it when the test ends.
class ScratchDir : public ::testing::Test {
 protected:
  TestFolder folder;
  const std::filesystem::path& dir = folder.path;
};

}  // namespace buildgpt::testing

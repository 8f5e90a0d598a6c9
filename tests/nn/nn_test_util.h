// Helpers of the nn tests: a scratch folder per test and the path of the committed fixtures.
#pragma once

#include <gtest/gtest.h>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "nn/checkpoint.h"
#include "test_util.h"

namespace buildgpt::testing {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(BUILDGPT_FIXTURES_DIR) / name;
}

// Loads the checkpoint `file`, expects every weight to be finite, and returns its step.
inline int64_t load_finite_checkpoint(const std::filesystem::path& file, nn::Module& model,
                                      nn::Optimizer& optimizer,
                                      const std::vector<Generator*>& generators) {
  const int64_t step = nn::load_checkpoint(file, model, optimizer, generators);
  for (const auto& [name, w] : model.state_dict()) {
    for (float v : w.to_vector<float>()) EXPECT_TRUE(std::isfinite(v)) << name;
  }
  return step;
}

// A fresh folder for one test, removed with everything in it when the test ends.
class ScratchDir : public ::testing::Test {
 protected:
  TestFolder folder;
  const std::filesystem::path& dir = folder.path;
};

}  // namespace buildgpt::testing

// Shared by the plot tests: a fresh folder per test, environment overrides, PNG checks.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "plot/gnuplot.h"

namespace buildgpt::plot::testing {

// Sets an environment variable for one scope, restoring the old value after.
class EnvOverride {
 public:
  EnvOverride(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~EnvOverride() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A PNG exists at `path`, starts with the PNG signature and holds more than a blank image.
inline ::testing::AssertionResult is_png(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return ::testing::AssertionFailure() << path << " missing";
  const std::string bytes = read_file(path);
  if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) != 0) {
    return ::testing::AssertionFailure() << path << " lacks the PNG signature";
  }
  if (bytes.size() < 5000) {
    return ::testing::AssertionFailure() << path << " is only " << bytes.size() << " bytes";
  }
  return ::testing::AssertionSuccess();
}

// Each test writes into its own empty folder under the system temp folder, removed after.
class PlotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("buildgpt-plot-test-" + std::string(info->test_suite_name()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Tests that draw need gnuplot; scripts/setup.sh installs it.
  static void require_gnuplot() {
    ASSERT_TRUE(find_gnuplot().has_value())
        << "gnuplot is not on PATH: run scripts/setup.sh (apt-get install gnuplot-nox)";
  }

  std::filesystem::path dir_;
};

}  // namespace buildgpt::plot::testing

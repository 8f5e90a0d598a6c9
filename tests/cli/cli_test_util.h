// Helpers of the command-line tests: running the buildgpt program as a child process, a scratch
// folder with a small text, and a tiny model trained in seconds.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/nn_test_util.h"

namespace buildgpt::testing {

// A buildgpt process started with `args`, its standard output and error going to files.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::filesystem::path& out,
        const std::filesystem::path& err);
  ~Child();  // waits, if wait() was not called
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  // The status waitpid gives.
  int wait();

 private:
  pid_t pid_ = -1;
  bool waited_ = false;
  int status_ = 0;
};

struct Result {
  int rc;           // the exit code, or 128 + the signal that ended the process
  std::string out;  // standard output
  std::string err;  // standard error
  // The standard output parsed as one JSON object (a test failure when it is not).
  nlohmann::json json() const;
};

// What a finished child's status says: its exit code, or 128 + the signal that ended it.
int exit_code(int status);

std::string read_text(const std::filesystem::path& file);

// A scratch folder holding text.txt, a few kilobytes of English; buildgpt runs on one thread.
class CliTest : public ScratchDir {
 protected:
  void SetUp() override;

  // Runs buildgpt with `args` and waits for it.
  Result run(const std::vector<std::string>& args);
  // The arguments of a tiny model's training on text.txt into `out` (char tokenizer, context 16,
  // batch 4, `steps` steps, validation and a checkpoint every 5 steps).
  std::vector<std::string> train_args(const std::filesystem::path& out, int steps);
  // Trains that model (a test failure unless it succeeds) and returns its folder.
  std::filesystem::path trained(const std::string& name = "run", int steps = 10);

  std::filesystem::path text;
};

}  // namespace buildgpt::testing

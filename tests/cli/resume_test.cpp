// Ctrl-C and --resume: the continued run is bit-identical to one never stopped.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "cli_test_util.h"
#include "nn/safetensors.h"

namespace buildgpt::testing {
namespace {

using ResumeTest = CliTest;

// The step, train loss and validation loss columns of a log.csv (not the speed).
std::string losses(const std::filesystem::path& log) {
  std::istringstream lines(read_text(log));
  std::string line, out;
  while (std::getline(lines, line)) {
    size_t cut = 0;
    for (int commas = 0; commas < 3 && cut != std::string::npos; ++commas) {
      cut = line.find(',', cut + 1);
    }
    out += line.substr(0, cut) + "\n";
  }
  return out;
}

TEST_F(ResumeTest, ARunStoppedByCtrlCAndResumedEndsBitIdenticalToOneNeverStopped) {
  constexpr int kSteps = 200;
  // Dropout, so the resumed run also needs the generator's state back.
  auto args = [&](const std::string& name) {
    std::vector<std::string> a = train_args(dir / name, kSteps);
    a.insert(a.end(), {"--dropout", "0.1", "--eval-every", "100", "--checkpoint-every", "1000"});
    return a;
  };
  const Result straight = run(args("straight"));
  ASSERT_EQ(straight.rc, 0) << straight.err;

  int status = 0;
  {
    Child child(args("stopped"), dir / "out.txt", dir / "err.txt");
    // Ctrl-C once a few steps are logged.
    const std::filesystem::path log = dir / "stopped" / "log.csv";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto rows = [&] {
      const std::string s = read_text(log);
      return std::count(s.begin(), s.end(), '\n');
    };
    while (rows() < 4 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(child.pid(), SIGINT);
    status = child.wait();
  }
  const std::string err = read_text(dir / "err.txt");
  ASSERT_EQ(exit_code(status), 130) << err;
  EXPECT_NE(err.find("continue with: buildgpt train --resume"), std::string::npos) << err;
  const int stopped_at = std::stoi(
      nn::load_safetensors(dir / "stopped" / "checkpoint.safetensors").metadata.at("step"));
  EXPECT_GE(stopped_at, 3);
  EXPECT_LT(stopped_at, kSteps);

  const Result resumed = run({"train", "--resume", (dir / "stopped").string(), "--json"});
  ASSERT_EQ(resumed.rc, 0) << resumed.err;
  EXPECT_EQ(resumed.json()["step"], kSteps);
  EXPECT_EQ(read_text(dir / "stopped" / "checkpoint.safetensors"),
            read_text(dir / "straight" / "checkpoint.safetensors"));
  EXPECT_EQ(losses(dir / "stopped" / "log.csv"), losses(dir / "straight" / "log.csv"));
}

TEST_F(ResumeTest, MoreStepsContinueAFinishedRun) {
  const std::filesystem::path out = trained("run", 5);
  const Result more = run({"train", "--resume", out.string(), "--steps", "8", "--json"});
  ASSERT_EQ(more.rc, 0) << more.err;
  EXPECT_EQ(more.json()["step"], 8);
  const Result done = run({"train", "--resume", out.string()});
  EXPECT_EQ(done.rc, 2);
  EXPECT_NE(done.err.find("at step 8 already"), std::string::npos) << done.err;
}

}  // namespace
}  // namespace buildgpt::testing

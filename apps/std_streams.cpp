#include "apps/std_streams.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "io/file_error.h"
#include "io/read_file.h"

namespace buildgpt::cli {
namespace {

bool stdin_closed = false;
const OutputFile* standard_output = nullptr;

// Whether `fd` was closed when the program started; if so, /dev/null takes its number, so a file
// opened later cannot become the program's standard input or output by accident.
bool closed_and_reserved(int fd) {
  if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) return false;
  const int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
  if (null >= 0 && null != fd) {
    ::dup2(null, fd);
    ::close(null);
  }
  return true;
}

// Descriptor 1, or -1 (every write fails with EBADF) when it was closed.
int stdout_fd() {
  stdin_closed = closed_and_reserved(STDIN_FILENO);
  const bool stdout_closed = closed_and_reserved(STDOUT_FILENO);
  closed_and_reserved(STDERR_FILENO);
  ::signal(SIGXFSZ, SIG_IGN);
  ::signal(SIGPIPE, SIG_IGN);
  return stdout_closed ? -1 : STDOUT_FILENO;
}

}  // namespace

StandardStreams::StandardStreams()
    : out_(stdout_fd(), "standard output"), previous_(std::cout.rdbuf(out_.rdbuf())) {
  standard_output = &out_;
}

StandardStreams::~StandardStreams() {
  std::cout.rdbuf(previous_);
  standard_output = nullptr;
}

int StandardStreams::finish(int exit_code, std::string_view program) {
  try {
    out_.close();
  } catch (const FileError& e) {
    if (exit_code != 0) return exit_code;
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

void check_standard_output() {
  if (standard_output) standard_output->check();
}

std::string read_standard_input() {
  return read_all(stdin_closed ? -1 : STDIN_FILENO, "standard input");
}

}  // namespace buildgpt::cli

// The program's standard streams, made safe to use: a closed descriptor is noticed (and its
// number kept from being reused by the next file opened), standard output goes through a stream
// that keeps the reason of a failed write, and a file-size limit or a pipe whose reader has gone
// makes writes fail instead of killing the process.
#pragma once

#include <streambuf>
#include <string>
#include <string_view>

#include "io/output_file.h"

namespace buildgpt::cli {

class StandardStreams {
 public:
  // Checks descriptors 0, 1 and 2, ignores SIGXFSZ and SIGPIPE, and routes std::cout through a
  // checked stream on descriptor 1. One object, for the life of main().
  StandardStreams();
  ~StandardStreams();
  StandardStreams(const StandardStreams&) = delete;
  StandardStreams& operator=(const StandardStreams&) = delete;

  // Flushes and closes standard output. When a write, the flush or the close failed, prints
  // "<program>: standard output: <reason>" to standard error and returns 1; when `exit_code`
  // already says failure, the failure has been reported and it is returned as it is.
  int finish(int exit_code, std::string_view program);

 private:
  OutputFile out_;
  std::streambuf* previous_;
};

// Throws FileError with the reason when a write to standard output has failed so far: for a
// command that writes as it goes, to stop as soon as its output cannot be written.
void check_standard_output();

// The bytes of standard input. Throws FileError with the reason when it cannot be read ("Bad
// file descriptor" when the program was started with it closed).
std::string read_standard_input();

}  // namespace buildgpt::cli

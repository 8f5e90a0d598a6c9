// The error every reader and writer of io/ throws: a message that names the file and the reason.
#pragma once

#include <stdexcept>
#include <string>

namespace buildgpt {

class FileError : public std::runtime_error {
 public:
  // "<name>: <what>", and the errno value behind it (0 when no system call failed).
  FileError(const std::string& name, const std::string& what, int code = 0)
      : std::runtime_error(name + ": " + what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The system's text for an errno value ("No space left on device"), with the limit named for
// EFBIG, which a file-size limit (ulimit -f) causes.
std::string reason(int code);

}  // namespace buildgpt

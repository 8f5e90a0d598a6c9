#include "io/file_error.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace buildgpt {

std::string reason(int code) {
  std::string text = std::strerror(code);
  rlimit limit{};
  if (code == EFBIG && ::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    text += " (the file size limit, ulimit -f, is " + std::to_string(limit.rlim_cur) + " bytes)";
  }
  return text;
}

}  // namespace buildgpt

#include "plot/temp_file.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace buildgpt::plot {

TempFile::TempFile(const std::string& prefix, const std::string& suffix) {
  const std::string pattern =
      (std::filesystem::temp_directory_path() / (prefix + "XXXXXX" + suffix)).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkstemps(name.data(), static_cast<int>(suffix.size()));
  if (fd < 0) {
    throw std::runtime_error("plot: cannot create a temporary file " + pattern + ": " +
                             std::strerror(errno));
  }
  close(fd);
  path_ = name.data();
}

TempFile::~TempFile() {
  std::error_code ignored;  // already gone is fine
  std::filesystem::remove(path_, ignored);
}

}  // namespace buildgpt::plot

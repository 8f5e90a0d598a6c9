#include "text/atomic_file.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace buildgpt {

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write) {
  // The process id keeps two programs writing the same file from sharing a temporary file.
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error(path.string() + ": cannot create " + tmp.string());
      write(out);
      out.flush();
      if (!out) throw std::runtime_error(path.string() + ": write failed (disk full?)");
    }
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
}

}  // namespace buildgpt

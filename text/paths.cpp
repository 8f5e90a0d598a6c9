#include "text/paths.h"

#include <cstdlib>

namespace buildgpt {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("BUILDGPT_DATA"); env && *env) return env;
  return std::filesystem::path(BUILDGPT_SOURCE_DIR) / "data";
}

}  // namespace buildgpt

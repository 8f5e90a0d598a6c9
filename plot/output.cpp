#include "plot/output.h"

#include <stdexcept>
#include <string>

namespace buildgpt::plot {

std::filesystem::path output_dir(std::string_view lesson) {
  const std::filesystem::path name(lesson);
  if (lesson.empty() || name.has_root_path() || name.has_parent_path() || lesson == "." ||
      lesson == "..") {
    throw std::invalid_argument(
        "plot: output_dir needs a lesson name such as \"01_model1\", got \"" + std::string(lesson) +
        "\"");
  }
  const std::filesystem::path dir = std::filesystem::path("out") / name;
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace buildgpt::plot

// Where a lesson's pictures go.
#pragma once

#include <filesystem>
#include <string_view>

namespace buildgpt::plot {

// out/<lesson>/ under the working directory, created if missing: output_dir("01_model1").
std::filesystem::path output_dir(std::string_view lesson);

}  // namespace buildgpt::plot

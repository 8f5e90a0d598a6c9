// Finding and running gnuplot.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace buildgpt::plot {

// $BUILDGPT_GNUPLOT when set and not empty, else "gnuplot".
std::string gnuplot_program();

// gnuplot_program() as an executable path: looked up on PATH unless it contains a '/'.
std::optional<std::filesystem::path> find_gnuplot();

// Runs `gnuplot script`. Throws std::runtime_error with gnuplot's messages when it exits with a
// failure status or leaves no `png`; messages from a run that succeeded go to stderr.
void run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script,
                 const std::filesystem::path& png);

}  // namespace buildgpt::plot

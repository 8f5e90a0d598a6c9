// The gnuplot script that draws a figure, written through gnuplot-iostream with its data inline.
#pragma once

#include <filesystem>
#include <string>

namespace buildgpt::plot {

class Figure;

// A gnuplot string literal showing `text` as it is (no enhanced-text markup, no escapes).
std::string gnuplot_quote(const std::string& text);

// Writes to `script` the commands and data that draw `figure` into `png`: pngcairo when gnuplot
// has it, else png.
void write_script(const Figure& figure, const std::filesystem::path& png,
                  const std::filesystem::path& script);

}  // namespace buildgpt::plot

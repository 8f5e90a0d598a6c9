// The command-line options the whole-step benchmarks share (bench/gpt_train_step.cpp,
// bench/train/gpt2_train_step.cpp), parsed by CLI11.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdlib>

namespace buildgpt::bench {

// --steps (timed) and --warmup (run first, untimed), both positive.
template <typename Count>
void add_step_options(CLI::App& app, Count& steps, Count& warmup) {
  app.add_option("--steps", steps, "timed steps")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--warmup", warmup, "untimed steps first")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

// Parses the command line; --help prints the options and exits 0, a mistake is named on stderr
// and exits 2, as the command line's programs do.
inline void parse_or_exit(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e) == 0 ? 0 : 2);
  }
}

}  // namespace buildgpt::bench

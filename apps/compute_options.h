// The --device and --threads options of the commands that run a model.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "autograd/device.h"

namespace buildgpt::cli {

struct ComputeOptions {
  std::string device = "cpu";  // cpu or cuda
  int threads = 0;             // 0: one per core
};

void add_compute_options(CLI::App& command, ComputeOptions& options);

// Sets the number of threads and returns the device.
Device apply(const ComputeOptions& options);

}  // namespace buildgpt::cli

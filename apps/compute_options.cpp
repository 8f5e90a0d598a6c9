#include "apps/compute_options.h"

#include <omp.h>

namespace buildgpt::cli {

void add_compute_options(CLI::App& command, ComputeOptions& options) {
  command.add_option("--device", options.device, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}));
  command.add_option("--threads", options.threads, "CPU threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
}

Device apply(const ComputeOptions& options) {
  if (options.threads > 0) omp_set_num_threads(options.threads);
  return options.device == "cuda" ? Device::cuda() : Device::cpu();
}

}  // namespace buildgpt::cli

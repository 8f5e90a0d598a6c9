#include "measure.h"

#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "autograd/cpu/allocator.h"
#include "nn/adamw.h"
#include "nn/gpt.h"

namespace buildgpt::lessons {
namespace {

constexpr int64_t kVocab = 256;
constexpr int kSteps = 4;

// A field of /proc/self/status in bytes ("VmHWM:  1234 kB").
double proc_status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) return 1024.0 * std::stod(line.substr(field.size() + 1));
  }
  throw std::runtime_error("no " + field + " in /proc/self/status");
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

nn::GPTConfig lesson_config(int64_t layers, bool checkpointed, bool quick) {
  nn::GPTConfig c;
  c.vocab_size = kVocab;
  c.context = quick ? 32 : 128;
  c.width = quick ? 32 : 64;
  c.heads = quick ? 2 : 4;
  c.layers = layers;
  c.checkpoint_blocks = checkpointed;
  return c;
}

int64_t lesson_batch(bool quick) { return quick ? 4 : 8; }

MeasuredTraining measure_in_child(int64_t layers, bool checkpointed, bool quick) {
  const std::string command = quoted(std::filesystem::read_symlink("/proc/self/exe").string()) +
                              " --measure-child " + std::to_string(layers) + " " +
                              (checkpointed ? "1" : "0") + " " + (quick ? "1" : "0");
  std::FILE* child = ::popen(command.c_str(), "r");
  if (!child) throw std::runtime_error("cannot run " + command);
  MeasuredTraining m;
  const int read =
      std::fscanf(child, "%lf %lf %lf", &m.allocator_peak, &m.resident_peak, &m.step_seconds);
  const int status = ::pclose(child);
  if (read != 3 || status != 0) {
    throw std::runtime_error("the measurement " + command + " failed (exit status " +
                             std::to_string(status) + ")");
  }
  return m;
}

int run_measure_child(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s --measure-child LAYERS CHECKPOINTED QUICK\n", argv[0]);
    return 2;
  }
  const bool quick = std::string(argv[4]) == "1";
  const nn::GPTConfig config =
      lesson_config(std::stoll(argv[2]), std::string(argv[3]) == "1", quick);
  omp_set_num_threads(1);
  const double resident_start = proc_status_bytes("VmRSS");
  cpu_allocator_reset_peak();
  const size_t allocated_start = cpu_allocator_stats().allocated_bytes;

  Generator gen(1);
  nn::GPT model(config, &gen);
  nn::AdamW optimizer(model.parameters());
  const Tensor ids = randint(0, config.vocab_size, {lesson_batch(quick), config.context + 1}, &gen);
  const Tensor inputs = ids.narrow(1, 0, config.context),
               targets = ids.narrow(1, 1, config.context);
  std::vector<double> seconds;
  for (int step = 0; step < kSteps; ++step) {
    const std::clock_t start = std::clock();
    optimizer.zero_grad();
    cross_entropy(model(inputs), targets).backward();
    optimizer.step();
    seconds.push_back(static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC);
  }
  seconds.erase(seconds.begin());  // the first step also makes AdamW's state
  std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
  std::printf("%.0f %.0f %.6f\n",
              static_cast<double>(cpu_allocator_stats().peak_allocated_bytes - allocated_start),
              proc_status_bytes("VmHWM") - resident_start, seconds[seconds.size() / 2]);
  return 0;
}

}  // namespace buildgpt::lessons

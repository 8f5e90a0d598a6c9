// Fuzzes restoring a training checkpoint into a small model and AdamW. The input is read as a
// safetensors file whose checksum is then set right, so the fuzzer reaches the checks behind it
// (format, step, generator states, optimizer state); an accepted checkpoint has a step >= 0.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "memory_file.h"
#include "nn/adamw.h"
#include "nn/checkpoint.h"
#include "nn/layers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const buildgpt::fuzz::MemoryFile file;
  using namespace buildgpt;
  nn::SafetensorsContents contents;
  try {
    contents = nn::load_safetensors(file.hold(data, size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  contents.metadata["checksum"] = nn::checkpoint_checksum(contents.tensors, contents.metadata);
  Generator gen(1);
  nn::Linear model(3, 2, true, &gen);
  nn::AdamW optimizer(model.parameters());
  try {
    const int64_t step = nn::restore_checkpoint(contents, "input", model, optimizer, {&gen});
    if (step < 0) std::abort();
  } catch (const std::exception&) {  // runtime_error: a bad file; invalid_argument: a misfit
  }
  return 0;
}

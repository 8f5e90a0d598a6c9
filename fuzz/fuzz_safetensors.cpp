// Fuzzes reading a safetensors file. A file the reader accepts must hold tensors whose elements
// fit in it (each takes at least a byte; F16 and BF16 ones are widened to float32 as they are
// read), with no name twice.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "memory_file.h"
#include "nn/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const buildgpt::fuzz::MemoryFile file;
  try {
    const auto contents = buildgpt::nn::load_safetensors(file.hold(data, size));
    std::set<std::string> names;
    size_t elements = 0;
    for (const auto& [name, t] : contents.tensors) {
      if (!names.insert(name).second) std::abort();
      elements += static_cast<size_t>(t.numel());
    }
    if (elements > size) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}

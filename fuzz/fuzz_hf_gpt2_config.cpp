// Fuzzes reading a Hugging Face GPT-2 config.json. A config the reader accepts must be one a GPT
// can be built from, and must come back the same from the config.json written for it.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "memory_file.h"
#include "nn/hf_gpt2.h"
#include "nn/hf_gpt2_config.h"

namespace {

bool same(const buildgpt::nn::GPTConfig& a, const buildgpt::nn::GPTConfig& b) {
  return a.vocab_size == b.vocab_size && a.context == b.context && a.width == b.width &&
         a.heads == b.heads && a.layers == b.layers && a.gelu == b.gelu &&
         a.layer_norm_eps == b.layer_norm_eps && a.dropout == b.dropout &&
         a.tied_output == b.tied_output;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const buildgpt::fuzz::MemoryFile file;
  buildgpt::nn::GPTConfig config;
  try {
    config = buildgpt::nn::read_hf_gpt2_config(file.hold(data, size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  try {
    config.validate();
  } catch (const std::invalid_argument&) {
    std::abort();  // accepted, yet no GPT can be built from it
  }
  const std::string written = buildgpt::nn::hf_gpt2_config_json(config).dump();
  const auto& bytes = reinterpret_cast<const uint8_t*>(written.data());
  if (!same(buildgpt::nn::read_hf_gpt2_config(file.hold(bytes, written.size())), config)) {
    std::abort();
  }
  return 0;
}

// Fuzzes reading a Hugging Face tokenizer.json. A file the reader accepts must give a tokenizer
// that round-trips text.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "text/gpt2_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto tok = buildgpt::gpt2_tokenizer_from_hf_json(
        std::string_view(reinterpret_cast<const char*>(data), size));
    const std::string_view text = "Hello world's 123 \xFF<|endoftext|>";
    if (tok->decode_bytes(tok->encode(text, true)) != text) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}

// Fuzzes reading encoder.json + vocab.bpe: the input is the two files separated by a NUL byte.
// A file the reader accepts must give a tokenizer that round-trips text.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "text/gpt2_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  try {
    const auto tok = buildgpt::gpt2_tokenizer(input.substr(0, nul), input.substr(nul + 1));
    const std::string_view text = "Hello world's 123 \xFF<|endoftext|>";
    if (tok->decode_bytes(tok->encode(text, true)) != text) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}

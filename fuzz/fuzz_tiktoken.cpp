// Fuzzes reading a .tiktoken file. Ranks the reader accepts must be dense and non-empty.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "text/tiktoken_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto ranks = buildgpt::parse_tiktoken(
        std::string_view(reinterpret_cast<const char*>(data), size), "input");
    for (const std::string& token : ranks) {
      if (token.empty()) std::abort();
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}

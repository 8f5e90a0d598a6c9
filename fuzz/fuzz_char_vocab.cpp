// Fuzzes reading a character vocabulary (CharTokenizer::save's format). An accepted vocabulary
// must encode and decode its own code points exactly.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "text/char_tokenizer.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace buildgpt;
  try {
    const CharTokenizer tok =
        CharTokenizer::parse(std::string_view(reinterpret_cast<const char*>(data), size), "input");
    std::string text;
    for (const char32_t cp : tok.code_points()) append_utf8(text, cp);
    if (tok.decode_bytes(tok.encode(text)) != text) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}

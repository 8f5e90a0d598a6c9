// Fuzzes encoding with the published GPT-2 and cl100k_base tokenizers (from
// scripts/fetch_tokenizers.sh): any bytes must come back exactly from decode_bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/load_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto gpt2 = buildgpt::load_tokenizer("gpt2");
  static const auto cl100k = buildgpt::load_tokenizer("cl100k_base");
  if (size == 0) return 0;
  const bool allow_special = data[0] & 1;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (const auto* tok : {gpt2.get(), cl100k.get()}) {
    if (tok->decode_bytes(tok->encode(text, allow_special)) != text) std::abort();
  }
  return 0;
}

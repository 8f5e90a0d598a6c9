// Fuzzes checking a token cache file against the text and tokenizer it should match. The ids'
// checksum in the header is set right first, so the fuzzer reaches the checks behind it; a cache
// that passes must hold only ids inside the vocabulary.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "text/token_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace buildgpt;
  constexpr size_t kHeader = 80, kIdsChecksumAt = 72;
  std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(data),
                               reinterpret_cast<const std::byte*>(data) + size);
  if (bytes.size() >= kHeader) {
    const uint64_t sum = fnv1a64(std::span(bytes).subspan(kHeader));
    std::memcpy(bytes.data() + kIdsChecksumAt, &sum, sizeof sum);
  }
  const TokenCacheKey key{"char", 40, 0x1234567890abcdefULL};
  if (!token_cache_problem(bytes, key)) {
    for (size_t at = kHeader; at + 4 <= bytes.size(); at += 4) {
      uint32_t id;
      std::memcpy(&id, bytes.data() + at, sizeof id);
      if (id >= key.vocab_size) std::abort();
    }
  }
  return 0;
}

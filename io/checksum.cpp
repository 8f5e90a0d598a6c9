#include "io/checksum.h"

namespace buildgpt {

Fnv1a64& Fnv1a64::update(std::span<const std::byte> bytes) {
  uint64_t hash = hash_;
  for (const std::byte b : bytes) {
    hash ^= static_cast<uint64_t>(b);
    hash *= 0x100000001b3ULL;
  }
  hash_ = hash;
  return *this;
}

uint64_t fnv1a64(std::span<const std::byte> bytes) { return Fnv1a64().update(bytes).value(); }

}  // namespace buildgpt

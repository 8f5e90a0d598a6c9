// FNV-1a, 64-bit: a fast checksum that notices any changed, added or removed byte. Not a
// defence against deliberate forgery, only against damage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace buildgpt {

// The checksum of bytes given in pieces: the same as fnv1a64 of their concatenation.
class Fnv1a64 {
 public:
  Fnv1a64& update(std::span<const std::byte> bytes);
  Fnv1a64& update(std::string_view text) { return update(std::as_bytes(std::span(text))); }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

uint64_t fnv1a64(std::span<const std::byte> bytes);

}  // namespace buildgpt

// Tokenised corpora cached beside their text, so a corpus is tokenised once, not on every run.
//
// The cache of corpus.txt under tokenizer "gpt2" is corpus.txt.gpt2.tokens, laid out as (native
// byte order, every field fixed size):
//   offset  0  char[8]   magic "BGPTTOK\n"
//           8  uint32    format version, kTokenCacheVersion
//          12  uint32    bytes per id, 4
//          16  char[32]  tokenizer name, zero padded
//          48  uint64    vocabulary size
//          56  uint64    token count
//          64  uint64    FNV-1a 64 checksum of the source text's bytes
//          72  uint64    FNV-1a 64 checksum of the ids' bytes
//          80  uint32[token count]  the ids
#pragma once

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/checksum.h"
#include "text/tokenizer.h"

namespace buildgpt {

inline constexpr uint32_t kTokenCacheVersion = 1;

// What a cache must match: the tokenizer's name and vocabulary size, and the text's checksum
// (fnv1a64 of its bytes).
struct TokenCacheKey {
  std::string tokenizer;
  uint64_t vocab_size;
  uint64_t text_checksum;
};

// Why `bytes` are not a valid cache for `expected` (truncated, bad magic or version, another
// tokenizer or text, a wrong count or checksum, an id outside the vocabulary), or nullopt when
// they are.
std::optional<std::string> token_cache_problem(std::span<const std::byte> bytes,
                                               const TokenCacheKey& expected);

// Where the cache of `text_path` under `tokenizer_name` lives.
std::filesystem::path token_cache_path(const std::filesystem::path& text_path,
                                       std::string_view tokenizer_name);

// A token cache, read into memory.
class TokenCache {
 public:
  // The ids of the text at `text_path` encoded by `tokenizer` (special tokens allowed, so a
  // corpus's <|endoftext|> separators become the special token). Uses the cache when it matches
  // the text and the tokenizer; builds it when it is missing; when it is stale (the text, the
  // tokenizer's name or vocabulary size changed) or corrupt (bad magic or version, truncated, a
  // wrong count or checksum, an id outside the vocabulary), writes one line saying why to `report`
  // and rebuilds it. The cache is written atomically. Throws std::runtime_error naming the file
  // for an unreadable text or a cache that cannot be written.
  static TokenCache load_or_build(const std::filesystem::path& text_path,
                                  const Tokenizer& tokenizer, std::ostream& report = std::cerr);

  std::span<const uint32_t> ids() const { return ids_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  // `bytes` must be a valid cache.
  TokenCache(std::filesystem::path path, std::string_view bytes);

  std::filesystem::path path_;
  std::vector<uint32_t> ids_;
};

}  // namespace buildgpt

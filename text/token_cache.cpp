#include "text/token_cache.h"

#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "io/read_file.h"
#include "text/corpus.h"

namespace buildgpt {
namespace {

constexpr char kMagic[8] = {'B', 'G', 'P', 'T', 'T', 'O', 'K', '\n'};
constexpr size_t kNameSize = 32;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t id_bytes;
  char tokenizer[kNameSize];
  uint64_t vocab_size;
  uint64_t token_count;
  uint64_t text_checksum;
  uint64_t ids_checksum;
};
static_assert(sizeof(Header) == 80, "the header layout is part of the file format");

}  // namespace

std::optional<std::string> token_cache_problem(std::span<const std::byte> bytes,
                                               const TokenCacheKey& expected) {
  if (bytes.size() < sizeof(Header)) {
    return "truncated: " + std::to_string(bytes.size()) + " bytes, shorter than the header";
  }
  Header h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    return std::string("not a token cache (bad magic)");
  if (h.version != kTokenCacheVersion || h.id_bytes != sizeof(uint32_t)) {
    return "format version " + std::to_string(h.version) + ", expected " +
           std::to_string(kTokenCacheVersion);
  }
  const std::string_view name(h.tokenizer, strnlen(h.tokenizer, kNameSize));
  if (name != expected.tokenizer) {
    return "built by tokenizer \"" + std::string(name) + "\", not \"" +
           std::string(expected.tokenizer) + "\"";
  }
  if (h.vocab_size != expected.vocab_size) {
    return "vocabulary size " + std::to_string(h.vocab_size) + ", the tokenizer has " +
           std::to_string(expected.vocab_size);
  }
  if (h.text_checksum != expected.text_checksum) return std::string("the text has changed");
  const uint64_t id_bytes = bytes.size() - sizeof(Header);
  if (h.token_count > id_bytes / sizeof(uint32_t) || id_bytes != h.token_count * sizeof(uint32_t)) {
    return "the header promises " + std::to_string(h.token_count) + " ids, the file holds " +
           std::to_string(id_bytes) + " bytes of ids";
  }
  const auto payload = bytes.subspan(sizeof(Header));
  if (fnv1a64(payload) != h.ids_checksum) return std::string("the ids' checksum does not match");
  for (uint64_t i = 0; i < h.token_count; ++i) {
    uint32_t id;  // copied: the bytes need not be aligned for uint32_t
    std::memcpy(&id, payload.data() + i * sizeof id, sizeof id);
    if (id >= h.vocab_size) return "id " + std::to_string(id) + " is outside the vocabulary";
  }
  return std::nullopt;
}

namespace {

void write_cache(const std::filesystem::path& path, const TokenCacheKey& expected,
                 const std::vector<int64_t>& encoded) {
  std::vector<uint32_t> ids(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] < 0 || static_cast<uint64_t>(encoded[i]) >= expected.vocab_size) {
      throw std::runtime_error(path.string() + ": tokenizer \"" + std::string(expected.tokenizer) +
                               "\" produced id " + std::to_string(encoded[i]) +
                               " outside its vocabulary of " + std::to_string(expected.vocab_size));
    }
    ids[i] = static_cast<uint32_t>(encoded[i]);
  }
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kTokenCacheVersion;
  h.id_bytes = sizeof(uint32_t);
  std::memcpy(h.tokenizer, expected.tokenizer.data(), expected.tokenizer.size());
  h.vocab_size = expected.vocab_size;
  h.token_count = ids.size();
  h.text_checksum = expected.text_checksum;
  h.ids_checksum = fnv1a64(std::as_bytes(std::span(ids)));
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    out.write(reinterpret_cast<const char*>(ids.data()),
              static_cast<std::streamsize>(ids.size() * sizeof(uint32_t)));
  });
}

}  // namespace

std::filesystem::path token_cache_path(const std::filesystem::path& text_path,
                                       std::string_view tokenizer_name) {
  std::filesystem::path p = text_path;
  p += ".";
  p += tokenizer_name;
  p += ".tokens";
  return p;
}

TokenCache TokenCache::load_or_build(const std::filesystem::path& text_path,
                                     const Tokenizer& tokenizer, std::ostream& report) {
  const std::string name = tokenizer.name();
  if (name.empty() || name.size() > kNameSize) {
    throw std::invalid_argument("TokenCache: tokenizer name \"" + name + "\" must have 1 to " +
                                std::to_string(kNameSize) + " bytes");
  }
  const std::string text = read_text_file(text_path);
  const TokenCacheKey expected{name, static_cast<uint64_t>(tokenizer.vocab_size()),
                               fnv1a64(std::as_bytes(std::span(text)))};
  const std::filesystem::path path = token_cache_path(text_path, name);

  // Read, not mapped: a file changed by another program after this has no effect, and one
  // changed during the read fails the checks.
  if (std::filesystem::exists(path)) {
    const std::string bytes = read_file(path);
    const std::optional<std::string> why =
        token_cache_problem(std::as_bytes(std::span(bytes)), expected);
    if (!why) return TokenCache(path, bytes);
    report << "token cache " << path.string() << ": " << *why << "; rebuilding\n";
  }
  write_cache(path, expected, tokenizer.encode(text, /*allow_special=*/true));
  const std::string bytes = read_file(path);
  if (const std::optional<std::string> why =
          token_cache_problem(std::as_bytes(std::span(bytes)), expected)) {
    throw std::runtime_error(path.string() + ": the cache just written is invalid: " + *why);
  }
  return TokenCache(path, bytes);
}

TokenCache::TokenCache(std::filesystem::path path, std::string_view bytes)
    : path_(std::move(path)), ids_((bytes.size() - sizeof(Header)) / sizeof(uint32_t)) {
  std::memcpy(ids_.data(), bytes.data() + sizeof(Header), ids_.size() * sizeof(uint32_t));
}

}  // namespace buildgpt

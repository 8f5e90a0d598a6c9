#include "text/tiktoken_tokenizer.h"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "io/excerpt.h"
#include "text/bpe.h"

namespace buildgpt {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& problem) {
  throw std::runtime_error(where + ": " + problem);
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding; nullopt when `text` is not exactly that.
std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  const size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  std::string bytes;
  uint32_t bits = 0;
  int count = 0;
  for (size_t i = 0; i < text.size() - padding; ++i) {
    const int v = base64_value(text[i]);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      bytes += static_cast<char>(bits >> 16);
      bytes += static_cast<char>(bits >> 8);
      bytes += static_cast<char>(bits);
      bits = 0, count = 0;
    }
  }
  if (count == 2) {  // "xx==": one byte; the last 4 bits must be zero
    if (bits & 0xF) return std::nullopt;
    bytes += static_cast<char>(bits >> 4);
  } else if (count == 3) {  // "xxx=": two bytes; the last 2 bits must be zero
    if (bits & 0x3) return std::nullopt;
    bytes += static_cast<char>(bits >> 10);
    bytes += static_cast<char>(bits >> 2);
  }
  return bytes;
}

}  // namespace

std::vector<std::string> parse_tiktoken(std::string_view contents, const std::string& name) {
  if (contents.empty()) fail(name, "the file is empty");
  std::vector<std::pair<uint32_t, std::string>> entries;  // rank, token
  std::unordered_map<uint32_t, size_t> line_of_rank;
  std::unordered_map<std::string, size_t> line_of_token;
  size_t line_number = 0;
  while (!contents.empty()) {
    const size_t eol = contents.find('\n');
    std::string_view line = contents.substr(0, eol);
    contents.remove_prefix(eol == std::string_view::npos ? contents.size() : eol + 1);
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    const std::string where = name + " line " + std::to_string(line_number);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) fail(where, "expected \"<base64 token> <rank>\"");
    std::optional<std::string> token = decode_base64(line.substr(0, space));
    if (!token) fail(where, quoted_excerpt(line.substr(0, space)) + " is not valid base64");
    const std::string_view rank_text = line.substr(space + 1);
    uint32_t rank = 0;
    const auto [end, error] =
        std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
    if (rank_text.empty() || error != std::errc() || end != rank_text.data() + rank_text.size() ||
        rank >= (1u << 30)) {
      fail(where, "rank " + quoted_excerpt(rank_text) + " is not an integer in [0, 2^30)");
    }
    if (const auto [it, fresh] = line_of_rank.try_emplace(rank, line_number); !fresh) {
      fail(where, "rank " + std::to_string(rank) + " was given already on line " +
                      std::to_string(it->second));
    }
    if (const auto [it, fresh] = line_of_token.try_emplace(*token, line_number); !fresh) {
      fail(where, "the token was given already on line " + std::to_string(it->second));
    }
    entries.emplace_back(rank, std::move(*token));
  }
  if (entries.empty()) fail(name, "there are no ranks");
  // Distinct ranks, as many as entries: they run from 0 without gaps when all are below the count.
  for (uint32_t rank = 0; rank < entries.size(); ++rank) {
    if (!line_of_rank.contains(rank)) fail(name, "rank " + std::to_string(rank) + " is missing");
  }
  std::vector<std::string> ranks(entries.size());
  for (auto& [rank, token] : entries) ranks[rank] = std::move(token);
  return ranks;
}

std::unique_ptr<Tokenizer> cl100k_base_tokenizer(std::vector<std::string> ranks,
                                                 const std::string& name) {
  constexpr size_t kRanks = 100256;
  if (ranks.size() != kRanks) {
    fail(name, std::to_string(ranks.size()) + " ranks where cl100k_base has " +
                   std::to_string(kRanks) + "; is the file truncated?");
  }
  BpeVocabulary vocabulary{std::move(ranks),
                           {},
                           {{"<|endoftext|>", 100257},
                            {"<|fim_prefix|>", 100258},
                            {"<|fim_middle|>", 100259},
                            {"<|fim_suffix|>", 100260},
                            {"<|endofprompt|>", 100276}}};
  try {
    return std::make_unique<BpeTokenizer>("cl100k_base", std::string(kCl100kPattern),
                                          std::move(vocabulary));
  } catch (const std::invalid_argument& e) {
    fail(name, e.what());
  }
}

}  // namespace buildgpt

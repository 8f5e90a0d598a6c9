// Byte-level byte-pair encoding (BPE), the engine behind the GPT-2 and cl100k_base tokenizers.
//
// Text is split into pieces by a regex (Pretokenizer); each piece starts as one part per byte and
// adjacent parts are merged, the pair of lowest rank first (leftmost on ties), until no adjacent
// pair can merge. Each final part is a token of the vocabulary.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/pretokenizer.h"
#include "text/tokenizer.h"

namespace buildgpt {

struct BpeVocabulary {
  // The bytes of each id. An empty string marks an id without a token (the ids of `specials` and
  // gaps). Every single byte must be a token.
  std::vector<std::string> tokens;
  // GPT-2 style: the merges (left id, right id), by rank; the bytes of left and right joined must
  // be a token. Empty: tiktoken style, where two adjacent parts merge when their bytes joined are a
  // token, rank = its id, and a piece that is a token as a whole is that token.
  std::vector<std::pair<int64_t, int64_t>> merges;
  // Special tokens: text and id.
  std::vector<std::pair<std::string, int64_t>> specials;
};

class BpeTokenizer final : public Tokenizer {
 public:
  // Throws std::invalid_argument when the vocabulary breaks the rules above.
  BpeTokenizer(std::string name, const std::string& pattern, BpeVocabulary vocabulary);

  std::string name() const override { return name_; }
  int64_t vocab_size() const override { return static_cast<int64_t>(tokens_.size()); }
  std::vector<int64_t> encode(std::string_view text, bool allow_special = false) const override;
  std::string decode_bytes(const std::vector<int64_t>& ids) const override;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename Value>
  using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

  static constexpr uint32_t kNoMerge = UINT32_MAX;
  struct Token {
    int64_t id;
    uint32_t rank = kNoMerge;  // of the merge that makes it
    uint32_t left_size = 0;    // bytes of the merge's left part; 0: any split (tiktoken style)
  };

  void encode_ordinary(std::string_view text, std::vector<int64_t>& ids) const;
  void encode_piece(std::string_view piece, std::vector<int64_t>& ids) const;
  std::vector<int64_t> merge(std::string_view piece) const;

  std::string name_;
  Pretokenizer pretokenizer_;
  std::vector<std::string> tokens_;  // id -> bytes, specials included
  StringMap<Token> by_bytes_;        // ordinary tokens only
  bool whole_piece_first_;
  std::vector<std::pair<std::string, int64_t>> specials_;

  static constexpr size_t kCacheMaxPiece = 64, kCacheMaxEntries = 1 << 16;
  mutable std::mutex cache_mutex_;
  mutable StringMap<std::vector<int64_t>> cache_;
};

}  // namespace buildgpt

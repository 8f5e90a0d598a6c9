#include "text/bpe.h"

#include <cstdio>
#include <queue>
#include <stdexcept>
#include <tuple>

#include "io/excerpt.h"

namespace buildgpt {
namespace {

// Token bytes in an error message: made valid UTF-8, quoted, cut short when long.
std::string quoted_token(std::string_view bytes) { return quoted_excerpt(to_valid_utf8(bytes)); }

}  // namespace

BpeTokenizer::BpeTokenizer(std::string name, const std::string& pattern, BpeVocabulary vocabulary)
    : name_(std::move(name)),
      pretokenizer_(pattern),
      tokens_(std::move(vocabulary.tokens)),
      whole_piece_first_(vocabulary.merges.empty()),
      specials_(std::move(vocabulary.specials)) {
  if (tokens_.size() >= kNoMerge) throw std::invalid_argument("too many tokens");
  by_bytes_.reserve(tokens_.size());
  for (size_t id = 0; id < tokens_.size(); ++id) {
    if (tokens_[id].empty()) continue;
    const uint32_t rank = whole_piece_first_ ? static_cast<uint32_t>(id) : kNoMerge;
    const auto [it, fresh] = by_bytes_.try_emplace(tokens_[id], Token{int64_t(id), rank});
    if (!fresh) {
      throw std::invalid_argument("ids " + std::to_string(it->second.id) + " and " +
                                  std::to_string(id) + " are the same token " +
                                  quoted_token(tokens_[id]));
    }
  }
  for (int byte = 0; byte < 256; ++byte) {
    if (!by_bytes_.contains(std::string(1, static_cast<char>(byte)))) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02X", byte);
      throw std::invalid_argument(std::string("no token for the single byte ") + hex);
    }
  }
  for (size_t rank = 0; rank < vocabulary.merges.size(); ++rank) {
    const auto [left, right] = vocabulary.merges[rank];
    const auto is_token = [&](int64_t id) {
      return id >= 0 && id < vocab_size() && !tokens_[id].empty();
    };
    if (!is_token(left) || !is_token(right)) {
      throw std::invalid_argument("merge " + std::to_string(rank) + " joins ids " +
                                  std::to_string(left) + " and " + std::to_string(right) +
                                  ", which are not both tokens");
    }
    const std::string joined = tokens_[left] + tokens_[right];
    const auto it = by_bytes_.find(joined);
    if (it == by_bytes_.end()) {
      throw std::invalid_argument("merge " + std::to_string(rank) + " makes " +
                                  quoted_token(joined) + ", which is not a token");
    }
    if (it->second.rank != kNoMerge) {
      throw std::invalid_argument("merges " + std::to_string(it->second.rank) + " and " +
                                  std::to_string(rank) + " both make " + quoted_token(joined));
    }
    it->second.rank = static_cast<uint32_t>(rank);
    it->second.left_size = static_cast<uint32_t>(tokens_[left].size());
  }
  for (const auto& [text, id] : specials_) {
    if (text.empty() || id < 0 || id >= kNoMerge) {
      throw std::invalid_argument("special token " + quoted_token(text) + " with id " +
                                  std::to_string(id) + " is not valid");
    }
    if (id >= vocab_size()) tokens_.resize(id + 1);
    if (!tokens_[id].empty()) {
      throw std::invalid_argument("special token " + quoted_token(text) + " has id " +
                                  std::to_string(id) + ", which is also " +
                                  quoted_token(tokens_[id]));
    }
    tokens_[id] = text;
  }
}

std::vector<int64_t> BpeTokenizer::encode(std::string_view text, bool allow_special) const {
  std::vector<int64_t> ids;
  ids.reserve(text.size() / 3);
  if (!allow_special) {
    encode_ordinary(text, ids);
    return ids;
  }
  // Where each special token occurs next; found again only once passed, so the scan stays linear.
  std::vector<size_t> next(specials_.size());
  for (size_t i = 0; i < specials_.size(); ++i) next[i] = text.find(specials_[i].first);
  size_t pos = 0;
  for (;;) {
    size_t at = std::string_view::npos;
    const std::pair<std::string, int64_t>* special = nullptr;
    for (size_t i = 0; i < specials_.size(); ++i) {
      if (next[i] < pos) next[i] = text.find(specials_[i].first, pos);
      const bool longer = special && specials_[i].first.size() > special->first.size();
      if (next[i] < at || (next[i] == at && longer)) {
        at = next[i];
        special = &specials_[i];
      }
    }
    encode_ordinary(text.substr(pos, at == std::string_view::npos ? at : at - pos), ids);
    if (!special) return ids;
    ids.push_back(special->second);
    pos = at + special->first.size();
  }
}

void BpeTokenizer::encode_ordinary(std::string_view text, std::vector<int64_t>& ids) const {
  for (const std::string_view piece : pretokenizer_.split(text)) encode_piece(piece, ids);
}

void BpeTokenizer::encode_piece(std::string_view piece, std::vector<int64_t>& ids) const {
  if (piece.size() == 1 || whole_piece_first_) {
    if (const auto it = by_bytes_.find(piece); it != by_bytes_.end()) {
      ids.push_back(it->second.id);
      return;
    }
  }
  const bool cacheable = piece.size() <= kCacheMaxPiece;
  if (cacheable) {
    const std::lock_guard lock(cache_mutex_);
    if (const auto it = cache_.find(piece); it != cache_.end()) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<int64_t> merged = merge(piece);
  ids.insert(ids.end(), merged.begin(), merged.end());
  if (cacheable) {
    const std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kCacheMaxEntries) cache_.clear();
    cache_.try_emplace(std::string(piece), std::move(merged));
  }
}

std::vector<int64_t> BpeTokenizer::merge(std::string_view piece) const {
  // The parts form a list over byte offsets: the part that starts at s ends at next[s], and the
  // part before it starts at prev[s]. A queue holds candidate merges, lowest (rank, start) first;
  // one whose parts have changed since it was queued is skipped.
  constexpr size_t kGone = SIZE_MAX;
  const size_t n = piece.size();
  std::vector<size_t> next(n), prev(n);
  for (size_t i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i == 0 ? kGone : i - 1;
  }
  struct Candidate {
    uint32_t rank;
    size_t start, mid, end;
    bool operator>(const Candidate& o) const {
      return std::tie(rank, start) > std::tie(o.rank, o.start);
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  const auto consider = [&](size_t start, size_t mid) {
    const size_t end = next[mid];
    const auto it = by_bytes_.find(piece.substr(start, end - start));
    if (it == by_bytes_.end() || it->second.rank == kNoMerge) return;
    if (it->second.left_size != 0 && it->second.left_size != mid - start) return;
    queue.push({it->second.rank, start, mid, end});
  };
  for (size_t i = 0; i + 1 < n; ++i) consider(i, i + 1);
  while (!queue.empty()) {
    const Candidate c = queue.top();
    queue.pop();
    if (next[c.start] != c.mid || next[c.mid] != c.end) continue;
    next[c.start] = c.end;
    next[c.mid] = kGone;
    if (c.end < n) prev[c.end] = c.start;
    if (prev[c.start] != kGone) consider(prev[c.start], c.start);
    if (c.end < n) consider(c.start, c.end);
  }
  std::vector<int64_t> ids;
  for (size_t s = 0; s < n; s = next[s]) {
    ids.push_back(by_bytes_.find(piece.substr(s, next[s] - s))->second.id);
  }
  return ids;
}

std::string BpeTokenizer::decode_bytes(const std::vector<int64_t>& ids) const {
  std::string out;
  for (const int64_t id : ids) {
    if (id < 0 || id >= vocab_size() || tokens_[id].empty()) {
      throw std::out_of_range("token id " + std::to_string(id) + " is not in the " + name_ +
                              " vocabulary (size " + std::to_string(vocab_size()) + ")");
    }
    out += tokens_[id];
  }
  return out;
}

}  // namespace buildgpt

// A character-level tokenizer: one id per Unicode code point seen in a training text.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace buildgpt {

class CharTokenizer : public Tokenizer {
 public:
  // The vocabulary is the sorted, unique code points of `text`: id i stands for the i-th smallest.
  // Throws std::invalid_argument naming the byte offset of the first invalid UTF-8 sequence.
  static CharTokenizer from_text(std::string_view text);
  // Reads a vocabulary written by save(). Throws std::runtime_error naming the file and the
  // problem (unreadable and why, wrong header, bad or unsorted code point, wrong count).
  static CharTokenizer load(const std::filesystem::path& path);
  // The same from the file's contents; `name` labels errors.
  static CharTokenizer parse(std::string_view contents, const std::string& name);
  // Writes the vocabulary (a header line, the count, then one hexadecimal code point per line),
  // atomically. Throws std::runtime_error naming the file when it cannot be written.
  void save(const std::filesystem::path& path) const;

  std::string name() const override { return "char"; }
  int64_t vocab_size() const override { return static_cast<int64_t>(code_points_.size()); }
  // One id per code point. There are no special tokens, so `allow_special` changes nothing.
  // Throws std::invalid_argument naming the code point (and its byte offset) when it is not in the
  // vocabulary, or the byte offset of invalid UTF-8.
  std::vector<int64_t> encode(std::string_view text, bool allow_special = false) const override;
  std::string decode_bytes(const std::vector<int64_t>& ids) const override;

  const std::vector<char32_t>& code_points() const { return code_points_; }

 private:
  // `code_points` must be sorted, unique and valid.
  explicit CharTokenizer(std::vector<char32_t> code_points);

  std::vector<char32_t> code_points_;
  std::unordered_map<char32_t, int64_t> ids_;
};

}  // namespace buildgpt

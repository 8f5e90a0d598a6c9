#include "text/char_tokenizer.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/excerpt.h"
#include "io/read_file.h"
#include "text/utf8.h"

namespace buildgpt {
namespace {

constexpr std::string_view kHeader = "buildgpt char vocabulary 1";

// Calls `visit(cp, offset)` for each code point of `text`; throws on invalid UTF-8.
template <typename Visit>
void for_each_code_point(std::string_view text, const char* what, Visit visit) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      throw std::invalid_argument(std::string(what) + ": invalid UTF-8 at byte offset " +
                                  std::to_string(i));
    }
    visit(cp, i);
    i += len;
  }
}

}  // namespace

CharTokenizer::CharTokenizer(std::vector<char32_t> code_points)
    : code_points_(std::move(code_points)) {
  for (size_t i = 0; i < code_points_.size(); ++i) ids_[code_points_[i]] = static_cast<int64_t>(i);
}

CharTokenizer CharTokenizer::from_text(std::string_view text) {
  std::vector<char32_t> cps;
  for_each_code_point(text, "CharTokenizer::from_text",
                      [&](char32_t cp, size_t) { cps.push_back(cp); });
  std::sort(cps.begin(), cps.end());
  cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
  return CharTokenizer(std::move(cps));
}

CharTokenizer CharTokenizer::parse(std::string_view contents, const std::string& name) {
  auto fail = [&](int line, const std::string& problem) {
    return std::runtime_error(name + ":" + std::to_string(line) + ": " + problem);
  };
  int number = 0;
  // The next line without its '\n', or nullopt at the end.
  const auto next_line = [&]() -> std::optional<std::string_view> {
    if (contents.empty()) return std::nullopt;
    const size_t eol = std::min(contents.find('\n'), contents.size());
    const std::string_view line = contents.substr(0, eol);
    contents.remove_prefix(std::min(eol + 1, contents.size()));
    ++number;
    return line;
  };
  std::optional<std::string_view> line = next_line();
  if (!line || *line != kHeader) {
    throw fail(1,
               "not a character vocabulary (expected the line \"" + std::string(kHeader) + "\")");
  }
  size_t count = 0;
  line = next_line();
  if (!line || line->empty() ||
      std::from_chars(line->data(), line->data() + line->size(), count).ptr !=
          line->data() + line->size()) {
    throw fail(2, "expected the number of code points, got " + quoted_excerpt(line.value_or("")));
  }
  std::vector<char32_t> cps;
  while ((line = next_line())) {
    uint32_t value = 0;
    const auto [end, ec] = std::from_chars(line->data(), line->data() + line->size(), value, 16);
    if (ec != std::errc() || end != line->data() + line->size() || line->empty()) {
      throw fail(number, "expected a hexadecimal code point, got " + quoted_excerpt(*line));
    }
    const char32_t cp = value;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw fail(number, code_point_name(cp) + " is not a valid code point");
    }
    if (!cps.empty() && cp <= cps.back()) {
      throw fail(number, code_point_name(cp) + " does not come after " +
                             code_point_name(cps.back()) +
                             " (code points must be sorted and unique)");
    }
    cps.push_back(cp);
  }
  if (cps.size() != count) {
    throw fail(number, "the header promises " + std::to_string(count) +
                           " code points, the file has " + std::to_string(cps.size()));
  }
  return CharTokenizer(std::move(cps));
}

CharTokenizer CharTokenizer::load(const std::filesystem::path& path) {
  return parse(read_file(path), path.string());
}

void CharTokenizer::save(const std::filesystem::path& path) const {
  write_file_atomically(path, [&](std::ostream& out) {
    out << kHeader << '\n' << code_points_.size() << '\n' << std::hex << std::uppercase;
    for (char32_t cp : code_points_) out << static_cast<uint32_t>(cp) << '\n';
  });
}

std::vector<int64_t> CharTokenizer::encode(std::string_view text, bool /*allow_special*/) const {
  std::vector<int64_t> ids;
  ids.reserve(text.size());
  for_each_code_point(text, "CharTokenizer::encode", [&](char32_t cp, size_t offset) {
    const auto it = ids_.find(cp);
    if (it == ids_.end()) {
      std::string shown;
      append_utf8(shown, cp);
      throw std::invalid_argument("CharTokenizer::encode: " + code_point_name(cp) + " '" + shown +
                                  "' at byte offset " + std::to_string(offset) +
                                  " is not in the vocabulary of " + std::to_string(vocab_size()) +
                                  " code points");
    }
    ids.push_back(it->second);
  });
  return ids;
}

std::string CharTokenizer::decode_bytes(const std::vector<int64_t>& ids) const {
  std::string out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    if (id < 0 || id >= vocab_size()) {
      throw std::out_of_range("CharTokenizer::decode: id " + std::to_string(id) +
                              " is outside the vocabulary of " + std::to_string(vocab_size()));
    }
    append_utf8(out, code_points_[static_cast<size_t>(id)]);
  }
  return out;
}

}  // namespace buildgpt

#include "text/corpus.h"

#include <stdexcept>

#include "io/read_file.h"
#include "text/utf8.h"

namespace buildgpt {
namespace {

// The offset of the first line that starts with `prefix` and mentions Project Gutenberg, or npos.
size_t find_marker_line(std::string_view text, std::string_view prefix, size_t from) {
  for (size_t pos = from; pos < text.size();) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    if (line.starts_with(prefix) && line.find("PROJECT GUTENBERG") != std::string_view::npos) {
      return pos;
    }
    pos = eol + 1;
  }
  return std::string_view::npos;
}

std::string_view trim_blank_lines(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  // Keep leading spaces of the first line: back up to its start.
  const size_t line_start = s.rfind('\n', first);
  const size_t begin = line_start == std::string_view::npos ? 0 : line_start + 1;
  const size_t last = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, last + 1 - begin);
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path) {
  std::string text = read_file(path);
  if (text.empty()) throw std::runtime_error(path.string() + ": the file is empty");
  if (const size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
    throw std::runtime_error(path.string() + ": invalid UTF-8 at byte offset " +
                             std::to_string(bad));
  }
  return text;
}

std::string strip_gutenberg(std::string_view text) {
  const size_t start = find_marker_line(text, "*** START OF", 0);
  if (start == std::string_view::npos) {
    throw std::invalid_argument("strip_gutenberg: no \"*** START OF THE PROJECT GUTENBERG\" line");
  }
  const size_t body = std::min(text.find('\n', start), text.size() - 1) + 1;
  const size_t end = find_marker_line(text, "*** END OF", body);
  if (end == std::string_view::npos) {
    throw std::invalid_argument(
        "strip_gutenberg: no \"*** END OF THE PROJECT GUTENBERG\" line after the start line");
  }
  std::string out(trim_blank_lines(text.substr(body, end - body)));
  out += '\n';
  return out;
}

}  // namespace buildgpt

// Reading text corpora from disk.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace buildgpt {

// The whole of a UTF-8 text file. Throws std::runtime_error naming the file and the reason when
// it is missing, unreadable, a directory or empty, or naming the byte offset of the first invalid
// UTF-8 sequence.
std::string read_text_file(const std::filesystem::path& path);

// The body of a Project Gutenberg book: the lines strictly between the line that starts with
// "*** START OF" and the line that starts with "*** END OF" (both naming "PROJECT GUTENBERG"),
// without the blank lines around it. Throws std::invalid_argument when a marker is missing or
// the end comes before the start.
std::string strip_gutenberg(std::string_view text);

}  // namespace buildgpt

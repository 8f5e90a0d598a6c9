// Decoding and encoding single UTF-8 code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace buildgpt {

// Decodes the code point starting at byte `i` of `bytes` into `cp` and returns its length in
// bytes, or 0 when the bytes there are not valid UTF-8 (a bad lead or continuation byte, a
// truncated, overlong or surrogate sequence, or a value above U+10FFFF), or when i is past the end.
size_t decode_utf8(std::string_view bytes, size_t i, char32_t& cp);

// The byte offset of the first invalid UTF-8 sequence in `bytes`, or std::string_view::npos.
size_t find_invalid_utf8(std::string_view bytes);

// Appends the UTF-8 encoding of the valid code point `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

// "U+00E9", the usual way to name a code point in messages.
std::string code_point_name(char32_t cp);

}  // namespace buildgpt

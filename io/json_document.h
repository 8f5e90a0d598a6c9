// Parsing JSON from files that may be hostile: bounded depth and size, no key given twice, and
// excerpts instead of whole values in error messages.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace buildgpt {

struct JsonLimits {
  size_t max_depth = 64;                 // arrays and objects inside one another
  size_t max_bytes = size_t{256} << 20;  // the document's text
};

// The document in `text`. Throws FileError naming `name` when the text is longer than
// limits.max_bytes, is not valid JSON, nests arrays and objects deeper than limits.max_depth,
// or gives a key twice in one object.
nlohmann::json parse_json_document(std::string_view text, const std::string& name,
                                   const JsonLimits& limits = {});

// `value` written as dump() writes it, cut to about max_chars characters ("..." marks the cut): for
// error messages, where dump() of an untrusted value could be as long as the file.
std::string json_excerpt(const nlohmann::json& value, size_t max_chars = 48);

}  // namespace buildgpt

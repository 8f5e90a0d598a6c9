#include "io/json_document.h"

#include <unordered_set>
#include <vector>

#include "io/excerpt.h"
#include "io/file_error.h"

namespace buildgpt {
namespace {

using nlohmann::json;

// Thrown by the parser callback to stop parsing; becomes a FileError.
struct Refused {
  std::string why;
};

// Writes `value` into `out` as dump() would, until `budget` characters are used up.
void excerpt_into(const json& value, size_t budget, std::string& out) {
  if (out.size() >= budget) return;
  if (value.is_string()) {
    out += quoted_excerpt(value.get_ref<const std::string&>(), budget - out.size());
  } else if (value.is_array() || value.is_object()) {
    out += value.is_array() ? '[' : '{';
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (out.size() >= budget) {
        out += "...";
        break;
      }
      if (!first) out += ',';
      first = false;
      if (value.is_object()) out += quoted_excerpt(it.key(), budget - out.size()) + ':';
      excerpt_into(*it, budget, out);
    }
    out += value.is_array() ? ']' : '}';
  } else {
    out += value.dump();  // a number, a boolean or null: short
  }
}

}  // namespace

nlohmann::json parse_json_document(std::string_view text, const std::string& name,
                                   const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    throw FileError(name, "the JSON text of " + std::to_string(text.size()) +
                              " bytes is larger than the limit of " +
                              std::to_string(limits.max_bytes));
  }
  // The keys seen in each object that is open, innermost last.
  std::vector<std::unordered_set<std::string>> keys;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (static_cast<size_t>(depth) >= limits.max_depth) {
          throw Refused{"arrays and objects are nested deeper than " +
                        std::to_string(limits.max_depth) + " levels"};
        }
        if (event == json::parse_event_t::object_start) keys.emplace_back();
        break;
      case json::parse_event_t::key:
        if (!keys.back().insert(parsed.get<std::string>()).second) {
          throw Refused{"key " + quoted_excerpt(parsed.get_ref<const std::string&>()) +
                        " is given twice in one object"};
        }
        break;
      case json::parse_event_t::object_end:
        keys.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  try {
    return json::parse(text, check);
  } catch (const Refused& e) {
    throw FileError(name, "not acceptable JSON: " + e.why);
  } catch (const json::exception& e) {
    // The library's message quotes the text it last read, which may be long.
    throw FileError(name, "not valid JSON: " + shortened(e.what(), 200));
  }
}

std::string json_excerpt(const nlohmann::json& value, size_t max_chars) {
  std::string out;
  excerpt_into(value, max_chars, out);
  return out;
}

}  // namespace buildgpt

#include "text/gpt2_tokenizer.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

#include "io/excerpt.h"
#include "io/json_document.h"
#include "text/bpe.h"
#include "text/utf8.h"

namespace buildgpt {
namespace {

using nlohmann::json;

constexpr std::string_view kEndOfText = "<|endoftext|>";

// GPT-2's files write each byte as a printable character: '!'..'~', '¡'..'¬' and '®'..'ÿ' as
// themselves, the other 68 bytes as U+0100 onwards, in byte order. byte_of[c] inverts that (-1:
// not a character of the alphabet).
const std::array<int, 256 + 68>& byte_of() {
  static const std::array<int, 256 + 68> table = [] {
    std::array<int, 256 + 68> t;
    t.fill(-1);
    int extra = 256;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      t[printable ? b : extra++] = b;
    }
    return t;
  }();
  return table;
}

[[noreturn]] void fail(const std::string& where, const std::string& problem) {
  throw std::runtime_error(where + ": " + problem);
}

// The bytes a token string of the files stands for.
std::string to_bytes(const std::string& token, const std::string& where) {
  std::string bytes;
  for (size_t i = 0; i < token.size();) {
    char32_t cp = 0;
    const size_t length = decode_utf8(token, i, cp);
    if (length == 0) fail(where, "token " + quoted_excerpt(token) + " is not valid UTF-8");
    const int byte = cp < byte_of().size() ? byte_of()[cp] : -1;
    if (byte < 0) {
      fail(where, "token " + quoted_excerpt(token) + " has " + code_point_name(cp) +
                      ", which is outside GPT-2's byte alphabet");
    }
    bytes += static_cast<char>(byte);
    i += length;
  }
  return bytes;
}

// The vocabulary as it is being read: ids by the files' token strings, plus what BPE needs.
struct Reader {
  std::unordered_map<std::string, int64_t> ids;
  std::vector<std::string> names;  // the token string of each id ("" for none)
  std::vector<bool> made;          // whether a merge makes the id
  BpeVocabulary bpe;

  void read_vocab(const json& vocab, const std::string& where) {
    if (!vocab.is_object()) fail(where, "expected a JSON object mapping tokens to ids");
    // Ids run from 0 without gaps: each below the number of entries, none given twice.
    const auto entries = static_cast<int64_t>(vocab.size());
    names.resize(entries);
    bpe.tokens.resize(entries);
    made.resize(entries);
    for (const auto& [name, value] : vocab.items()) {
      if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
          value.get<int64_t>() >= entries) {
        fail(where, "token " + quoted_excerpt(name) + " has id " + json_excerpt(value) +
                        ", not an integer in [0, " + std::to_string(entries) + ")");
      }
      const auto id = value.get<int64_t>();
      if (name.empty()) fail(where, "id " + std::to_string(id) + " has an empty token");
      if (!names[id].empty()) {
        fail(where, "id " + std::to_string(id) + " is given to both " + quoted_excerpt(names[id]) +
                        " and " + quoted_excerpt(name));
      }
      names[id] = name;
      ids[name] = id;
      if (name == kEndOfText) {
        bpe.specials.emplace_back(name, id);
      } else {
        bpe.tokens[id] = to_bytes(name, where);
      }
    }
    if (!ids.contains(std::string(kEndOfText))) fail(where, "there is no <|endoftext|> token");
  }

  void add_merge(const std::string& left, const std::string& right, const std::string& where,
                 const std::string& vocab_name) {
    const auto id_of = [&](const std::string& token) {
      const auto it = ids.find(token);
      if (it == ids.end()) fail(where, quoted_excerpt(token) + " is not a token of " + vocab_name);
      return it->second;
    };
    const int64_t left_id = id_of(left), right_id = id_of(right);
    made[id_of(left + right)] = true;
    bpe.merges.emplace_back(left_id, right_id);
  }

  // Every token longer than one byte must come from a merge; if not, the merges were cut short.
  std::unique_ptr<Tokenizer> finish(const std::string& merges_name, const std::string& files) {
    size_t unmade = 0;
    std::string example;
    for (size_t id = 0; id < names.size(); ++id) {
      if (bpe.tokens[id].size() > 1 && !made[id]) {
        if (unmade++ == 0) example = names[id];
      }
    }
    if (unmade > 0) {
      fail(merges_name, std::to_string(unmade) + " tokens are made by no merge (the first: " +
                            quoted_excerpt(example) + "); is the file truncated?");
    }
    try {
      return std::make_unique<BpeTokenizer>("gpt2", std::string(kGpt2Pattern), std::move(bpe));
    } catch (const std::invalid_argument& e) {
      fail(files, e.what());
    }
  }
};

// A merge written as "left right".
std::pair<std::string, std::string> split_merge(std::string_view line, const std::string& where) {
  const size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos || space + 1 == line.size() ||
      line.find(' ', space + 1) != std::string_view::npos) {
    fail(where, "expected two tokens separated by one space, got " + quoted_excerpt(line));
  }
  return {std::string(line.substr(0, space)), std::string(line.substr(space + 1))};
}

json parse_json(std::string_view text, const std::string& name) {
  if (text.empty()) fail(name, "the file is empty");
  return parse_json_document(text, name);
}

}  // namespace

std::unique_ptr<Tokenizer> gpt2_tokenizer(std::string_view encoder_json, std::string_view vocab_bpe,
                                          const std::string& encoder_name,
                                          const std::string& vocab_name) {
  Reader reader;
  reader.read_vocab(parse_json(encoder_json, encoder_name), encoder_name);
  if (vocab_bpe.empty()) fail(vocab_name, "the file is empty");
  size_t line_number = 0;
  while (!vocab_bpe.empty()) {
    const size_t eol = vocab_bpe.find('\n');
    std::string_view line = vocab_bpe.substr(0, eol);
    vocab_bpe.remove_prefix(eol == std::string_view::npos ? vocab_bpe.size() : eol + 1);
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line_number == 1 && line.starts_with("#version")) continue;
    const std::string where = vocab_name + " line " + std::to_string(line_number);
    const auto [left, right] = split_merge(line, where);
    reader.add_merge(left, right, where, encoder_name);
  }
  return reader.finish(vocab_name, encoder_name + " and " + vocab_name);
}

std::unique_ptr<Tokenizer> gpt2_tokenizer_from_hf_json(std::string_view tokenizer_json,
                                                       const std::string& name) {
  const json root = parse_json(tokenizer_json, name);
  if (!root.is_object() || !root.contains("model") || !root["model"].is_object()) {
    fail(name, "there is no \"model\" object");
  }
  const json& model = root["model"];
  if (model.contains("type") && model["type"] != "BPE") {
    fail(name, "model.type is " + json_excerpt(model["type"]) + ", not \"BPE\"");
  }
  if (!model.contains("vocab")) fail(name, "there is no model.vocab");
  if (!model.contains("merges") || !model["merges"].is_array())
    fail(name, "there is no model.merges array");
  Reader reader;
  reader.read_vocab(model["vocab"], name + " model.vocab");
  const json& merges = model["merges"];
  for (size_t i = 0; i < merges.size(); ++i) {
    const std::string where = name + " model.merges[" + std::to_string(i) + "]";
    const json& merge = merges[i];
    if (merge.is_string()) {
      const auto [left, right] = split_merge(merge.get<std::string>(), where);
      reader.add_merge(left, right, where, "model.vocab");
    } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() &&
               merge[1].is_string()) {
      reader.add_merge(merge[0].get<std::string>(), merge[1].get<std::string>(), where,
                       "model.vocab");
    } else {
      fail(where, "expected \"left right\" or [\"left\", \"right\"], got " + json_excerpt(merge));
    }
  }
  return reader.finish(name + " model.merges", name);
}

}  // namespace buildgpt

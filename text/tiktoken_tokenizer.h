// cl100k_base, read from a .tiktoken file: one "<base64 token bytes> <rank>" line per token.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace buildgpt {

// The regex cl100k_base splits text with before BPE.
inline constexpr std::string_view kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+)";

// The token bytes of each rank in the contents of a .tiktoken file (`name` labels it in errors).
// Ranks must run from 0 without gaps. Throws std::runtime_error naming the file, the line and
// the problem.
std::vector<std::string> parse_tiktoken(std::string_view contents, const std::string& name);

// cl100k_base from its ranks (100256 of them); special tokens <|endoftext|> = 100257,
// <|fim_prefix|> = 100258, <|fim_middle|> = 100259, <|fim_suffix|> = 100260 and
// <|endofprompt|> = 100276, so 100277 ids.
std::unique_ptr<Tokenizer> cl100k_base_tokenizer(std::vector<std::string> ranks,
                                                 const std::string& name);

}  // namespace buildgpt

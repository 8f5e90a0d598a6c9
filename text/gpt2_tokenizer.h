// GPT-2's tokenizer: byte-level BPE read from encoder.json + vocab.bpe, or from a Hugging Face
// tokenizer.json (model.vocab + model.merges). Vocabulary size 50257; <|endoftext|> = 50256.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "text/tokenizer.h"

namespace buildgpt {

// The regex GPT-2 splits text with before BPE.
inline constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// From the contents of encoder.json and vocab.bpe; the names label them in errors. Throws
// std::runtime_error naming the file and the problem (and the line, in vocab.bpe).
std::unique_ptr<Tokenizer> gpt2_tokenizer(std::string_view encoder_json, std::string_view vocab_bpe,
                                          const std::string& encoder_name = "encoder.json",
                                          const std::string& vocab_name = "vocab.bpe");

// From the contents of a Hugging Face tokenizer.json; errors as above.
std::unique_ptr<Tokenizer> gpt2_tokenizer_from_hf_json(std::string_view tokenizer_json,
                                                       const std::string& name = "tokenizer.json");

}  // namespace buildgpt

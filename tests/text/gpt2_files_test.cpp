// Reading GPT-2's files (encoder.json + vocab.bpe, or tokenizer.json): a small valid vocabulary,
// then each way the files can be broken.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "text/gpt2_tokenizer.h"
#include "text/load_tokenizer.h"
#include "text_test_util.h"

namespace buildgpt {
namespace {

using Ids = std::vector<int64_t>;
using nlohmann::json;
using testing::throws;

// GPT-2's printable stand-in for a byte, as UTF-8.
std::string byte_char(int b) {
  int cp = b;
  if (!((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE)) {
    cp = 256;
    for (int k = 0; k < b; ++k) {
      if (!((k >= '!' && k <= '~') || (k >= 0xA1 && k <= 0xAC) || k >= 0xAE)) ++cp;
    }
  }
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// Bytes are ids 0-255; then he, ll, hell, hello, " w" (Ġw) and <|endoftext|> = 261.
json tiny_vocab() {
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[byte_char(b)] = b;
  int id = 256;
  for (const char* token : {"he", "ll", "hell", "hello", "\xC4\xA0w", "<|endoftext|>"}) {
    vocab[token] = id++;
  }
  return vocab;
}
const std::vector<std::string> kMerges = {"h e", "l l", "he ll", "hell o", "\xC4\xA0 w"};

std::string tiny_vocab_bpe(size_t merges = kMerges.size()) {
  std::string text = "#version: 0.2\n";
  for (size_t i = 0; i < merges; ++i) text += kMerges[i] + "\n";
  return text;
}

TEST(Gpt2Files, ReadsEncoderJsonAndVocabBpe) {
  const auto tok = gpt2_tokenizer(tiny_vocab().dump(), tiny_vocab_bpe());
  EXPECT_EQ(tok->name(), "gpt2");
  EXPECT_EQ(tok->vocab_size(), 262);
  EXPECT_EQ(tok->encode("hello world"), (Ids{259, 260, 'o', 'r', 'l', 'd'}));
  EXPECT_EQ(tok->encode("hello<|endoftext|>", true), (Ids{259, 261}));
  EXPECT_EQ(tok->decode_bytes({259, 261}), "hello<|endoftext|>");
}

TEST(Gpt2Files, ReadsTokenizerJsonInBothMergeForms) {
  json pairs = json::array();
  for (const std::string& m : kMerges) {
    pairs.push_back({m.substr(0, m.find(' ')), m.substr(m.find(' ') + 1)});
  }
  for (const json& merges : {json(kMerges), pairs}) {
    const json root = {{"model", {{"type", "BPE"}, {"vocab", tiny_vocab()}, {"merges", merges}}}};
    const auto tok = gpt2_tokenizer_from_hf_json(root.dump());
    EXPECT_EQ(tok->encode("hello world"), (Ids{259, 260, 'o', 'r', 'l', 'd'}));
  }
}

TEST(Gpt2Files, BrokenEncoderJsonIsNamed) {
  const std::string bpe = tiny_vocab_bpe();
  const std::string good = tiny_vocab().dump();
  const auto with = [&](const std::string& encoder) {
    return [=] { gpt2_tokenizer(encoder, bpe); };
  };
  EXPECT_TRUE(throws<std::runtime_error>(with(""), {"encoder.json", "empty"}));
  EXPECT_TRUE(throws<std::runtime_error>(with(good.substr(0, good.size() / 2)),
                                         {"encoder.json", "not valid JSON"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("[1, 2]"), {"encoder.json", "JSON object"}));
  json bad_id = tiny_vocab();
  bad_id["he"] = "x";
  EXPECT_TRUE(throws<std::runtime_error>(with(bad_id.dump()), {"encoder.json", "\"he\"", "id"}));
  // Found by fuzz/fuzz_gpt2_files: a number too large for JSON parsing, an id far past the end.
  EXPECT_TRUE(
      throws<std::runtime_error>(with(R"({"a": 1E400})"), {"encoder.json", "not valid JSON"}));
  json far = tiny_vocab();
  far["he"] = 1 << 29;
  EXPECT_TRUE(throws<std::runtime_error>(with(far.dump()), {"\"he\"", "[0, 262)"}));
  json empty = tiny_vocab();
  empty[""] = 262;
  EXPECT_TRUE(throws<std::runtime_error>(with(empty.dump()), {"encoder.json", "empty token"}));
  json twice = tiny_vocab();
  twice["ll"] = 256;
  EXPECT_TRUE(throws<std::runtime_error>(with(twice.dump()), {"id 256", "given to both"}));
  json outside = tiny_vocab();
  outside["a b"] = 262;
  EXPECT_TRUE(throws<std::runtime_error>(with(outside.dump()), {"\"a b\"", "U+0020", "alphabet"}));
  json no_end = tiny_vocab();
  no_end.erase("<|endoftext|>");
  EXPECT_TRUE(throws<std::runtime_error>(with(no_end.dump()), {"encoder.json", "<|endoftext|>"}));
  json no_byte = tiny_vocab();
  no_byte.erase("A");
  no_byte["<|endoftext|>"] = 'A';  // keeps the ids dense
  EXPECT_TRUE(throws<std::runtime_error>(with(no_byte.dump()), {"encoder.json", "byte 0x41"}));
}

TEST(Gpt2Files, BrokenVocabBpeIsNamedWithTheLine) {
  const std::string encoder = tiny_vocab().dump();
  const auto with = [&](const std::string& bpe) { return [=] { gpt2_tokenizer(encoder, bpe); }; };
  EXPECT_TRUE(throws<std::runtime_error>(with(""), {"vocab.bpe", "empty"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("#version: 0.2\nh e\nl l x\n"),
                                         {"vocab.bpe line 3", "two tokens"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("#version: 0.2\nh e\nhe\n"),
                                         {"vocab.bpe line 3", "two tokens"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("#version: 0.2\nh zz\n"),
                                         {"vocab.bpe line 2", "\"zz\" is not a token"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("#version: 0.2\nh q\n"),
                                         {"vocab.bpe line 2", "\"hq\" is not a token"}));
  EXPECT_TRUE(throws<std::runtime_error>(
      with(tiny_vocab_bpe(3)), {"vocab.bpe", "2 tokens are made by no merge", "truncated"}));
}

TEST(Gpt2Files, BrokenTokenizerJsonIsNamed) {
  const auto with = [](const json& root) {
    return [=] { gpt2_tokenizer_from_hf_json(root.dump(), "t.json"); };
  };
  EXPECT_TRUE(throws<std::runtime_error>(with(json::object()), {"t.json", "\"model\""}));
  EXPECT_TRUE(throws<std::runtime_error>(
      with({{"model", {{"type", "WordPiece"}, {"vocab", tiny_vocab()}, {"merges", kMerges}}}}),
      {"t.json", "WordPiece"}));
  EXPECT_TRUE(throws<std::runtime_error>(with({{"model", {{"vocab", tiny_vocab()}}}}),
                                         {"t.json", "model.merges"}));
  EXPECT_TRUE(throws<std::runtime_error>(
      with({{"model", {{"vocab", tiny_vocab()}, {"merges", {"h e", 5}}}}}),
      {"t.json model.merges[1]", "5"}));
}

TEST(Gpt2Files, LoadTokenizerNamesMissingFilesAndTheFetchScript) {
  const testing::ScratchDir dir;
  EXPECT_TRUE(throws<std::runtime_error>([&] { load_tokenizer("gpt2", dir.path()); },
                                         {"encoder.json", "fetch_tokenizers.sh"}));
  dir.write("gpt2/encoder.json", tiny_vocab().dump());
  EXPECT_TRUE(throws<std::runtime_error>([&] { load_tokenizer("gpt2", dir.path()); },
                                         {(dir.path() / "gpt2" / "vocab.bpe").string()}));
  dir.write("gpt2/vocab.bpe", "#version: 0.2\nh e\nl\n");
  EXPECT_TRUE(
      throws<std::runtime_error>([&] { load_tokenizer("gpt2", dir.path()); },
                                 {(dir.path() / "gpt2" / "vocab.bpe").string() + " line 3"}));
  EXPECT_TRUE(throws<std::invalid_argument>([&] { load_tokenizer("gpt5", dir.path()); },
                                            {"gpt5", "gpt2", "cl100k_base"}));
}

TEST(Gpt2Files, LoadTokenizerFallsBackToTokenizerJson) {
  const testing::ScratchDir dir;
  const json root = {{"model", {{"vocab", tiny_vocab()}, {"merges", kMerges}}}};
  dir.write("gpt2/tokenizer.json", root.dump());
  EXPECT_EQ(load_tokenizer("gpt2", dir.path())->encode("hello"), (Ids{259}));
}

}  // namespace
}  // namespace buildgpt

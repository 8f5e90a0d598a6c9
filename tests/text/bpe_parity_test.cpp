// The published tokenizers against the reference ids of tests/fixtures/tokenizer_parity.json
// (written by tests/fixtures/tokenizer_parity.js), and byte-exact round trips on any input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "text/gpt2_tokenizer.h"
#include "text/load_tokenizer.h"
#include "text_test_util.h"

namespace buildgpt {
namespace {

using Ids = std::vector<int64_t>;
using nlohmann::json;

const Tokenizer& published(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Tokenizer>> loaded;
  auto& tok = loaded[name];
  if (!tok) tok = load_tokenizer(name, testing::tokenizer_dir());
  return *tok;
}

const json& parity_cases() {
  static const json cases =
      json::parse(std::ifstream(std::string(BUILDGPT_TEST_FIXTURES) + "/tokenizer_parity.json"));
  return cases;
}

class Published : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { SKIP_WITHOUT_TOKENIZER_FILES(); }
};

TEST_P(Published, MatchesTheReferenceIds) {
  const Tokenizer& tok = published(GetParam());
  ASSERT_GT(parity_cases().size(), 300u);
  for (const json& c : parity_cases()) {
    const std::string text = c["text"];
    EXPECT_EQ(tok.encode(text), c[GetParam()].get<Ids>()) << text;
    EXPECT_EQ(tok.encode(text, true), c[GetParam() + "_special"].get<Ids>()) << text;
    EXPECT_EQ(tok.decode(tok.encode(text, true)), text);
  }
}

TEST_P(Published, RoundTripsAnyBytes) {
  const Tokenizer& tok = published(GetParam());
  std::mt19937 rng(11);
  const std::string_view pieces[] = {"a",
                                     "Z",
                                     " ",
                                     "\n",
                                     "'s",
                                     "7",
                                     "\xC3\xA9",
                                     "\xF0\x9F\x99\x82",
                                     "\xE4\xB8\xAD",
                                     "<|endoftext|>",
                                     "\t",
                                     ".",
                                     "\r\n"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int k = rng() % 40; k > 0; --k) {
      if (rng() % 3 == 0) {
        text += static_cast<char>(rng());  // often not valid UTF-8
      } else {
        text += pieces[rng() % std::size(pieces)];
      }
    }
    for (const bool special : {false, true}) {
      const Ids ids = tok.encode(text, special);
      for (const int64_t id : ids) ASSERT_TRUE(id >= 0 && id < tok.vocab_size());
      EXPECT_EQ(tok.decode_bytes(ids), text);
      EXPECT_EQ(tok.decode(ids), to_valid_utf8(text));
    }
  }
}

TEST_P(Published, DecodeShowsSplitCharactersAsReplacements) {
  const Tokenizer& tok = published(GetParam());
  const Ids ids = tok.encode("\xF0\x9F\xA6\x99 x");  // U+1F999: not one token in either
  ASSERT_GT(ids.size(), 2u);
  const std::string first = tok.decode_bytes({ids.front()});  // the start of the character
  ASSERT_LT(first.size(), 4u);
  std::string replacements;
  for (size_t i = 0; i < first.size(); ++i) replacements += "\xEF\xBF\xBD";
  EXPECT_EQ(tok.decode({ids.front()}), replacements);
  EXPECT_EQ(tok.decode(ids), "\xF0\x9F\xA6\x99 x");
}

TEST_P(Published, DecodingAnIdOutsideTheVocabularyThrows) {
  const Tokenizer& tok = published(GetParam());
  const int64_t size = tok.vocab_size();
  for (const int64_t id : {size, int64_t{-1}}) {
    EXPECT_TRUE(testing::throws<std::out_of_range>(
        [&] { tok.decode_bytes({id}); },
        {"token id " + std::to_string(id), "size " + std::to_string(size)}));
  }
}

TEST_P(Published, EncodesTheSameFromManyThreads) {
  const Tokenizer& tok = published(GetParam());
  std::vector<std::string> texts;
  for (const json& c : parity_cases()) texts.push_back(c["text"]);
  std::vector<std::vector<Ids>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] {
      for (const std::string& text : texts) result.push_back(tok.encode(text));
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& result : results) EXPECT_EQ(result, results.front());
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, Published, ::testing::Values("gpt2", "cl100k_base"));

TEST(PublishedFiles, SizesAndSpecialTokens) {
  SKIP_WITHOUT_TOKENIZER_FILES();
  EXPECT_EQ(published("gpt2").vocab_size(), 50257);
  EXPECT_EQ(published("gpt2").encode("<|endoftext|>", true), (Ids{50256}));
  EXPECT_EQ(published("cl100k_base").vocab_size(), 100277);
  EXPECT_EQ(published("cl100k_base").encode("<|endofprompt|>", true), (Ids{100276}));
  EXPECT_TRUE(testing::throws<std::out_of_range>(
      [] { published("cl100k_base").decode_bytes({100261}); }, {"100261", "100277"}));
}

TEST(PublishedFiles, Gpt2TokenizerJsonGivesTheSameIds) {
  SKIP_WITHOUT_TOKENIZER_FILES();
  const std::filesystem::path dir = testing::tokenizer_dir() / "gpt2";
  json merges = json::array();
  std::ifstream bpe(dir / "vocab.bpe");
  for (std::string line; std::getline(bpe, line);) {
    if (!line.starts_with("#version") && !line.empty()) merges.push_back(line);
  }
  const json root = {{"model",
                      {{"type", "BPE"},
                       {"vocab", json::parse(std::ifstream(dir / "encoder.json"))},
                       {"merges", merges}}}};
  const auto tok = gpt2_tokenizer_from_hf_json(root.dump());
  for (const json& c : parity_cases()) {
    EXPECT_EQ(tok->encode(c["text"].get<std::string>()), c["gpt2"].get<Ids>());
  }
}

}  // namespace
}  // namespace buildgpt

// The BPE engine on small vocabularies: merge order, the two merge styles, special tokens,
// decoding and the checks on the vocabulary.
#include "text/bpe.h"

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace buildgpt {
namespace {

using Ids = std::vector<int64_t>;

// The whole text is one piece, so the tests see the merges alone.
constexpr const char* kWholeText = R"((?s).+)";

// Every single byte (id = byte value) and then `extra`.
BpeVocabulary bytes_and(const std::vector<std::string>& extra) {
  BpeVocabulary v;
  for (int b = 0; b < 256; ++b) v.tokens.emplace_back(1, static_cast<char>(b));
  v.tokens.insert(v.tokens.end(), extra.begin(), extra.end());
  return v;
}

TEST(Bpe, TiktokenStyleMergesTheLowestRankFirst) {
  const BpeTokenizer bpe("t", kWholeText, bytes_and({"ab", "bc", "abc"}));
  EXPECT_EQ(bpe.encode("abc"), (Ids{258}));        // a token as a whole
  EXPECT_EQ(bpe.encode("abcd"), (Ids{258, 'd'}));  // ab (256) before bc (257), then abc
  EXPECT_EQ(bpe.encode("xbcd"), (Ids{'x', 257, 'd'}));
}

TEST(Bpe, Gpt2StyleMergesOnlyTheListedPairs) {
  BpeVocabulary v = bytes_and({"ab", "bc", "abc"});
  v.merges = {{'b', 'c'}, {'a', 'b'}, {256, 'c'}};
  const BpeTokenizer bpe("g", kWholeText, std::move(v));
  // bc merges first; "a" + "bc" is the token abc, but no merge joins those two parts.
  EXPECT_EQ(bpe.encode("abc"), (Ids{'a', 257}));
  EXPECT_EQ(bpe.encode("abd"), (Ids{256, 'd'}));
}

TEST(Bpe, TiesGoToTheLeftmostPair) {
  const BpeTokenizer bpe("t", kWholeText, bytes_and({"aa"}));
  EXPECT_EQ(bpe.encode("aaa"), (Ids{256, 'a'}));
}

TEST(Bpe, LongPiecesMergeCompletely) {
  const BpeTokenizer bpe("t", kWholeText, bytes_and({"aa", "aaaa"}));
  Ids expected(2500, 257);
  expected.push_back('a');
  EXPECT_EQ(bpe.encode(std::string(10001, 'a')), expected);
  EXPECT_EQ(bpe.encode(std::string(10001, 'a')), expected);  // again, from the cache or not
}

TEST(Bpe, SpecialTokensOnlyWhenAllowed) {
  BpeVocabulary v = bytes_and({});
  v.specials = {{"<s>", 300}, {"<s><s>", 301}};
  const BpeTokenizer bpe("t", kWholeText, std::move(v));
  EXPECT_EQ(bpe.vocab_size(), 302);
  EXPECT_EQ(bpe.encode("x<s>y", true), (Ids{'x', 300, 'y'}));
  EXPECT_EQ(bpe.encode("x<s>y", false), (Ids{'x', '<', 's', '>', 'y'}));
  EXPECT_EQ(bpe.encode("<s><s><s>", true), (Ids{301, 300}));  // the longest at a position
  EXPECT_EQ(bpe.decode_bytes({'x', 300, 301}), "x<s><s><s>");
}

TEST(Bpe, DecodingAnUnknownIdNamesItAndTheVocabularySize) {
  BpeVocabulary v = bytes_and({});
  v.specials = {{"<s>", 300}};
  const BpeTokenizer bpe("tiny", kWholeText, std::move(v));
  for (const int64_t id : {int64_t{301}, int64_t{-1}, int64_t{299}}) {
    EXPECT_TRUE(testing::throws<std::out_of_range>(
        [&] {
          bpe.decode_bytes({'a', id});
        },
        {"token id " + std::to_string(id), "tiny", "size 301"}));
  }
}

TEST(Bpe, DecodeReplacesBytesThatAreNotUtf8) {
  const BpeTokenizer bpe("t", kWholeText, bytes_and({}));
  const Ids ids = bpe.encode("\xC3\xA9");
  EXPECT_EQ(bpe.decode(ids), "\xC3\xA9");
  EXPECT_EQ(bpe.decode_bytes({ids[0]}), "\xC3");
  EXPECT_EQ(bpe.decode({ids[0], 'a'}),
            "\xEF\xBF\xBD"
            "a");
}

TEST(Bpe, VocabularyRulesAreChecked) {
  EXPECT_TRUE(testing::throws<std::invalid_argument>(
      [] {
        BpeVocabulary v = bytes_and({});
        v.tokens['A'].clear();
        BpeTokenizer("t", kWholeText, std::move(v));
      },
      {"single byte 0x41"}));
  EXPECT_TRUE(testing::throws<std::invalid_argument>(
      [] {
        BpeTokenizer("t", kWholeText, bytes_and({"ab", "ab"}));
      },
      {"256", "257", "\"ab\""}));
  EXPECT_TRUE(testing::throws<std::invalid_argument>(
      [] {
        BpeVocabulary v = bytes_and({"ab"});
        v.merges = {{'a', 'c'}};
        BpeTokenizer("t", kWholeText, std::move(v));
      },
      {"merge 0", "\"ac\"", "not a token"}));
  EXPECT_TRUE(testing::throws<std::invalid_argument>(
      [] {
        BpeVocabulary v = bytes_and({});
        v.specials = {{"<s>", 'a'}};
        BpeTokenizer("t", kWholeText, std::move(v));
      },
      {"<s>", "id 97"}));
}

}  // namespace
}  // namespace buildgpt

// Pre-tokenisation with the GPT-2 and cl100k_base regexes, on valid and invalid UTF-8.
#include "text/pretokenizer.h"

#include <gtest/gtest.h>

#include <random>

#include "text/gpt2_tokenizer.h"
#include "text/tiktoken_tokenizer.h"
#include "text_test_util.h"

namespace buildgpt {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(Pretokenizer, SplitsLikeGpt2) {
  const Pretokenizer gpt2{std::string(kGpt2Pattern)};
  EXPECT_EQ(gpt2.split("Hello world's 1234 ok!!  \n"),
            (Pieces{"Hello", " world", "'s", " 1234", " ok", "!!", "  \n"}));
  EXPECT_EQ(gpt2.split("a   b"), (Pieces{"a", "  ", " b"}));
  EXPECT_TRUE(gpt2.split("").empty());
}

TEST(Pretokenizer, SplitsLikeCl100k) {
  const Pretokenizer cl100k{std::string(kCl100kPattern)};
  EXPECT_EQ(cl100k.split("I'LL pay 1234567\r\n\n  x"),
            (Pieces{"I", "'LL", " pay", " ", "123", "456", "7", "\r\n\n", " ", " x"}));
}

TEST(Pretokenizer, InvalidBytesArePiecesOfTheirOwn) {
  const Pretokenizer gpt2{std::string(kGpt2Pattern)};
  EXPECT_EQ(gpt2.split("ab\xFF\xC3 cd\xE2\x82"),
            (Pieces{"ab", "\xFF", "\xC3", " cd", "\xE2", "\x82"}));
}

TEST(Pretokenizer, PiecesCoverRandomBytesExactly) {
  const Pretokenizer cl100k{std::string(kCl100kPattern)};
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text(rng() % 64, '\0');
    for (char& c : text)
      c = static_cast<char>(rng() % 4 == 0 ? rng() : "a ,\n1\xC3\xA9"[rng() % 7]);
    std::string joined;
    for (const std::string_view piece : cl100k.split(text)) {
      EXPECT_FALSE(piece.empty());
      joined += piece;
    }
    EXPECT_EQ(joined, text);
  }
}

TEST(Pretokenizer, ABadPatternSaysWhere) {
  EXPECT_TRUE(testing::throws<std::invalid_argument>([] { Pretokenizer("a(b"); },
                                                     {"does not compile", "offset 3"}));
}

}  // namespace
}  // namespace buildgpt

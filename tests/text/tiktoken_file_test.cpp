// Reading .tiktoken files: the format, and each way a file can be broken.
#include <gtest/gtest.h>

#include "text/load_tokenizer.h"
#include "text/tiktoken_tokenizer.h"
#include "text_test_util.h"

namespace buildgpt {
namespace {

using Ranks = std::vector<std::string>;
using testing::throws;

TEST(TiktokenFile, ReadsBase64TokensByRank) {
  EXPECT_EQ(parse_tiktoken("Yg== 1\r\nYQ== 0\n\nAP8= 2\nYWJj 3", "f"),
            (Ranks{"a", "b", std::string("\0\xFF", 2), "abc"}));
}

TEST(TiktokenFile, BrokenLinesAreNamed) {
  const auto with = [](std::string contents) { return [=] { parse_tiktoken(contents, "f"); }; };
  EXPECT_TRUE(throws<std::runtime_error>(with(""), {"f", "empty"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("\n\n"), {"f", "no ranks"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("YQ== 0\nYg==1\n"), {"f line 2", "<rank>"}));
  for (const char* bad : {"Y!== 0", "YQ= 0", "YR== 0", "=YQ= 0", " 0", "Y=Q= 0"}) {
    EXPECT_TRUE(throws<std::runtime_error>(with(bad), {"f line 1", "not valid base64"})) << bad;
  }
  for (const char* bad : {"YQ== x", "YQ== -1", "YQ== 1 2", "YQ== ", "YQ== 99999999999"}) {
    EXPECT_TRUE(throws<std::runtime_error>(with(bad), {"f line 1", "rank"})) << bad;
  }
  EXPECT_TRUE(throws<std::runtime_error>(with("YQ== 0\nYg== 0\n"),
                                         {"f line 2", "rank 0 was given already on line 1"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("YQ== 0\nYQ== 1\n"),
                                         {"f line 2", "token was given already on line 1"}));
  EXPECT_TRUE(throws<std::runtime_error>(with("YQ== 0\nYg== 2\n"), {"f", "rank 1 is missing"}));
  // Found by fuzz/fuzz_tiktoken: one large rank must not allocate room for all below it.
  EXPECT_TRUE(throws<std::runtime_error>(with("YQ== 666666661\n"), {"f", "rank 0 is missing"}));
}

TEST(TiktokenFile, TooFewRanksForCl100kIsCalledTruncated) {
  EXPECT_TRUE(throws<std::runtime_error>(
      [] {
        cl100k_base_tokenizer({"a", "b"}, "f");
      },
      {"f", "2 ranks", "100256", "truncated"}));
}

TEST(TiktokenFile, LoadTokenizerNamesTheFileAndLine) {
  const testing::ScratchDir dir;
  EXPECT_TRUE(throws<std::runtime_error>([&] { load_tokenizer("cl100k_base", dir.path()); },
                                         {"cl100k_base.tiktoken", "fetch_tokenizers.sh"}));
  const auto file = dir.write("cl100k_base.tiktoken", "YQ== 0\nnot base64! 1\n");
  EXPECT_TRUE(throws<std::runtime_error>([&] { load_tokenizer("cl100k", dir.path()); },
                                         {file.string() + " line 2", "base64"}));
}

}  // namespace
}  // namespace buildgpt

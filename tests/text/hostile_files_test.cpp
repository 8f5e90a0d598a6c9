// Tokenizer files written to break the readers: nesting too deep for any parser, keys given
// twice, values too long to quote whole, folders where files belong. Each must give an error
// that names the file and the reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"
#include "text/gpt2_tokenizer.h"
#include "text/load_tokenizer.h"
#include "text/pretokenizer.h"
#include "text/tiktoken_tokenizer.h"
#include "text_test_util.h"

namespace buildgpt {
namespace {

using testing::throws;

// A value nested `depth` arrays deep: a few hundred kilobytes that once overflowed the stack.
std::string nested(size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

// The message of the std::runtime_error that `body` throws.
template <typename Body>
std::string message_of(Body body) {
  return testing::message_of<std::runtime_error>(body);
}

TEST(HostileTokenizerFiles, DeepNestingInEncoderJsonIsAnError) {
  const std::string message = message_of(
      [] { gpt2_tokenizer(R"({"a": )" + nested(200000) + "}", "#version: 0.2\n", "enc.json"); });
  EXPECT_NE(message.find("enc.json"), std::string::npos) << message;
  EXPECT_NE(message.find("nested deeper than"), std::string::npos) << message;
  EXPECT_LT(message.size(), 400u);
}

TEST(HostileTokenizerFiles, DeepNestingInTokenizerJsonIsAnError) {
  const std::string message = message_of([] {
    gpt2_tokenizer_from_hf_json(R"({"model": {"type": )" + nested(200000) + "}}", "t.json");
  });
  EXPECT_NE(message.find("t.json"), std::string::npos) << message;
  EXPECT_NE(message.find("nested deeper than"), std::string::npos) << message;
}

TEST(HostileTokenizerFiles, ValuesInErrorsAreShownAsShortExcerpts) {
  // A model.type of a million elements, a merge that is a long array, a long token name.
  std::string long_array = "[1";
  for (int i = 0; i < 300000; ++i) long_array += ",1";
  long_array += "]";
  std::string message = message_of(
      [&] { gpt2_tokenizer_from_hf_json(R"({"model": {"type": )" + long_array + "}}", "t.json"); });
  EXPECT_NE(message.find("model.type"), std::string::npos) << message;
  EXPECT_LT(message.size(), 300u) << message.size();
  message = message_of(
      [] { gpt2_tokenizer(R"({")" + std::string(500000, 'x') + R"(": -1})", "#version: 0.2\n"); });
  EXPECT_NE(message.find("xxxx"), std::string::npos) << message;
  EXPECT_LT(message.size(), 300u) << message.size();
}

TEST(HostileTokenizerFiles, AKeyGivenTwiceIsAnError) {
  EXPECT_TRUE(throws<std::runtime_error>(
      [] { gpt2_tokenizer(R"({"a": 0, "a": 1})", "#version: 0.2\n", "enc.json"); },
      {"enc.json", "\"a\"", "twice"}));
}

TEST(HostileTokenizerFiles, AFolderWhereAFileBelongsIsNamedAsSuch) {
  // Not "the file is empty", and no advice to fetch the files again: that would not help.
  for (const std::string folder : {"encoder.json", "vocab.bpe"}) {
    const testing::ScratchDir dir;
    dir.write("gpt2/encoder.json", R"({"a": 0})");
    std::filesystem::remove(dir.path() / "gpt2" / folder);
    std::filesystem::create_directories(dir.path() / "gpt2" / folder);
    const std::string message = message_of([&] { load_tokenizer("gpt2", dir.path()); });
    EXPECT_NE(message.find(folder + ": is a directory"), std::string::npos) << message;
    EXPECT_EQ(message.find("empty"), std::string::npos) << message;
    EXPECT_EQ(message.find("fetch_tokenizers"), std::string::npos) << message;
  }
}

TEST(HostileTokenizerFiles, Cl100kSplitsARunOfTenMillionSpaces) {
  // The regex backtracks over the whole run once (`\s*[\r\n]`): linear, but past PCRE2's
  // default limit of ten million steps. (Encoding the run takes BPE some seconds more.)
  const Pretokenizer cl100k{std::string(kCl100kPattern)};
  const std::string spaces(10'000'000, ' ');
  const std::vector<std::string_view> pieces = cl100k.split(spaces);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].size(), spaces.size());
}

}  // namespace
}  // namespace buildgpt

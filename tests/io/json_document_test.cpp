#include "io/json_document.h"

#include <gtest/gtest.h>

#include "io/excerpt.h"
#include "io/file_error.h"
#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::throws;

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonDocument, ParsesWhatIsWithinTheLimits) {
  const nlohmann::json doc = parse_json_document(R"({"a": [1, {"b": "c"}], "d": {"b": 2}})", "x");
  EXPECT_EQ(doc["a"][1]["b"], "c");
  EXPECT_EQ(doc["d"]["b"], 2);  // the same key in two objects is fine
  EXPECT_NO_THROW(parse_json_document(nested(64), "x"));
}

TEST(JsonDocument, RefusesDeepNestingRepeatedKeysAndLongTexts) {
  EXPECT_TRUE(throws<FileError>([] { parse_json_document(nested(65), "f.json"); },
                                {"f.json", "nested deeper than 64 levels"}));
  EXPECT_TRUE(throws<FileError>([] { parse_json_document(nested(1000000), "f.json"); },
                                {"nested deeper than 64 levels"}));
  EXPECT_TRUE(throws<FileError>([] { parse_json_document("[[1]]", "f.json", {.max_depth = 1}); },
                                {"nested deeper than 1 levels"}));
  EXPECT_TRUE(throws<FileError>([] { parse_json_document(R"({"k": {"a": 1, "a": 2}})", "f.json"); },
                                {"key \"a\" is given twice"}));
  EXPECT_TRUE(throws<FileError>([] { parse_json_document("[1, 2]", "f.json", {.max_bytes = 5}); },
                                {"6 bytes", "limit of 5"}));
  EXPECT_TRUE(throws<FileError>([] { parse_json_document("[1, 2", "f.json"); },
                                {"f.json: not valid JSON"}));
}

TEST(JsonDocument, ExcerptsAreShort) {
  nlohmann::json big = nlohmann::json::array();
  for (int i = 0; i < 100000; ++i) big.push_back(i);
  const std::string e = json_excerpt(big);
  EXPECT_EQ(e.rfind("[0,1,2,", 0), 0u) << e;
  EXPECT_LT(e.size(), 70u) << e;
  EXPECT_EQ(json_excerpt(nlohmann::json{{"k", "v"}, {"n", {1, 2}}}), R"({"k":"v","n":[1,2]})");
  EXPECT_EQ(json_excerpt(std::string(100, 'z')).size(),
            2 + 48 + std::string("... (100 bytes)").size());
}

TEST(Excerpt, QuotesEscapesAndCutsAtACharacter) {
  EXPECT_EQ(quoted_excerpt("a\"b\\c\n\x01"), R"("a\"b\\c\n\x01")");
  EXPECT_EQ(quoted_excerpt("\xC3\xA9\xC3\xA9", 3), "\"\xC3\xA9\"... (4 bytes)");
  EXPECT_EQ(shortened("abcdef", 3), "abc...");
  EXPECT_EQ(shortened("abc", 3), "abc");
}

}  // namespace
}  // namespace buildgpt

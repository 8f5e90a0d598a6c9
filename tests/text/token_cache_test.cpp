#include "text/token_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <sstream>

#include "text/char_tokenizer.h"
#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::read_file;
using testing::ScratchDir;

constexpr const char* kText = "to be or not to be\nthat is the question\n";

std::vector<int64_t> as_int64(std::span<const uint32_t> ids) { return {ids.begin(), ids.end()}; }

// Builds the cache of `text_path` and returns what load_or_build reported.
std::string load(const std::filesystem::path& text_path, const Tokenizer& tok,
                 std::vector<int64_t>* ids = nullptr) {
  std::ostringstream report;
  const TokenCache cache = TokenCache::load_or_build(text_path, tok, report);
  if (ids) *ids = as_int64(cache.ids());
  return report.str();
}

class TokenCacheTest : public ::testing::Test {
 protected:
  ScratchDir dir;
  std::filesystem::path text = dir.write("corpus.txt", kText);
  CharTokenizer tok = CharTokenizer::from_text(kText);
  std::filesystem::path cache = token_cache_path(text, "char");

  // Changes the cache with `corrupt`, then checks the next load reports `reason`, rebuilds a
  // correct cache and leaves no temporary file.
  void expect_rebuilt(const std::function<void(std::string&)>& corrupt, const std::string& reason) {
    load(text, tok);
    std::string bytes = read_file(cache);
    corrupt(bytes);
    dir.write(cache.filename().string(), bytes);
    std::vector<int64_t> ids;
    const std::string report = load(text, tok, &ids);
    EXPECT_NE(report.find(cache.string()), std::string::npos) << report;
    EXPECT_NE(report.find(reason), std::string::npos) << report;
    EXPECT_NE(report.find("rebuilding"), std::string::npos) << report;
    EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 1) << report;
    EXPECT_EQ(ids, tok.encode(read_file(text)));
    EXPECT_EQ(load(text, tok), "");  // the rebuilt cache is used as it is
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"corpus.txt", "corpus.txt.char.tokens"}));
  }
};

TEST_F(TokenCacheTest, BuildsTheCacheBesideTheTextAndReloadsIt) {
  EXPECT_EQ(cache, dir.path() / "corpus.txt.char.tokens");
  std::vector<int64_t> built, reloaded;
  EXPECT_EQ(load(text, tok, &built), "");
  EXPECT_EQ(built, tok.encode(kText));
  EXPECT_EQ(std::filesystem::file_size(cache), 80 + built.size() * 4);
  const auto written = std::filesystem::last_write_time(cache);
  EXPECT_EQ(load(text, tok, &reloaded), "");
  EXPECT_EQ(reloaded, built);
  EXPECT_EQ(std::filesystem::last_write_time(cache), written);  // read, not rewritten
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"corpus.txt", "corpus.txt.char.tokens"}));
}

TEST_F(TokenCacheTest, MovingACacheKeepsItsIds) {
  TokenCache first = TokenCache::load_or_build(text, tok);
  const TokenCache moved = std::move(first);
  EXPECT_EQ(as_int64(moved.ids()), tok.encode(kText));
  EXPECT_EQ(moved.path(), cache);
}

TEST_F(TokenCacheTest, ACacheTruncatedAfterLoadingKeepsItsIds) {
  const TokenCache loaded = TokenCache::load_or_build(text, tok);
  std::filesystem::resize_file(cache, 80);  // another program rewrites the file meanwhile
  EXPECT_EQ(as_int64(loaded.ids()), tok.encode(kText));
}

TEST_F(TokenCacheTest, ATruncatedCacheIsRebuilt) {
  expect_rebuilt([](std::string& b) { b.resize(b.size() - 3); }, "the header promises");
  expect_rebuilt([](std::string& b) { b.resize(20); }, "shorter than the header");
  expect_rebuilt([](std::string& b) { b.clear(); }, "truncated");
}

TEST_F(TokenCacheTest, ABadMagicOrVersionIsRebuilt) {
  expect_rebuilt([](std::string& b) { b[0] = 'X'; }, "bad magic");
  expect_rebuilt([](std::string& b) { b[8] = 9; }, "format version 9");
}

TEST_F(TokenCacheTest, AWrongCountOrCorruptIdsAreRebuilt) {
  expect_rebuilt([](std::string& b) { b[56] += 1; }, "the header promises");
  expect_rebuilt([](std::string& b) { b += std::string(4, '\0'); }, "the header promises");
  expect_rebuilt([](std::string& b) { b[80] ^= 1; }, "checksum");
}

TEST_F(TokenCacheTest, AChangedTextIsRebuilt) {
  load(text, tok);
  dir.write("corpus.txt", "to be or not\n");
  std::vector<int64_t> ids;
  const std::string report = load(text, tok, &ids);
  EXPECT_NE(report.find("the text has changed"), std::string::npos) << report;
  EXPECT_EQ(ids, tok.encode("to be or not\n"));
}

TEST_F(TokenCacheTest, AnotherTokenizerOrVocabularyIsStale) {
  load(text, tok);
  const CharTokenizer bigger = CharTokenizer::from_text(std::string(kText) + "XYZ");
  std::vector<int64_t> ids;
  const std::string report = load(text, bigger, &ids);
  EXPECT_NE(report.find("vocabulary size"), std::string::npos) << report;
  EXPECT_EQ(ids, bigger.encode(kText));

  // A cache written under another tokenizer's name (patched in place) is not used either.
  std::string bytes = read_file(cache);
  bytes.replace(16, 4, "gpt2");
  dir.write(cache.filename().string(), bytes);
  EXPECT_NE(load(text, bigger).find("built by tokenizer \"gpt2\", not \"char\""),
            std::string::npos);
}

TEST_F(TokenCacheTest, AMissingOrEmptyTextIsAnErrorAndWritesNothing) {
  EXPECT_THROW(TokenCache::load_or_build(dir.path() / "missing.txt", tok), std::runtime_error);
  EXPECT_THROW(TokenCache::load_or_build(dir.write("empty.txt", ""), tok), std::runtime_error);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"corpus.txt", "empty.txt"}));
}

TEST_F(TokenCacheTest, ATextTheTokenizerCannotEncodeLeavesNoCache) {
  const CharTokenizer small = CharTokenizer::from_text("tobe");
  EXPECT_THROW(TokenCache::load_or_build(text, small), std::invalid_argument);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"corpus.txt"});
}

}  // namespace
}  // namespace buildgpt

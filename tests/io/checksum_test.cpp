#include "io/checksum.h"

#include <gtest/gtest.h>

#include <string>

namespace buildgpt {
namespace {

TEST(Fnv1a64, MatchesTheReferenceValuesWholeOrInPieces) {
  EXPECT_EQ(fnv1a64({}), 0xcbf29ce484222325ULL);
  const std::string foobar = "foobar";
  EXPECT_EQ(fnv1a64(std::as_bytes(std::span(foobar))), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64().update("foo").update("").update("bar").value(), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace buildgpt

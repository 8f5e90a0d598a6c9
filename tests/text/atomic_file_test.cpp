#include "text/atomic_file.h"

#include <gtest/gtest.h>

#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::read_file;
using testing::ScratchDir;

TEST(AtomicFile, ReplacesTheFileWhole) {
  ScratchDir dir;
  const auto path = dir.write("out.bin", "old");
  write_file_atomically(path, [](std::ostream& out) { out << "new contents"; });
  EXPECT_EQ(read_file(path), "new contents");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  ScratchDir dir;
  const auto path = dir.write("out.bin", "old");
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::ostream& out) {
                                       out << "half of it";
                                       throw std::runtime_error("interrupted");
                                     }),
               std::runtime_error);
  EXPECT_EQ(read_file(path), "old");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, AnUnwritableFolderIsAnErrorNamingTheFile) {
  ScratchDir dir;
  EXPECT_TRUE(testing::throws<std::runtime_error>(
      [&] { write_file_atomically(dir.path() / "no" / "such" / "f", [](std::ostream&) {}); },
      {"no/such/f", "cannot create"}));
}

}  // namespace
}  // namespace buildgpt

#include "io/read_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/file_error.h"
#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::ScratchDir;
using testing::throws;

TEST(ReadFile, ReadsWholeFilesAndPipes) {
  ScratchDir dir;
  const std::string big(300000, 'b');
  EXPECT_EQ(read_file(dir.write("a.txt", big)), big);
  EXPECT_EQ(read_file(dir.write("empty.txt", "")), "");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "piped", 5), 5);
  ::close(fds[1]);
  EXPECT_EQ(read_all(fds[0], "the pipe"), "piped");
  ::close(fds[0]);
}

TEST(ReadFile, ErrorsNameTheFileAndTheReason) {
  ScratchDir dir;
  EXPECT_TRUE(throws<FileError>([&] { read_file(dir.path() / "missing"); },
                                {"missing: cannot read: No such file or directory"}));
  EXPECT_TRUE(throws<FileError>([&] { read_file(dir.path()); }, {"is a directory, not a file"}));
  EXPECT_TRUE(throws<FileError>([&] { read_file(dir.write("big.txt", "12345"), 4); },
                                {"big.txt: larger than the limit of 4 bytes"}));
  EXPECT_TRUE(throws<FileError>([&] { read_all(-1, "standard input"); },
                                {"standard input: cannot read: Bad file descriptor"}));
  try {
    read_file(dir.path() / "missing");
  } catch (const FileError& e) {
    EXPECT_EQ(e.code(), ENOENT);
  }
}

TEST(InputFile, ReadsPartsAndNoticesAFileCutShort) {
  ScratchDir dir;
  const auto path = dir.write("data.bin", "0123456789");
  const InputFile file(path);
  EXPECT_EQ(file.size(), 10u);
  char part[4];
  file.read_at(3, part, 4);
  EXPECT_EQ(std::string(part, 4), "3456");
  std::filesystem::resize_file(path, 5);  // changed underneath
  EXPECT_TRUE(throws<FileError>([&] { file.read_at(3, part, 4); },
                                {"data.bin", "ends at byte 5", "changed while being read"}));
  EXPECT_TRUE(throws<FileError>([&] { InputFile{dir.path()}; }, {"is a directory"}));
}

}  // namespace
}  // namespace buildgpt

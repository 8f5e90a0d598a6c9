#include "io/output_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/file_error.h"
#include "text/text_test_util.h"

namespace buildgpt {
namespace {

using testing::read_file;
using testing::ScratchDir;
using testing::throws;

TEST(OutputFile, TruncatesOrAppends) {
  ScratchDir dir;
  const auto path = dir.write("log.csv", "old\n");
  {
    OutputFile out(path, OutputFile::Mode::Append);
    out << "more\n";
    out.close();
  }
  EXPECT_EQ(read_file(path), "old\nmore\n");
  OutputFile out(path, OutputFile::Mode::Truncate);
  out << std::string(200000, 'x');  // more than the buffer: written straight through
  out.close(/*sync=*/true);
  EXPECT_EQ(read_file(path), std::string(200000, 'x'));
}

TEST(OutputFile, AFullDiskIsReportedWithTheReason) {
  OutputFile out(std::filesystem::path("/dev/full"), OutputFile::Mode::Truncate);
  out << "a few bytes, held in the buffer";
  EXPECT_NO_THROW(out.check());
  EXPECT_TRUE(throws<FileError>([&] { out.close(); }, {"/dev/full: No space left on device"}));
}

TEST(OutputFile, AClosedDescriptorFailsOnTheFirstWrite) {
  OutputFile out(-1, "standard output");
  out << "text" << std::flush;
  EXPECT_TRUE(out.bad());
  EXPECT_TRUE(throws<FileError>([&] { out.check(); }, {"standard output: Bad file descriptor"}));
  OutputFile unused(-1, "standard output");
  EXPECT_NO_THROW(unused.close());  // nothing written, nothing lost
}

TEST(OutputFile, AFolderThatDoesNotExistIsNamed) {
  ScratchDir dir;
  EXPECT_TRUE(throws<FileError>(
      [&] { OutputFile(dir.path() / "no" / "f.txt", OutputFile::Mode::Truncate); },
      {"no/f.txt: cannot create: No such file or directory"}));
}

}  // namespace
}  // namespace buildgpt

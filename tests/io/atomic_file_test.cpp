#include "io/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

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
      {"no/such/f", "cannot create", "No such file or directory"}));
}

TEST(AtomicFile, AFileSizeLimitIsAnErrorNotASignal) {
  ScratchDir dir;
  const auto path = dir.write("out.bin", "old");
  rlimit previous{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  rlimit small = previous;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const bool thrown = testing::throws<std::runtime_error>(
      [&] {
        write_file_atomically(path, [](std::ostream& out) { out << std::string(100000, 'x'); });
      },
      {"out.bin", "File too large", "4096"});
  ::setrlimit(RLIMIT_FSIZE, &previous);
  EXPECT_TRUE(thrown);
  EXPECT_EQ(read_file(path), "old");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, TerminationRemovesTheTemporaryFile) {
  ScratchDir dir;
  const auto path = dir.write("out.bin", "old");
  for (const int signal : {SIGTERM, SIGINT}) {
    EXPECT_EXIT(write_file_atomically(path,
                                      [&](std::ostream& out) {
                                        out << "half of it" << std::flush;
                                        std::raise(signal);
                                      }),
                ::testing::KilledBySignal(signal), "");
    EXPECT_EQ(read_file(path), "old");
    EXPECT_EQ(dir.files(), std::vector<std::string>{"out.bin"});
  }
}

TEST(AtomicFile, TemporariesOfDeadProcessesAreRemovedAtTheNextWrite) {
  ScratchDir dir;
  const auto path = dir.write("out.bin", "old");
  // No process has an id above the kernel's limit (4194304 at most); the parent is alive.
  dir.write("out.bin.tmp.2147483646", "left by a killed writer");
  const std::string alive = "out.bin.tmp." + std::to_string(::getppid());
  dir.write(alive, "being written by a live process");
  dir.write("other.bin.tmp.2147483646", "another file's");
  write_file_atomically(path, [](std::ostream& out) { out << "new"; });
  EXPECT_EQ(read_file(path), "new");
  std::vector<std::string> kept = {alive, "other.bin.tmp.2147483646", "out.bin"};
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(dir.files(), kept);
}

}  // namespace
}  // namespace buildgpt

// Choosing OpenBLAS's kernels: the order of core types, the processor's features, the check a
// child process runs, and the line that describes the BLAS in use.
#include "autograd/cpu/blas_core.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace buildgpt {
namespace {

TEST(BlasCore, OlderCoresAreRecognised) {
  EXPECT_TRUE(cpu::core_is_older("Prescott", "Haswell"));
  EXPECT_TRUE(cpu::core_is_older("Sandybridge", "SkylakeX"));
  EXPECT_TRUE(cpu::core_is_older("Zen", "SkylakeX"));
  EXPECT_FALSE(cpu::core_is_older("Cooperlake", "SkylakeX"));
  EXPECT_FALSE(cpu::core_is_older("Haswell", "Haswell"));
  EXPECT_FALSE(cpu::core_is_older("SomethingNew", "Haswell"));  // unknown names are left alone
  EXPECT_FALSE(cpu::core_is_older("Prescott", ""));
}

TEST(BlasCore, TheSupportedCoreFollowsTheProcessorFeatures) {
  __builtin_cpu_init();
  const std::string core = cpu::supported_core();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    EXPECT_EQ(core, "SkylakeX");
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    EXPECT_EQ(core, "Haswell");
  } else {
    EXPECT_EQ(core, "");
  }
}

// The child that checks a core before a program re-executes itself: this very test program,
// started in check mode, must compute its product right and exit 0 before main runs.
TEST(BlasCore, TheCheckModeExitsCleanlyWhenProductsAreRight) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("BUILDGPT_BLAS_CORE_STATE", "check", 1);
    ::execl("/proc/self/exe", "blas_core_check", "--gtest_filter=NoSuchTest", nullptr);
    ::_exit(127);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(BlasCore, TheDescriptionNamesLibraryThreadingAndCore) {
  const std::string line = cpu::blas_description();
  EXPECT_NE(line.find("OpenBLAS"), std::string::npos) << line;
  EXPECT_NE(line.find("threads; core "), std::string::npos) << line;
  EXPECT_NE(line.find(std::getenv("OPENBLAS_CORETYPE") ? "set by OPENBLAS_CORETYPE" : "("),
            std::string::npos)
      << line;
}

}  // namespace
}  // namespace buildgpt

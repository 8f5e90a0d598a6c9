#include "autograd/cpu/blas_core.h"

#include <cblas.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" {
char* openblas_get_corename(void);
char* openblas_get_config(void);
int openblas_get_num_threads(void);
int openblas_get_parallel(void);
}

namespace buildgpt::cpu {
namespace {

// How the re-execution went, passed to the new process image.
constexpr const char* kStateVariable = "BUILDGPT_BLAS_CORE_STATE";
constexpr const char* kChosen = "chosen";  // we set OPENBLAS_CORETYPE and re-executed
constexpr const char* kCheck = "check";    // this process only checks the core, then exits

// OpenBLAS's x86-64 core types, oldest first.
constexpr std::array<const char*, 12> kCoreOrder = {
    "Prescott", "Core2", "Penryn",   "Dunnington", "Nehalem",        "Sandybridge",
    "Haswell",  "Zen",   "SkylakeX", "Cooperlake", "SapphireRapids", ""};

int rank_of(const std::string& core) {
  for (size_t i = 0; i + 1 < kCoreOrder.size(); ++i) {
    if (core == kCoreOrder[i]) return static_cast<int>(i);
  }
  return -1;
}

// A 48×40×56 product against a double-precision loop: whether this BLAS computes correctly.
bool product_is_right() {
  constexpr int m = 48, k = 40, n = 56;
  std::vector<float> a(m * k), b(k * n), c(m * n);
  for (int i = 0; i < m * k; ++i) a[i] = std::sin(0.37f * static_cast<float>(i));
  for (int i = 0; i < k * n; ++i) b[i] = std::cos(0.23f * static_cast<float>(i));
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n,
              0.0f, c.data(), n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double want = 0;
      for (int p = 0; p < k; ++p) want += static_cast<double>(a[i * k + p]) * b[p * n + j];
      if (!(std::fabs(c[i * n + j] - want) <= 1e-4 * (1 + std::fabs(want)))) return false;
    }
  }
  return true;
}

// This program's arguments, as the kernel recorded them.
std::vector<std::string> own_arguments() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t start = 0; start < all.size();) {
    const size_t end = all.find('\0', start);
    args.push_back(all.substr(start, end - start));
    start = end == std::string::npos ? all.size() : end + 1;
  }
  return args;
}

void exec_self(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv("/proc/self/exe", argv.data());  // returns only on failure
}

// Whether `core` passes the product check, run in a child process so that a crash there (some
// OpenBLAS builds crash with kernels the processor supports) cannot take this one down.
bool core_passes_in_child(const std::string& core, const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
    ::setenv(kStateVariable, kCheck, 1);
    exec_self(args);
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Runs before main in every program that links the engine.
void choose_core_at_start_up() {
  const char* state = std::getenv(kStateVariable);
  if (state && std::string(state) == kCheck) std::_Exit(product_is_right() ? 0 : 1);
  if (state || std::getenv("OPENBLAS_CORETYPE")) return;  // chosen already, or by the user
  const char* opt_out = std::getenv("BUILDGPT_BLAS_CORE");
  if (opt_out && std::string(opt_out) == "off") return;
  const std::string wanted = opt_out ? std::string(opt_out) : supported_core();
  const std::string current = openblas_get_corename();
  if (wanted.empty() || !core_is_older(current, wanted)) return;
  const std::vector<std::string> args = own_arguments();
  if (args.empty()) return;
  if (!core_passes_in_child(wanted, args)) {
    std::fprintf(stderr,
                 "buildgpt: OpenBLAS runs its %s kernels; %s kernels failed a check on this "
                 "machine, so they stay off\n",
                 current.c_str(), wanted.c_str());
    return;
  }
  ::setenv("OPENBLAS_CORETYPE", wanted.c_str(), 1);
  ::setenv(kStateVariable, kChosen, 1);
  exec_self(args);
  ::unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on as we were
  ::unsetenv(kStateVariable);
}

}  // namespace

// A static initialiser, so the choice is made before main prints anything; cpu_backend() refers
// to it so that the linker keeps this file in every program.
const bool kBlasCoreChosen = (choose_core_at_start_up(), true);

std::string supported_core() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    return "SkylakeX";
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
  return "";
}

bool core_is_older(const std::string& current, const std::string& wanted) {
  const int have = rank_of(current), want = rank_of(wanted);
  return have >= 0 && want >= 0 && have < want;
}

std::string current_core() { return openblas_get_corename(); }

std::string blas_description() {
  const int parallel = openblas_get_parallel();
  const std::string core = current_core();
  const char* state = std::getenv(kStateVariable);
  const char* asked = std::getenv("OPENBLAS_CORETYPE");
  std::string who = "OpenBLAS's own choice";
  if (asked) {
    const bool chosen = state && std::string(state) == kChosen;
    who = std::string(chosen ? "chosen for this processor" : "set by OPENBLAS_CORETYPE");
    if (core != asked) who += "; OPENBLAS_CORETYPE asked for " + std::string(asked);
  }
  return std::string(openblas_get_config()) + "; threading " +
         (parallel == 2   ? "OpenMP"
          : parallel == 1 ? "pthreads"
                          : "none") +
         ", " + std::to_string(openblas_get_num_threads()) + " threads; core " + core + " (" + who +
         ")";
}

}  // namespace buildgpt::cpu

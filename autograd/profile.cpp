#include "autograd/profile.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>

namespace buildgpt {
namespace {

std::mutex& table_mutex() {
  static std::mutex m;
  return m;
}

std::map<std::string, OpProfile>& table() {
  static std::map<std::string, OpProfile> t;
  return t;
}

thread_local double last_mark = 0;

const char* setting() {
  const char* v = std::getenv("BUILDGPT_PROFILE");
  return v == nullptr ? "" : v;
}

const bool kCpuClock = std::string(setting()) == "cpu";

}  // namespace

namespace detail {

const bool kProfileOn = *setting() != '\0' && std::string(setting()) != "0";

double profile_clock() {
  if (kCpuClock) {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void profile_forward(const char* op) {
  const double now = profile_clock();
  std::lock_guard<std::mutex> lock(table_mutex());
  OpProfile& p = table()[op];
  p.forward_seconds += last_mark > 0 ? now - last_mark : 0;
  ++p.forward_calls;
  last_mark = now;
}

void profile_backward(const std::string& op, double seconds) {
  std::lock_guard<std::mutex> lock(table_mutex());
  OpProfile& p = table()[op];
  p.backward_seconds += seconds;
  ++p.backward_calls;
}

}  // namespace detail

bool profile_enabled() { return detail::kProfileOn; }

const char* profile_clock_name() { return kCpuClock ? "cpu" : "wall"; }

void profile_restart() { last_mark = detail::profile_clock(); }

std::vector<OpProfile> profile_take() {
  std::vector<OpProfile> out;
  {
    std::lock_guard<std::mutex> lock(table_mutex());
    for (auto& [name, p] : table()) {
      p.op = name;
      out.push_back(p);
    }
    table().clear();
  }
  std::sort(out.begin(), out.end(), [](const OpProfile& a, const OpProfile& b) {
    return a.forward_seconds + a.backward_seconds > b.forward_seconds + b.backward_seconds;
  });
  return out;
}

}  // namespace buildgpt

#include "autograd/profile.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
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

}  // namespace

namespace detail {

const bool kProfileOn = [] {
  const char* v = std::getenv("BUILDGPT_PROFILE");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}();

double profile_clock() {
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

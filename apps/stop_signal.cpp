#include "apps/stop_signal.h"

#include <signal.h>

#include "io/temp_files.h"

namespace buildgpt::cli {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

std::atomic<bool> stop_requested{false};
std::atomic<int> first_signal{0};
struct sigaction previous[std::size(kSignals)];

extern "C" void on_signal(int signal) {
  if (stop_requested.exchange(true)) remove_temporaries_and_die(signal);
  first_signal.store(signal);
}

}  // namespace

StopOnSignal::StopOnSignal() {
  stop_requested = false;
  first_signal = 0;
  struct sigaction ours {};
  ours.sa_handler = on_signal;
  ours.sa_flags = SA_RESTART;  // a write in progress goes on
  sigemptyset(&ours.sa_mask);
  for (size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &ours, &previous[i]);
}

StopOnSignal::~StopOnSignal() {
  for (size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &previous[i], nullptr);
}

const std::atomic<bool>& StopOnSignal::requested() const { return stop_requested; }

int StopOnSignal::signal() const { return first_signal.load(); }

}  // namespace buildgpt::cli

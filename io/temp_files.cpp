#include "io/temp_files.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <string>

#include "io/file_error.h"

namespace buildgpt {
namespace {

// The temporary files being written, for the interrupt handler: fixed slots, so the handler
// touches no memory that another thread could be reallocating. A slot is free (0), being filled
// (1) or listed (2).
constexpr int kSlots = 64;
constexpr size_t kMaxPath = 4096;
struct Slot {
  std::atomic<int> state{0};
  char path[kMaxPath];
};
Slot slots[kSlots];

constexpr int kInterrupts[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_interrupt(int signal) { remove_temporaries_and_die(signal); }

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal : kInterrupts) {
      struct sigaction current {};
      if (::sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
        struct sigaction ours {};
        ours.sa_handler = on_interrupt;
        sigemptyset(&ours.sa_mask);
        ::sigaction(signal, &ours, nullptr);
      }
    }
    struct sigaction current {};
    if (::sigaction(SIGXFSZ, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      ::signal(SIGXFSZ, SIG_IGN);
    }
  });
}

// Lists `path` for the handler; returns its slot, or -1 when the path is too long or every slot
// is taken (the file is then still removed on errors, only not on an interrupt).
int list(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= kMaxPath) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int free = 0;
    if (slots[i].state.compare_exchange_strong(free, 1)) {
      std::memcpy(slots[i].path, text.c_str(), text.size() + 1);
      slots[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void unlist(int slot) {
  if (slot >= 0) slots[slot].state.store(0);
}

std::string temporary_prefix(const std::filesystem::path& target) {
  return target.filename().string() + ".tmp.";
}

}  // namespace

void remove_temporaries_and_die(int signal) {
  for (Slot& slot : slots) {
    if (slot.state.load() == 2) ::unlink(slot.path);
  }
  // End the way the signal would have ended the process without us: the default action, with
  // the signal unblocked (a handler runs with its own signal blocked).
  ::signal(signal, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signal);
  ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
  ::raise(signal);
  ::_exit(128 + signal);  // for a signal whose default action is not to end the process
}

void remove_stale_temporaries(const std::filesystem::path& target) {
  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  const std::string prefix = temporary_prefix(target);
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    long pid = 0;
    const auto [rest, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (digits.empty() || error != std::errc() || rest != digits.data() + digits.size() ||
        pid <= 0 || pid == ::getpid()) {
      continue;
    }
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

TemporaryFile::TemporaryFile(const std::filesystem::path& target) : target_(target) {
  install_handlers();
  remove_stale_temporaries(target);
  path_ = target;
  path_ += ".tmp." + std::to_string(::getpid());
  slot_ = list(path_);
}

TemporaryFile::~TemporaryFile() {
  if (!committed_) ::unlink(path_.c_str());
  unlist(slot_);
}

void TemporaryFile::commit() {
  if (::rename(path_.c_str(), target_.c_str()) != 0) {
    const int err = errno;
    throw FileError(target_.string(),
                    "cannot rename " + path_.string() + " onto it: " + reason(err), err);
  }
  committed_ = true;
  unlist(slot_);
  slot_ = -1;
  // Best effort: a folder that cannot be opened or synced still holds the renamed file.
  const std::filesystem::path folder = target_.has_parent_path() ? target_.parent_path() : ".";
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace buildgpt

// The temporary files of atomic writes (io/atomic_file.h): "<target>.tmp.<process id>" beside
// the target. One that is being written is removed when the write fails, when the process is
// interrupted (SIGINT, SIGTERM, SIGHUP) and, when a process died before it could (kill -9, a
// power cut), by the next write to the same target.
#pragma once

#include <filesystem>

namespace buildgpt {

class TemporaryFile {
 public:
  // Removes what dead processes left beside `target`, then names this process's temporary
  // file; it is registered for removal on an interrupt until it is committed or destroyed.
  // Installs the interrupt handlers on first use, where the signals have no handler yet, and
  // ignores SIGXFSZ (so a file-size limit fails the write with EFBIG instead of killing the
  // process).
  explicit TemporaryFile(const std::filesystem::path& target);
  // Removes the file unless commit() renamed it.
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Renames the file onto the target (and syncs the folder, so the rename survives a crash).
  // Throws FileError naming the target and the reason.
  void commit();

 private:
  std::filesystem::path target_, path_;
  int slot_;  // in the interrupt handler's list; -1 when not listed
  bool committed_ = false;
};

// Removes "<target>.tmp.<pid>" files beside `target` whose process no longer exists.
void remove_stale_temporaries(const std::filesystem::path& target);

// For a program's own handler of SIGINT, SIGTERM or SIGHUP (which keeps ours from being
// installed): removes the temporary files being written, then ends the process as `signal` would
// have ended it without a handler. Async-signal-safe.
[[noreturn]] void remove_temporaries_and_die(int signal);

}  // namespace buildgpt

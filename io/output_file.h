// An output stream on a file descriptor that keeps the reason of the first failed write, so the
// error can say why (disk full, file too large, a closed descriptor), and that reports errors of
// the final flush and close too.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace buildgpt {

class OutputFile : public std::ostream {
 public:
  enum class Mode { Truncate, Append };

  // Creates or opens `path` (mode 0666 less the umask). Throws FileError "<path>: cannot create:
  // <reason>".
  OutputFile(const std::filesystem::path& path, Mode mode);
  // Writes to `fd` (closed by close()), labelled `name` in errors ("standard output"). A
  // negative fd stands for a closed descriptor: every write fails with "Bad file descriptor".
  OutputFile(int fd, std::string name);
  // Flushes and closes without reporting errors when close() was not called (an error is being
  // handled already).
  ~OutputFile() override;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Throws FileError with the reason when a write has failed so far.
  void check() const;
  // Writes what is buffered, with `sync` flushes it to the disk (fsync), and closes the
  // descriptor; throws FileError when any write, the flush or the close failed.
  void close(bool sync = false);
  const std::string& name() const { return name_; }

 private:
  class Buffer;
  std::string name_;
  std::unique_ptr<Buffer> buffer_;
};

}  // namespace buildgpt

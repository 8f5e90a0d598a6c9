#include "io/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "io/file_error.h"

namespace buildgpt {

// Buffers bytes and writes them to the descriptor; after the first failure it keeps the errno
// and refuses further output.
class OutputFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), storage_(size_t{1} << 16) {
    setp(storage_.data(), storage_.data() + storage_.size());
  }
  ~Buffer() override { finish(false); }

  int error() const { return error_; }

  // Flushes, syncs if asked, closes; returns the first error (0 for none). Only the first call
  // does anything.
  int finish(bool sync) {
    if (finished_) return error_;
    flush();
    finished_ = true;
    if (fd_ >= 0) {
      if (sync && error_ == 0 && ::fsync(fd_) != 0) error_ = errno;
      if (::close(fd_) != 0 && error_ == 0 && errno != EINTR) error_ = errno;
    }
    return error_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!flush()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;  // `s` may be null then (the data of an empty tensor)
    if (n < epptr() - pptr()) {
      std::memcpy(pptr(), s, static_cast<size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    // Large writes go straight to the descriptor.
    if (!flush() || !write_all(s, static_cast<size_t>(n))) return 0;
    return n;
  }

  int sync() override { return flush() ? 0 : -1; }

 private:
  bool flush() {
    const size_t n = static_cast<size_t>(pptr() - pbase());
    setp(storage_.data(), storage_.data() + storage_.size());
    return write_all(storage_.data(), n);
  }

  bool write_all(const char* p, size_t n) {
    if (error_ != 0 || finished_) return false;
    if (n > 0 && fd_ < 0) {
      error_ = EBADF;
      return false;
    }
    while (n > 0) {
      const ssize_t written = ::write(fd_, p, n);
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      p += written;
      n -= static_cast<size_t>(written);
    }
    return true;
  }

  int fd_;
  std::vector<char> storage_;
  int error_ = 0;
  bool finished_ = false;
};

namespace {

int open_for_writing(const std::filesystem::path& path, OutputFile::Mode mode) {
  const int flags =
      O_WRONLY | O_CREAT | O_CLOEXEC | (mode == OutputFile::Mode::Append ? O_APPEND : O_TRUNC);
  int fd;
  do {
    fd = ::open(path.c_str(), flags, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int err = errno;
    throw FileError(path.string(), "cannot create: " + reason(err), err);
  }
  return fd;
}

}  // namespace

OutputFile::OutputFile(const std::filesystem::path& path, Mode mode)
    : OutputFile(open_for_writing(path, mode), path.string()) {}

OutputFile::OutputFile(int fd, std::string name)
    : std::ostream(nullptr), name_(std::move(name)), buffer_(std::make_unique<Buffer>(fd)) {
  rdbuf(buffer_.get());
}

OutputFile::~OutputFile() = default;

void OutputFile::check() const {
  if (const int err = buffer_->error()) throw FileError(name_, reason(err), err);
}

void OutputFile::close(bool sync) {
  if (const int err = buffer_->finish(sync)) {
    setstate(std::ios::badbit);
    throw FileError(name_, reason(err), err);
  }
}

}  // namespace buildgpt

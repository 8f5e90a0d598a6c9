#include "io/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "io/file_error.h"

namespace buildgpt {
namespace {

// A descriptor open for reading on `path`, which is not a directory; its status in `st`.
int open_for_reading(const std::filesystem::path& path, struct stat& st) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int err = errno;
    throw FileError(path.string(), "cannot read: " + reason(err), err);
  }
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw FileError(path.string(), "cannot read: " + reason(err), err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw FileError(path.string(), "is a directory, not a file", EISDIR);
  }
  return fd;
}

std::string too_large(uint64_t max_bytes) {
  return "larger than the limit of " + std::to_string(max_bytes) + " bytes";
}

// Appends what `fd` yields until its end to `out`, reading straight into the string's spare
// capacity (so a file whose size was reserved is read without a copy).
void append_all(int fd, const std::string& name, uint64_t max_bytes, std::string& out) {
  for (;;) {
    const size_t used = out.size();
    const size_t spare = out.capacity() - used;
    const size_t chunk = spare >= 4096 ? spare : std::max<size_t>(size_t{1} << 16, used);
    out.resize(used + chunk);
    const ssize_t n = ::read(fd, out.data() + used, chunk);
    out.resize(used + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      throw FileError(name, "cannot read: " + reason(err), err);
    }
    if (out.size() > max_bytes) throw FileError(name, too_large(max_bytes));
  }
}

}  // namespace

std::string read_all(int fd, const std::string& name, uint64_t max_bytes) {
  std::string bytes;
  append_all(fd, name, max_bytes, bytes);
  return bytes;
}

std::string read_file(const std::filesystem::path& path, uint64_t max_bytes) {
  struct stat st {};
  const int fd = open_for_reading(path, st);
  try {
    std::string bytes;
    if (S_ISREG(st.st_mode)) {
      if (static_cast<uint64_t>(st.st_size) > max_bytes) {
        throw FileError(path.string(), too_large(max_bytes));
      }
      bytes.reserve(static_cast<size_t>(st.st_size) + 4096);  // room to see the end
    }
    append_all(fd, path.string(), max_bytes, bytes);
    ::close(fd);
    return bytes;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

InputFile::InputFile(const std::filesystem::path& path) : path_(path) {
  struct stat st {};
  fd_ = open_for_reading(path, st);
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw FileError(path.string(), "is not a regular file");
  }
  size_ = static_cast<uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

void InputFile::read_at(uint64_t offset, void* out, size_t n) const {
  auto* p = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = ::pread(fd_, p, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      throw FileError(path_.string(), "cannot read: " + reason(err), err);
    }
    if (got == 0) {
      throw FileError(path_.string(),
                      "the file ends at byte " + std::to_string(offset) + ", before the " +
                          std::to_string(n) +
                          " bytes expected there (was it changed while being read?)");
    }
    p += got;
    offset += static_cast<uint64_t>(got);
    n -= static_cast<size_t>(got);
  }
}

}  // namespace buildgpt

// Reading files: whole, or a part at a time, with errors (FileError) that name the file and say
// why: no such file, permission denied, a directory, too large, cut short while being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace buildgpt {

// Larger than any file buildgpt reads whole (corpora, tokenizer files, token caches).
inline constexpr uint64_t kMaxWholeFileBytes = uint64_t{1} << 32;

// The bytes of `path`. Throws FileError when it cannot be opened, is a directory, holds more
// than max_bytes, or a read fails.
std::string read_file(const std::filesystem::path& path, uint64_t max_bytes = kMaxWholeFileBytes);

// The bytes readable from `fd` until its end; `name` labels errors ("standard input"). Throws
// FileError when a read fails (a closed descriptor: "Bad file descriptor") or the bytes pass
// max_bytes.
std::string read_all(int fd, const std::string& name, uint64_t max_bytes = kMaxWholeFileBytes);

// A regular file opened for reading at any offset, closed with the object.
class InputFile {
 public:
  // Throws FileError when `path` cannot be opened or is not a regular file.
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // The size when it was opened.
  uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }
  // Exactly `n` bytes from `offset` into `out`; throws FileError when a read fails or the file
  // ends first (it changed while being read).
  void read_at(uint64_t offset, void* out, size_t n) const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

}  // namespace buildgpt

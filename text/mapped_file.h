// A read-only memory mapping of a whole file, unmapped when the object goes away.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace buildgpt {

class MappedFile {
 public:
  // Maps `path`; throws std::runtime_error naming the file when it cannot be opened or mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // The file's bytes (empty for an empty file).
  std::span<const std::byte> bytes() const { return {data_, size_}; }

 private:
  const std::byte* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace buildgpt

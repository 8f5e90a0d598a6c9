// A uniquely named, empty file in the system's temp folder, removed when this goes away.
#pragma once

#include <filesystem>
#include <string>

namespace buildgpt::plot {

class TempFile {
 public:
  TempFile(const std::string& prefix, const std::string& suffix);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace buildgpt::plot

// The training log: one CSV row per step, written and flushed as training goes, so the rows
// survive a crash; on resume, cut back to the checkpoint's step so no step appears twice.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "io/output_file.h"

namespace buildgpt::nn {

class CsvLog {
 public:
  // A run starting at `step`: at 0, a new file holding only `header`; later, the existing file
  // without its rows of steps beyond `step` (rewritten atomically; created with the header when
  // missing). Throws FileError naming the file and the reason when it cannot be read or written.
  CsvLog(const std::filesystem::path& path, int64_t step, const std::string& header);
  // Appends a row (no newline) and flushes it; throws FileError with the reason on failure.
  void append(const std::string& row);
  // Closes the file, reporting an error of the last write.
  void close() { out_.close(); }

 private:
  OutputFile out_;
};

}  // namespace buildgpt::nn

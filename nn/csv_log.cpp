#include "nn/csv_log.h"

#include <charconv>
#include <string_view>

#include "io/atomic_file.h"
#include "io/read_file.h"

namespace buildgpt::nn {
namespace {

// The step a row starts with, or -1 when it does not start with one (the header).
int64_t step_of(std::string_view row) {
  int64_t step = -1;
  const auto [end, error] = std::from_chars(row.data(), row.data() + row.size(), step);
  return error == std::errc() && end < row.data() + row.size() && *end == ',' ? step : -1;
}

// Leaves `path` ready to append the rows after `step`; returns it.
const std::filesystem::path& prepare(const std::filesystem::path& path, int64_t step,
                                     const std::string& header) {
  const bool resuming = step > 0 && std::filesystem::exists(path);
  std::string kept = header + "\n";
  if (resuming) {
    const std::string old = read_file(path);
    kept.clear();
    for (size_t pos = 0; pos < old.size();) {
      const size_t eol = old.find('\n', pos);
      if (eol == std::string::npos) break;  // a row cut short by the crash
      const std::string_view row(old.data() + pos, eol + 1 - pos);
      if (step_of(row) <= step) kept += row;
      pos = eol + 1;
    }
  }
  write_file_atomically(path, [&](std::ostream& out) { out << kept; });
  return path;
}

}  // namespace

CsvLog::CsvLog(const std::filesystem::path& path, int64_t step, const std::string& header)
    : out_(prepare(path, step, header), OutputFile::Mode::Append) {}

void CsvLog::append(const std::string& row) {
  out_ << row << '\n' << std::flush;
  out_.check();
}

}  // namespace buildgpt::nn

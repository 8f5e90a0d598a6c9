#include "io/atomic_file.h"

#include "io/output_file.h"
#include "io/temp_files.h"

namespace buildgpt {

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write) {
  TemporaryFile tmp(path);
  OutputFile out(tmp.path(), OutputFile::Mode::Truncate);
  write(out);
  out.check();  // a failed write is reported as such, even when the stream was not checked
  out.close(/*sync=*/true);
  tmp.commit();
}

}  // namespace buildgpt

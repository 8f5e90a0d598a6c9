// Writing a file so that readers see the old file or the whole new one, never a partial one.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

namespace buildgpt {

// Calls `write` with a stream on a temporary file beside `path` (see io/temp_files.h), flushes
// it to the disk and renames it over `path`. When `write` throws or a write, the flush or the
// rename fails, the temporary file is removed and `path` is left as it was: the exception from
// `write` propagates, or FileError naming the file and the reason (disk full, file too large,
// permission denied, no such folder).
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

}  // namespace buildgpt

// Writing a file so that readers see the old file or the whole new one, never a partial one.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

namespace buildgpt {

// Calls `write` with a stream on a temporary file beside `path`, then renames it over `path`.
// When `write` throws or the stream fails, the temporary file is removed and std::runtime_error
// (naming `path`) or the exception from `write` propagates; `path` is left as it was.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

}  // namespace buildgpt

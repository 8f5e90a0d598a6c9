#include "nn/checkpoint_files.h"

#include <stdexcept>
#include <string>

namespace buildgpt::nn {

std::vector<std::filesystem::path> checkpoint_files(const std::filesystem::path& path,
                                                    int64_t keep) {
  if (keep < 1) {
    throw std::invalid_argument("checkpoint_files: keep must be at least 1, got " +
                                std::to_string(keep));
  }
  std::vector<std::filesystem::path> files = {path};
  for (int64_t i = 1; i < keep; ++i) {
    std::filesystem::path older = path.parent_path() / path.stem();
    older += '.';
    older += std::to_string(i);
    older += path.extension();
    files.push_back(older);
  }
  return files;
}

void rotate_checkpoints(const std::filesystem::path& path, int64_t keep) {
  const std::vector<std::filesystem::path> files = checkpoint_files(path, keep);
  try {
    for (size_t i = files.size() - 1; i >= 2; --i) {
      if (std::filesystem::exists(files[i - 1])) std::filesystem::rename(files[i - 1], files[i]);
    }
    if (files.size() >= 2 && std::filesystem::exists(path)) {
      std::filesystem::remove(files[1]);
      std::error_code no_link;
      std::filesystem::create_hard_link(path, files[1], no_link);
      if (no_link) std::filesystem::copy_file(path, files[1]);
    }
  } catch (const std::filesystem::filesystem_error& e) {
    // Its message names the files and the reason.
    throw std::runtime_error("keeping the older checkpoints of " + path.string() + ": " + e.what());
  }
}

}  // namespace buildgpt::nn

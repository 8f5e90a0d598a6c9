// The files of a run's last few checkpoints: "ckpt.safetensors" (the newest), then
// "ckpt.1.safetensors", "ckpt.2.safetensors", ... So a checkpoint that turns out bad (damaged
// on disk, or from a run gone wrong) never replaces the only good one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace buildgpt::nn {

// The names of the last `keep` (at least 1) checkpoints, newest first: `path`, then `path` with
// ".1", ".2", ... before its extension.
std::vector<std::filesystem::path> checkpoint_files(const std::filesystem::path& path,
                                                    int64_t keep);

// Makes room for a new checkpoint at `path`: every older file moves one name down the list, the
// oldest drops out, and the current newest gets the second name as well (a hard link, or a copy
// where links are not supported), so `path` exists throughout until the new file replaces it.
// Throws std::runtime_error naming the file and the reason when a rename or link fails.
void rotate_checkpoints(const std::filesystem::path& path, int64_t keep);

}  // namespace buildgpt::nn

// The gradient norm of every block at every step of lesson 25's deep runs, read back from the
// trainer's per-layer logs and drawn as heat maps.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace buildgpt::lessons {

// One panel per run (its name, the CSV that TrainerOptions::grad_norm_log wrote): step on x, block
// on y (block 1 at the top), log10 of the block's gradient norm as colour. A step whose norm was
// not finite is drawn at the run's largest finite value.
void save_grad_norm_maps(const std::vector<std::pair<std::string, std::filesystem::path>>& logs,
                         const std::string& title, const std::filesystem::path& png);

}  // namespace buildgpt::lessons

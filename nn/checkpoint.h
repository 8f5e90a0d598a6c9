// Training checkpoints: one safetensors file holding the model's weights ("model.<name>"), the
// optimizer's state ("optimizer.<index>.<field>"), and in its metadata the step reached and the
// state of the random generators, so training resumes exactly where it stopped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "autograd/generator.h"
#include "nn/module.h"
#include "nn/optimizer.h"

namespace buildgpt::nn {

// Written atomically (see save_safetensors): a crash leaves the previous checkpoint intact.
void save_checkpoint(const std::filesystem::path& path, const Module& model,
                     const Optimizer& optimizer, int64_t step,
                     const std::vector<Generator*>& generators);

// Restores model, optimizer and generators (the same number as were saved) and returns the
// step. The file is checked before anything changes; std::runtime_error names the file and the
// problem for a file that is not a checkpoint, std::invalid_argument for one that does not fit
// this model or optimizer (the model's load_state_dict message).
int64_t load_checkpoint(const std::filesystem::path& path, Module& model, Optimizer& optimizer,
                        const std::vector<Generator*>& generators);

}  // namespace buildgpt::nn

// Training checkpoints: one safetensors file holding the model's weights ("model.<name>"), the
// optimizer's state ("optimizer.<index>.<field>"), and in its metadata the step reached, the
// state of the random generators, so training resumes exactly where it stopped, and a checksum
// of all of it, so a damaged file is not resumed from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "autograd/generator.h"
#include "nn/module.h"
#include "nn/optimizer.h"
#include "nn/safetensors.h"

namespace buildgpt::nn {

// Written atomically (see save_safetensors): a crash leaves the previous checkpoint intact.
void save_checkpoint(const std::filesystem::path& path, const Module& model,
                     const Optimizer& optimizer, int64_t step,
                     const std::vector<Generator*>& generators);

// Restores model, optimizer and generators (the same number as were saved) and returns the
// step. The file is checked before anything changes; std::runtime_error names the file and the
// problem for a file that is not a checkpoint, is damaged (the checksum does not match) or holds
// an optimizer state no run reaches (missing at a step above 0, a counter beyond the step),
// std::invalid_argument for one that does not fit this model or optimizer (the model's or the
// optimizer's load_state_dict message).
int64_t load_checkpoint(const std::filesystem::path& path, Module& model, Optimizer& optimizer,
                        const std::vector<Generator*>& generators);
// The same from a file already read; `name` labels errors.
int64_t restore_checkpoint(const SafetensorsContents& file, const std::string& name, Module& model,
                           Optimizer& optimizer, const std::vector<Generator*>& generators);

// Only the model's weights, and the step: for using a trained model rather than training it on.
// The file is checked as load_checkpoint checks it, the optimizer's state and the generators
// are not read.
int64_t load_checkpoint_weights(const std::filesystem::path& path, Module& model);

// The checksum a checkpoint stores in its metadata ("checksum"): FNV-1a 64 of each tensor's name,
// dtype, shape and bytes, in order, then of each metadata entry but the checksum, as 16
// hexadecimal digits.
std::string checkpoint_checksum(const StateDict& tensors, const Metadata& metadata);

}  // namespace buildgpt::nn

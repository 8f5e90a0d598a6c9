// Reading and writing tensors in the safetensors format:
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   a JSON object {name: {"dtype": "F32"|"I64"|"I32"|"BOOL", "shape": [...],
//             "data_offsets": [begin, end]}, "__metadata__": {string: string}}, padded with
//             spaces so the data starts 8-byte aligned
//   the data  each tensor's bytes, little-endian, row-major, at [begin, end) from here
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "nn/module.h"

namespace buildgpt::nn {

using Metadata = std::map<std::string, std::string>;

struct SafetensorsContents {
  StateDict tensors;  // in the order of their data in the file
  Metadata metadata;
};

// Writes `tensors` in order to `path` through a temporary file renamed into place
// (io/atomic_file.h), so the path holds either its old contents or the complete new file. Throws
// std::invalid_argument on an undefined or non-CPU tensor, an empty or repeated name, and
// std::runtime_error naming the file and the reason when writing fails.
void save_safetensors(const std::filesystem::path& path, const StateDict& tensors,
                      const Metadata& metadata = {});

// Reads a whole file. F16 and BF16 tensors (half-precision floats, as published model files
// often hold) become float32, exactly; the other four dtypes are read as they are. Throws
// std::runtime_error naming the file (and the tensor, where one is at fault) when the file cannot
// be read (and why), is short, the header is longer than 100 MB (the safetensors library's limit),
// not valid JSON, nested deeper than 64 levels, gives a name twice or is not the format's, a dtype
// is not one of the six, or an entry's offsets do not match its shape, leave the data, or overlap
// another's.
SafetensorsContents load_safetensors(const std::filesystem::path& path);

}  // namespace buildgpt::nn

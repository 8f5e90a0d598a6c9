// Lesson 25's third experiment: at about one parameter count, is a deep narrow model or a shallow
// wide one better after the same number of training tokens?
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "lessons/common/train_lm.h"
#include "text/dataset.h"

namespace buildgpt::lessons {

struct ModelShape {
  int64_t layers, width;
};

// Shapes whose blocks hold about the same parameters, 12·L·C²: each step down in width by 2
// takes 4 times the blocks.
std::vector<ModelShape> equal_size_shapes(bool quick);

struct ShapeResult {
  ModelShape shape;
  int64_t parameters;
  NamedHistory run;
};

// Each shape as GPT-2 builds it (pre-LN, its 1/sqrt(2L) initialisation), trained with `training`
// on the same batches.
std::vector<ShapeResult> train_shapes(const std::vector<ModelShape>& shapes, int64_t vocab,
                                      const TokenDataset& data, const std::vector<Batch>& val,
                                      const LmTraining& training);

// Left: each shape's validation loss while training; right: the last one against the depth.
void save_shapes_figure(const std::vector<ShapeResult>& results, int64_t tokens,
                        const std::filesystem::path& png);

}  // namespace buildgpt::lessons

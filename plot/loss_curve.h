// The picture every training lesson draws: training and validation loss against the step.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "plot/figure.h"
#include "plot/values.h"

namespace buildgpt::plot {

// A level to compare the losses with, e.g. {std::log(vocab), "uniform guess"}.
struct Reference {
  double loss;
  std::string label;
};

// Loss (nats) against step; val_steps/val_loss may be empty when there is no validation set.
Saved loss_curve(const std::filesystem::path& png, Values train_steps, Values train_loss,
                 Values val_steps, Values val_loss, std::optional<Reference> reference = {});

}  // namespace buildgpt::plot

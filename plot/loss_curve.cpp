#include "plot/loss_curve.h"

#include <utility>

namespace buildgpt::plot {

Saved loss_curve(const std::filesystem::path& png, Values train_steps, Values train_loss,
                 Values val_steps, Values val_loss, std::optional<Reference> reference) {
  Plot plot("Training and validation loss", "step", "cross-entropy loss (nats)");
  plot.line("train", std::move(train_steps), std::move(train_loss));
  if (!val_steps.empty() || !val_loss.empty()) {
    plot.line("validation", std::move(val_steps), std::move(val_loss));
  }
  if (reference) plot.hline(reference->loss, reference->label);
  return plot.save(png);
}

}  // namespace buildgpt::plot

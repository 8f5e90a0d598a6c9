// The losses of a training run so far, for its loss curve: read back from the run's log.csv when
// it resumes, extended as it trains, drawn as loss.png (with loss.csv beside it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace buildgpt::cli {

class LossHistory {
 public:
  // The rows of steps 1 .. `step` of the CSV log at `log` (step,train_loss,val_loss,...), when
  // step > 0. Throws std::runtime_error naming the file and the line of a malformed row.
  LossHistory(const std::filesystem::path& log, int64_t step);

  void add_train(int64_t step, double loss);
  void add_validation(int64_t step, double loss);
  std::optional<double> last_validation() const;

  // Draws the curves into `png`, with the loss of a uniform guess over `vocab_size` tokens for
  // reference. Returns the file written: the PNG, or its CSV when gnuplot is missing.
  std::filesystem::path draw(const std::filesystem::path& png, int64_t vocab_size) const;

 private:
  std::vector<double> train_steps_, train_, val_steps_, val_;
};

}  // namespace buildgpt::cli

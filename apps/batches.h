// The batches a model trains and is evaluated on, cut from a tokenised text.
#pragma once

#include <cstdint>
#include <optional>

#include "autograd/device.h"
#include "nn/gpt.h"
#include "text/dataset.h"

namespace buildgpt::cli {

// The batches of a training run: consecutive passes (epochs) over the training split's windows,
// each pass in an order drawn from the seed and the epoch's number. Batch s is batch
// s mod per_epoch() of epoch s / per_epoch(): the step alone is the position in the data, so a
// run resumed at step s sees the batches a run never stopped would have seen.
class TrainingBatches {
 public:
  // Throws std::invalid_argument when the training split has no window.
  TrainingBatches(const TokenDataset& data, int64_t batch_size, uint64_t seed);

  int64_t per_epoch() const { return per_epoch_; }
  Batch at(int64_t step);

 private:
  const TokenDataset& data_;
  const int64_t batch_size_;
  const uint64_t seed_;
  const int64_t per_epoch_;
  int64_t epoch_number_ = -1;
  std::optional<Epoch> epoch_;
};

// The mean cross-entropy (nats per token) of `model` over the first `max_batches` batches of
// `epoch` (all of them when it has fewer), in evaluation mode without a graph, and the tokens
// it scored.
struct MeanLoss {
  double loss;
  int64_t tokens;
};
MeanLoss mean_loss(nn::GPT& model, const Epoch& epoch, int64_t max_batches, Device device);

}  // namespace buildgpt::cli

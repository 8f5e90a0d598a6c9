#include "apps/batches.h"

#include <algorithm>

#include "autograd/graph.h"
#include "nn/loss.h"

namespace buildgpt::cli {

TrainingBatches::TrainingBatches(const TokenDataset& data, int64_t batch_size, uint64_t seed)
    : data_(data),
      batch_size_(batch_size),
      seed_(seed),
      per_epoch_(data.epoch(Split::Train, {batch_size, true, seed, false}).size()) {}

Batch TrainingBatches::at(int64_t step) {
  const int64_t number = step / per_epoch_;
  if (number != epoch_number_) {
    epoch_.emplace(data_.epoch(Split::Train,
                               {batch_size_, true, seed_ + static_cast<uint64_t>(number), false}));
    epoch_number_ = number;
  }
  return (*epoch_)[step % per_epoch_];
}

MeanLoss mean_loss(nn::GPT& model, const Epoch& epoch, int64_t max_batches, Device device) {
  NoGradGuard no_grad;
  const bool training = model.is_training();
  model.eval();
  double total = 0;
  int64_t tokens = 0;
  for (int64_t i = 0; i < std::min(epoch.size(), max_batches); ++i) {
    const Batch b = epoch[i];
    const int64_t n = b.targets.numel();
    total += cross_entropy(model(b.inputs.to(device)), b.targets.to(device)).item() *
             static_cast<double>(n);
    tokens += n;
  }
  model.train(training);
  return {total / static_cast<double>(tokens), tokens};
}

}  // namespace buildgpt::cli

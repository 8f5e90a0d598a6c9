#include "train_model1.h"

#include <algorithm>
#include <chrono>

#include "nn/adamw.h"
#include "nn/loss.h"
#include "nn/trainer.h"

namespace buildgpt::lessons {

LossHistory train_model1(Model1& model, const TokenDataset& data, const Model1Training& options) {
  nn::AdamW optimizer(model.parameters(), {.lr = 1e-3, .weight_decay = 0.01});
  nn::TrainerOptions trainer_options;
  trainer_options.max_steps = options.steps;
  trainer_options.tokens_per_step = options.batch_size * data.seq_len();
  trainer_options.grad_clip = 0;  // the course does not clip
  trainer_options.log_every = std::max<int64_t>(options.steps / 10, 1);
  trainer_options.eval_every = options.eval_every;
  nn::Trainer trainer(model, optimizer, trainer_options);

  // Pass after pass over the training windows, each pass in its own shuffled order.
  std::optional<Epoch> epoch;
  int64_t epoch_start = 0, passes = 0;
  const Epoch val = data.epoch(Split::Validation, {.batch_size = 16, .seed = 1});
  const int64_t val_batches = std::min(options.val_batches, val.size());

  LossHistory history;
  const auto start = std::chrono::steady_clock::now();
  trainer.fit(
      [&](int64_t step) {
        if (!epoch || step - epoch_start == epoch->size()) {
          epoch =
              data.epoch(Split::Train, {.batch_size = options.batch_size,
                                        .seed = options.seed + static_cast<uint64_t>(passes++)});
          epoch_start = step;
        }
        const Batch b = (*epoch)[step - epoch_start];
        Tensor loss = nn::cross_entropy(model(b.inputs), b.targets);
        history.train.push_back(loss.item());
        return loss;
      },
      [&] {
        double total = 0;
        for (int64_t i = 0; i < val_batches; ++i) {
          const Batch b = val[i];
          total += nn::cross_entropy(model(b.inputs), b.targets).item();
        }
        history.val_steps.push_back(static_cast<double>(history.train.size()));
        history.val.push_back(total / static_cast<double>(val_batches));
        if (options.on_validation) options.on_validation(history);
        return history.val.back();
      });
  history.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  history.tokens_per_s =
      static_cast<double>(options.steps * options.batch_size * data.seq_len()) / history.seconds;
  return history;
}

std::vector<double> running_mean(const std::vector<double>& values, size_t window) {
  std::vector<double> out(values.size());
  double sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out[i] = sum / static_cast<double>(std::min(i + 1, window));
  }
  return out;
}

}  // namespace buildgpt::lessons

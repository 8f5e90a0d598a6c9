#include "text/dataset.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "autograd/creation.h"

namespace buildgpt {
namespace {

void check_positive(const char* what, int64_t value) {
  if (value <= 0) {
    throw std::invalid_argument(std::string("TokenDataset: ") + what + " must be positive, got " +
                                std::to_string(value));
  }
}

// Uniform in [0, n) from `gen`.
int64_t uniform_below(Generator& gen, int64_t n) {
  return std::min(static_cast<int64_t>(gen.next_double() * static_cast<double>(n)), n - 1);
}

}  // namespace

const char* split_name(Split split) { return split == Split::Train ? "train" : "validation"; }

TokenDataset::TokenDataset(std::span<const uint32_t> ids, const DatasetOptions& options)
    : ids_(ids), seq_len_(options.seq_len), stride_(options.stride.value_or(options.seq_len)) {
  check_positive("seq_len", seq_len_);
  check_positive("stride", stride_);
  if (!(options.train_fraction > 0 && options.train_fraction <= 1)) {
    throw std::invalid_argument("TokenDataset: train_fraction must be in (0, 1], got " +
                                std::to_string(options.train_fraction));
  }
  const auto n = static_cast<int64_t>(ids.size());
  if (n == 0) throw std::invalid_argument("TokenDataset: the corpus is empty");
  const int64_t window = seq_len_ + 1;
  if (n < window) {
    throw std::invalid_argument(
        "TokenDataset: the corpus has " + std::to_string(n) +
        " tokens, fewer than one window of seq_len + 1 = " + std::to_string(window));
  }
  train_end_ = static_cast<int64_t>(std::floor(static_cast<double>(n) * options.train_fraction));
  for (Split split : {Split::Train, Split::Validation}) {
    const int64_t length = end(split) - begin(split);
    if (length < window && !(split == Split::Validation && length == 0)) {
      throw std::invalid_argument(
          "TokenDataset: the " + std::string(split_name(split)) + " split has " +
          std::to_string(length) +
          " tokens, fewer than one window of seq_len + 1 = " + std::to_string(window) +
          " (train_fraction " + std::to_string(options.train_fraction) + ")");
    }
  }
}

int64_t TokenDataset::num_windows(Split split) const {
  const int64_t length = end(split) - begin(split);
  return length < seq_len_ + 1 ? 0 : (length - seq_len_ - 1) / stride_ + 1;
}

Batch TokenDataset::gather(std::span<const int64_t> starts) const {
  const auto rows = static_cast<int64_t>(starts.size());
  std::vector<int64_t> inputs(static_cast<size_t>(rows * seq_len_));
  std::vector<int64_t> targets(inputs.size());
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t s = starts[static_cast<size_t>(r)];
    if (s < 0 || s + seq_len_ + 1 > static_cast<int64_t>(ids_.size())) {
      throw std::out_of_range("TokenDataset::gather: a window at " + std::to_string(s) +
                              " does not fit in the corpus of " + std::to_string(ids_.size()) +
                              " tokens");
    }
    for (int64_t t = 0; t < seq_len_; ++t) {
      inputs[static_cast<size_t>(r * seq_len_ + t)] = ids_[static_cast<size_t>(s + t)];
      targets[static_cast<size_t>(r * seq_len_ + t)] = ids_[static_cast<size_t>(s + t + 1)];
    }
  }
  return {from_vector(inputs, {rows, seq_len_}), from_vector(targets, {rows, seq_len_})};
}

Epoch TokenDataset::epoch(Split split, const BatchOptions& options) const {
  check_positive("batch_size", options.batch_size);
  const int64_t windows = num_windows(split);
  std::vector<int64_t> starts(static_cast<size_t>(windows));
  for (int64_t i = 0; i < windows; ++i) starts[static_cast<size_t>(i)] = begin(split) + i * stride_;
  if (options.shuffle) {
    Generator gen(options.seed);
    for (int64_t i = windows - 1; i > 0; --i) {
      std::swap(starts[static_cast<size_t>(i)],
                starts[static_cast<size_t>(uniform_below(gen, i + 1))]);
    }
  }
  const int64_t batches = options.drop_last
                              ? windows / options.batch_size
                              : (windows + options.batch_size - 1) / options.batch_size;
  if (batches == 0) {
    throw std::invalid_argument("TokenDataset::epoch: the " + std::string(split_name(split)) +
                                " split has " + std::to_string(windows) +
                                " windows, not enough for one batch of " +
                                std::to_string(options.batch_size));
  }
  return Epoch(*this, std::move(starts), options.batch_size, batches);
}

Batch TokenDataset::random_batch(Split split, int64_t batch_size, Generator& gen) const {
  check_positive("batch_size", batch_size);
  if (num_windows(split) == 0) {
    throw std::invalid_argument("TokenDataset::random_batch: the " +
                                std::string(split_name(split)) + " split is empty");
  }
  const int64_t offsets = end(split) - begin(split) - seq_len_;
  std::vector<int64_t> starts(static_cast<size_t>(batch_size));
  for (int64_t& s : starts) s = begin(split) + uniform_below(gen, offsets);
  return gather(starts);
}

int64_t Epoch::size() const { return size_; }

Batch Epoch::operator[](int64_t i) const {
  if (i < 0 || i >= size_) {
    throw std::out_of_range("Epoch: batch " + std::to_string(i) + " of " + std::to_string(size_));
  }
  const auto first = static_cast<size_t>(i * batch_size_);
  const size_t count = std::min(static_cast<size_t>(batch_size_), starts_.size() - first);
  return dataset_->gather(std::span(starts_).subspan(first, count));
}

}  // namespace buildgpt

// Training examples from a tokenised corpus: windows of seq_len + 1 tokens, whose first seq_len
// tokens are the input and whose last seq_len tokens (the input shifted by one) are the target.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "autograd/generator.h"
#include "autograd/tensor.h"

namespace buildgpt {

// The corpus is split by position: the first part trains, the rest validates.
enum class Split { Train, Validation };
const char* split_name(Split split);

struct DatasetOptions {
  // Tokens in one input row.
  int64_t seq_len = 0;
  // Tokens between the starts of consecutive windows; seq_len (no overlap) when unset.
  std::optional<int64_t> stride = std::nullopt;
  // The share of the corpus, from its start, that trains: in (0, 1]; 1 leaves no validation split.
  double train_fraction = 0.9;
};

// inputs and targets: int64 [batch, seq_len]; each target row is its input row shifted left by
// one token, ending with the token after the input.
struct Batch {
  Tensor inputs;
  Tensor targets;
};

struct BatchOptions {
  int64_t batch_size = 0;
  bool shuffle = true;  // visit windows in an order drawn from `seed`, else in corpus order
  uint64_t seed = 0;
  bool drop_last = true;  // drop a last batch with fewer than batch_size windows
};

class Epoch;

class TokenDataset {
 public:
  // `ids` must outlive the dataset. Throws std::invalid_argument for an empty corpus, seq_len or
  // stride <= 0, a train_fraction outside (0, 1], or a split too short for one window (no window
  // crosses the boundary between the splits).
  TokenDataset(std::span<const uint32_t> ids, const DatasetOptions& options);

  int64_t seq_len() const { return seq_len_; }
  int64_t stride() const { return stride_; }
  // The split's tokens: positions [begin, end) of the corpus.
  int64_t begin(Split split) const { return split == Split::Train ? 0 : train_end_; }
  int64_t end(Split split) const {
    return split == Split::Train ? train_end_ : static_cast<int64_t>(ids_.size());
  }
  // Windows in the split; window i starts at begin(split) + i * stride().
  int64_t num_windows(Split split) const;

  // The windows starting at the corpus positions `starts`, one row each.
  Batch gather(std::span<const int64_t> starts) const;
  // One pass over the split's windows in batches. Throws std::invalid_argument for batch_size <= 0
  // or an epoch without a single batch.
  Epoch epoch(Split split, const BatchOptions& options) const;
  // batch_size windows at uniformly random offsets of the split (any position, not only multiples
  // of the stride), drawn from `gen`: the usual way to sample pretraining batches.
  Batch random_batch(Split split, int64_t batch_size, Generator& gen) const;

 private:
  std::span<const uint32_t> ids_;
  int64_t seq_len_;
  int64_t stride_;
  int64_t train_end_;
};

// The batches of one pass over a split; batch i is built when asked for.
class Epoch {
 public:
  int64_t size() const;
  Batch operator[](int64_t i) const;

 private:
  friend class TokenDataset;
  Epoch(const TokenDataset& dataset, std::vector<int64_t> starts, int64_t batch_size, int64_t size)
      : dataset_(&dataset), starts_(std::move(starts)), batch_size_(batch_size), size_(size) {}

  const TokenDataset* dataset_;
  std::vector<int64_t> starts_;  // window starts in visiting order
  int64_t batch_size_;
  int64_t size_;
};

}  // namespace buildgpt

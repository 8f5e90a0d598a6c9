// The nano-GPT of the course's visualisation: a GPT of 3 blocks, 3 heads and width 48 over the
// letters A, B and C (85,728 parameters), and the task it is trained for there: sorting six
// letters. A problem and its answer make one sequence of 11 tokens: the six letters, then the
// sorted letters, the model predicting each sorted letter from all that comes before it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "autograd/autograd.h"
#include "nn/nn.h"

namespace buildgpt::lessons {

inline constexpr int64_t kSortLength = 6;  // letters to sort
inline constexpr int64_t kIgnore = -100;   // a target that counts in no loss

// Vocabulary 3 (A, B, C), context 11, width 48, 3 heads, 3 blocks, biases, its own output layer
// (not tied), the tanh GELU, no dropout.
nn::GPTConfig nano_gpt_config();

// "CBABBC" <-> {2, 1, 0, 1, 1, 2}. Throws std::invalid_argument on a letter other than A, B, C.
std::vector<int64_t> letter_ids(const std::string& letters);
std::string letters_of(const std::vector<int64_t>& ids);

// `batch` random problems as sequences: inputs [batch, 11] (the letters, then the first five
// sorted letters) and targets [batch, 11] (kIgnore five times, then the six sorted letters).
struct SortBatch {
  Tensor inputs, targets;
};
SortBatch random_sort_batch(int64_t batch, Generator& gen);

struct SortTraining {
  int64_t steps = 2000;
  int64_t batch = 64;
  double lr = 5e-4;
};

// AdamW on fresh random batches, gradients clipped to norm 1; calls on_step(step, loss) after
// each step and returns every step's loss.
std::vector<double> train_sorter(nn::GPT& model, const SortTraining& options, Generator& gen,
                                 const std::function<void(int64_t, double)>& on_step = {});

// The model's answer to `letters` (six of A, B, C): six tokens chosen greedily, as letters.
std::string sort_with(nn::GPT& model, const std::string& letters);

// The share of `count` random problems whose six letters the model sorts right.
double sorting_accuracy(nn::GPT& model, int64_t count, Generator& gen);

}  // namespace buildgpt::lessons

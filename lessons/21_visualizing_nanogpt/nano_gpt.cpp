#include "nano_gpt.h"

#include <array>
#include <stdexcept>
#include <string_view>

namespace buildgpt::lessons {
namespace {

constexpr std::string_view kAlphabet = "ABC";

// Six random letters and the same sorted, by counting each letter.
struct Problem {
  std::array<int64_t, kSortLength> letters, sorted;
};

Problem random_problem(Generator& gen) {
  Problem p;
  std::array<int64_t, kAlphabet.size()> counts{};
  for (int64_t& id : p.letters) {
    id = static_cast<int64_t>(gen.next_u32() % kAlphabet.size());
    ++counts[static_cast<size_t>(id)];
  }
  int64_t i = 0;
  for (size_t id = 0; id < counts.size(); ++id) {
    for (int64_t n = 0; n < counts[id]; ++n) p.sorted[i++] = static_cast<int64_t>(id);
  }
  return p;
}

}  // namespace

nn::GPTConfig nano_gpt_config() {
  nn::GPTConfig c;
  c.vocab_size = static_cast<int64_t>(kAlphabet.size());
  c.context = 2 * kSortLength - 1;
  c.width = 48;
  c.heads = 3;
  c.layers = 3;
  c.tied_output = false;
  c.gelu = GeluApproximation::Tanh;
  return c;
}

std::vector<int64_t> letter_ids(const std::string& letters) {
  std::vector<int64_t> ids;
  for (const char c : letters) {
    const size_t id = kAlphabet.find(c);
    if (id == std::string_view::npos) {
      throw std::invalid_argument("letter_ids: '" + std::string(1, c) +
                                  "' is not one of A, B, C in \"" + letters + "\"");
    }
    ids.push_back(static_cast<int64_t>(id));
  }
  return ids;
}

std::string letters_of(const std::vector<int64_t>& ids) {
  std::string letters;
  for (const int64_t id : ids) letters += kAlphabet.at(static_cast<size_t>(id));
  return letters;
}

SortBatch random_sort_batch(int64_t batch, Generator& gen) {
  const int64_t T = 2 * kSortLength - 1;
  std::vector<int64_t> inputs, targets;
  for (int64_t b = 0; b < batch; ++b) {
    const Problem p = random_problem(gen);
    inputs.insert(inputs.end(), p.letters.begin(), p.letters.end());
    inputs.insert(inputs.end(), p.sorted.begin(), p.sorted.end() - 1);
    targets.insert(targets.end(), kSortLength - 1, kIgnore);
    targets.insert(targets.end(), p.sorted.begin(), p.sorted.end());
  }
  return {from_vector(inputs, {batch, T}), from_vector(targets, {batch, T})};
}

std::vector<double> train_sorter(nn::GPT& model, const SortTraining& options, Generator& gen,
                                 const std::function<void(int64_t, double)>& on_step) {
  model.train();
  nn::AdamW optimizer(model.parameters(), {.lr = options.lr});
  std::vector<double> losses;
  for (int64_t step = 1; step <= options.steps; ++step) {
    const SortBatch batch = random_sort_batch(options.batch, gen);
    optimizer.zero_grad();
    const Tensor loss = cross_entropy(model(batch.inputs), batch.targets, kIgnore);
    loss.backward();
    nn::clip_grad_norm(model.parameters(), 1.0);
    optimizer.step();
    losses.push_back(loss.item());
    if (on_step) on_step(step, losses.back());
  }
  model.eval();
  return losses;
}

std::string sort_with(nn::GPT& model, const std::string& letters) {
  const std::vector<int64_t> ids = letter_ids(letters);
  nn::GenerateOptions greedy;
  greedy.sampling.temperature = 0;
  const Tensor out =
      model.generate(from_vector(ids, {1, static_cast<int64_t>(ids.size())}), kSortLength, greedy);
  const std::vector<int64_t> all = out.to_vector<int64_t>();
  return letters_of({all.end() - kSortLength, all.end()});
}

double sorting_accuracy(nn::GPT& model, int64_t count, Generator& gen) {
  int64_t right = 0;
  for (int64_t i = 0; i < count; ++i) {
    const Problem p = random_problem(gen);
    const std::vector<int64_t> letters(p.letters.begin(), p.letters.end()),
        sorted(p.sorted.begin(), p.sorted.end());
    right += sort_with(model, letters_of(letters)) == letters_of(sorted) ? 1 : 0;
  }
  return static_cast<double>(right) / static_cast<double>(count);
}

}  // namespace buildgpt::lessons

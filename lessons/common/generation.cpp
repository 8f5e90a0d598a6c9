#include "lessons/common/generation.h"

#include "autograd/autograd.h"
#include "nn/sampling.h"

namespace buildgpt::lessons {
namespace {

// The prompt as a batch of one, int64 [1, T].
Tensor batch_of_one(const std::vector<int64_t>& prompt) {
  return from_vector(prompt, {1, static_cast<int64_t>(prompt.size())});
}

// Row 0 of ids [1, T] as text on one line.
std::string text_of(const Tokenizer& tok, const Tensor& ids) {
  return single_line(tok.decode(ids.select(0, 0).to_vector<int64_t>()));
}

}  // namespace

std::string single_line(std::string text) {
  for (size_t i; (i = text.find_first_of("\r\n")) != std::string::npos;) text.replace(i, 1, " / ");
  return text;
}

std::string continue_text(nn::Module& model, const Tokenizer& tok,
                          const std::vector<int64_t>& prompt, int64_t n_new, double temperature,
                          int64_t context, Generator& gen) {
  const bool training = model.is_training();
  model.eval();
  const Tensor out =
      nn::generate(model, batch_of_one(prompt), n_new, {.temperature = temperature}, context, &gen);
  model.train(training);
  return text_of(tok, out);
}

std::string continue_text(nn::GPT& model, const Tokenizer& tok, const std::vector<int64_t>& prompt,
                          int64_t n_new, double temperature, Generator& gen) {
  nn::GenerateOptions options;
  options.sampling.temperature = temperature;
  return text_of(tok, model.generate(batch_of_one(prompt), n_new, options, &gen));
}

}  // namespace buildgpt::lessons

#include "lessons/common/generation.h"

#include "autograd/autograd.h"
#include "nn/sampling.h"

namespace buildgpt::lessons {

std::string single_line(std::string text) {
  for (size_t i; (i = text.find_first_of("\r\n")) != std::string::npos;) text.replace(i, 1, " / ");
  return text;
}

std::string continue_text(nn::Module& model, const Tokenizer& tok,
                          const std::vector<int64_t>& prompt, int64_t n_new, double temperature,
                          int64_t context, Generator& gen) {
  const bool training = model.is_training();
  model.eval();
  const Tensor ids = from_vector(prompt, {1, static_cast<int64_t>(prompt.size())});
  const Tensor out = nn::generate(model, ids, n_new, {.temperature = temperature}, context, &gen);
  model.train(training);
  return single_line(tok.decode(out.select(0, 0).to_vector<int64_t>()));
}

}  // namespace buildgpt::lessons

// buildgpt generate: text from a trained model, printed token by token as it is sampled.
#include <chrono>
#include <iostream>

#include "apps/command.h"
#include "apps/compute_options.h"
#include "apps/model_folder.h"
#include "apps/text_stream.h"
#include "autograd/creation.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string model;
  std::string prompt;
  int64_t tokens = 200;
  double temperature = 0.8;
  int64_t top_k = 200;
  double top_p = 1.0;
  uint64_t seed = 1337;
  ComputeOptions compute;
  bool json = false;
};

// The prompt's ids; an empty prompt is the end-of-text token, where the tokenizer has one.
std::vector<int64_t> prompt_ids(const Tokenizer& tokenizer, const std::string& prompt) {
  if (!prompt.empty()) return tokenizer.encode(prompt, /*allow_special=*/true);
  if (tokenizer.name() == "char") {
    throw UsageError("the char tokenizer has no start token: give a --prompt");
  }
  return tokenizer.encode("<|endoftext|>", /*allow_special=*/true);
}

int generate(CLI::App&, Options& o) {
  const Device device = apply(o.compute);
  const LoadedModel loaded = load_model(o.model, device);
  const std::vector<int64_t> prompt = prompt_ids(*loaded.tokenizer, o.prompt);
  TextStream stream(*loaded.tokenizer, o.json ? nullptr : &std::cout);
  if (!o.json) std::cout << o.prompt << std::flush;
  nn::GenerateOptions options;
  options.sampling = {o.temperature, o.top_k, o.top_p};
  options.on_token = [&](const Tensor& next) { stream.add(next.item<int64_t>()); };
  Generator gen(o.seed);
  const auto start = std::chrono::steady_clock::now();
  loaded.model->generate(from_vector(prompt, {1, static_cast<int64_t>(prompt.size())}, device),
                         o.tokens, options, &gen);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stream.finish();
  const double rate = static_cast<double>(o.tokens) / seconds;
  if (o.json) {
    print_json({{"prompt", o.prompt},
                {"completion", stream.text()},
                {"tokens", o.tokens},
                {"seconds", seconds},
                {"tokens_per_s", rate}});
  } else {
    std::cout << std::endl;  // before the speed on standard error
  }
  std::cerr << o.tokens << " tokens in " << seconds << " s: " << rate << " tokens/s\n";
  return 0;
}

}  // namespace

void add_generate(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"generate", "continue a prompt with a trained model",
       "Prints the prompt, then each token as it is sampled (a key-value cache keeps each step\n"
       "to one token's work), then the speed on standard error."},
      run, generate);
  add_model_folder_option(*command, o->model);
  command->add_option("--prompt", o->prompt, "the text to continue (empty: a new document)");
  command->add_option("--tokens", o->tokens, "tokens to generate")->check(CLI::NonNegativeNumber);
  command->add_option("--temperature", o->temperature, "divides the logits; 0 picks the likeliest")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--top-k", o->top_k, "sample from the k likeliest tokens (0: all)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--top-p", o->top_p, "sample from the likeliest tokens that make up p")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--seed", o->seed, "seeds the sampling");
  add_compute_options(*command, o->compute);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli

// buildgpt eval: how well a model predicts a text: cross-entropy and perplexity.
#include <cmath>
#include <iostream>

#include "apps/batches.h"
#include "apps/command.h"
#include "apps/compute_options.h"
#include "apps/model_folder.h"
#include "text/corpus.h"

namespace buildgpt::cli {
namespace {

struct Options {
  std::string model;
  std::string text;
  int64_t batch = 8;
  ComputeOptions compute;
  bool json = false;
};

int evaluate(CLI::App&, Options& o) {
  const Device device = apply(o.compute);
  LoadedModel loaded = load_model(o.model, device);
  std::vector<int64_t> ids;
  try {
    ids = loaded.tokenizer->encode(read_text_file(o.text), /*allow_special=*/true);
  } catch (const std::invalid_argument& e) {  // a character outside a char vocabulary
    throw std::runtime_error(o.text + ": " + e.what());
  }
  const std::vector<uint32_t> tokens(ids.begin(), ids.end());
  const int64_t context = loaded.model->config.context;
  std::optional<TokenDataset> data;
  try {
    data.emplace(tokens, DatasetOptions{.seq_len = context, .train_fraction = 1.0});
  } catch (const std::invalid_argument&) {
    throw std::runtime_error(o.text + ": " + std::to_string(tokens.size()) +
                             " tokens, fewer than one window of the model's context + 1 = " +
                             std::to_string(context + 1));
  }
  const Epoch windows = data->epoch(Split::Train, {o.batch, false, 0, false});
  const MeanLoss result = mean_loss(*loaded.model, windows, windows.size(), device);
  const double perplexity = std::exp(result.loss);
  const int64_t window_count = data->num_windows(Split::Train);
  if (o.json) {
    print_json({{"loss", result.loss},
                {"perplexity", perplexity},
                {"tokens", result.tokens},
                {"windows", window_count},
                {"context", context}});
  } else {
    std::cout << "loss        " << result.loss << " nats per token\n"
              << "perplexity  " << perplexity << "\n"
              << "tokens      " << result.tokens << " predicted, in " << window_count
              << " windows of " << context << " (" << loaded.tokenizer->name() << ", "
              << tokens.size() << " in the text)\n";
  }
  return 0;
}

}  // namespace

void add_eval(CLI::App& program, Run& run) {
  const auto [command, o] = add_command(
      program,
      {"eval", "a model's loss and perplexity on a text",
       "Cuts the text into windows of the model's context (one after another, each token\n"
       "predicted once; the tokens after the last whole window are left out) and prints the\n"
       "mean cross-entropy in nats per token, its exponential (the perplexity) and the count."},
      run, evaluate);
  add_model_folder_option(*command, o->model);
  command->add_option("--text", o->text, "a UTF-8 text file")->required();
  command->add_option("--batch", o->batch, "windows per forward pass")->check(CLI::PositiveNumber);
  add_compute_options(*command, o->compute);
  add_json_flag(*command, o->json);
}

}  // namespace buildgpt::cli

#include "lessons/common/gpt2_weights.h"

#include <cstdio>

#include "nn/hf_gpt2.h"
#include "text/paths.h"

namespace buildgpt::lessons {
namespace {

std::optional<StudiedGPT> load_trained() {
  const std::filesystem::path published = data_dir() / "models" / "gpt2",
                              trained = std::filesystem::path("out") / "17_model5_gpt2" / "model";
  if (nn::is_hf_gpt2_folder(published)) {
    return StudiedGPT{nn::load_hf_gpt2(published), "GPT-2 (published weights)",
                      "GPT-2's published weights (" + published.string() + ")"};
  }
  if (nn::is_hf_gpt2_folder(trained)) {
    return StudiedGPT{nn::load_hf_gpt2(trained), "lesson 17's trained model",
                      "lesson 17's trained model (" + trained.string() + ")"};
  }
  std::printf(
      "No trained GPT-2 to study. Either\n"
      "  - fetch GPT-2's published weights into %s (needs the internet):\n"
      "    bash scripts/fetch_gpt2.sh gpt2, or\n"
      "  - run lesson 17 from this folder: it trains a model and saves it to %s\n"
      "then run this lesson again. (--quick runs on a small untrained model of its own.)\n",
      published.c_str(), trained.c_str());
  return std::nullopt;
}

StudiedGPT untrained_small() {
  nn::GPTConfig config = nn::GPTConfig::preset("gpt2");
  config.context = 64;
  config.width = 48;
  config.heads = 4;
  Generator gen(0);
  auto model = std::make_unique<nn::GPT>(config, &gen);
  model->eval();
  return {std::move(model), "a small untrained GPT (--quick)",
          "a small untrained GPT of GPT-2's shape, width 48 (--quick)"};
}

}  // namespace

std::optional<StudiedGPT> studied_gpt(bool quick) {
  std::optional<StudiedGPT> studied = quick ? untrained_small() : load_trained();
  if (studied) {
    const nn::GPTConfig& c = studied->model->config;
    std::printf("the weights: %s\n  width %lld, %lld blocks, vocabulary %lld, context %lld\n\n",
                studied->source.c_str(), static_cast<long long>(c.width),
                static_cast<long long>(c.layers), static_cast<long long>(c.vocab_size),
                static_cast<long long>(c.context));
  }
  return studied;
}

}  // namespace buildgpt::lessons

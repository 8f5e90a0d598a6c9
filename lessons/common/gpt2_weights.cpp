#include "lessons/common/gpt2_weights.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "lessons/common/trained_gpt2.h"

namespace buildgpt::lessons {
namespace {

std::optional<StudiedGPT> load_trained() {
  try {
    TrainedGpt2 trained = load_trained_gpt2();
    return StudiedGPT{std::move(trained.model),
                      trained.published ? "GPT-2 (published weights)" : "lesson 17's trained model",
                      trained.description};
  } catch (const std::exception& e) {
    std::printf("%s\n(--quick runs on a small untrained model of its own.)\n", e.what());
    return std::nullopt;
  }
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

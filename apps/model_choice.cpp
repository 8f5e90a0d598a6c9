#include "apps/model_choice.h"

namespace buildgpt::cli {
namespace {

nn::GPTConfig sized(int64_t layers, int64_t heads, int64_t width, int64_t context) {
  nn::GPTConfig c;
  c.layers = layers;
  c.heads = heads;
  c.width = width;
  c.context = context;
  return c;
}

nn::GPTConfig preset(const std::string& name) {
  if (name == "tiny") return sized(2, 2, 32, 32);
  if (name == "small") return sized(4, 4, 128, 128);
  return nn::GPTConfig::preset(name);
}

}  // namespace

std::vector<std::string> model_preset_names() {
  std::vector<std::string> names = {"tiny", "small"};
  for (const std::string& name : nn::GPTConfig::preset_names()) names.push_back(name);
  return names;
}

void add_model_options(CLI::App& command, ModelChoice& choice) {
  command.add_option("--model", choice.preset, "the architecture: a preset")
      ->check(CLI::IsMember(model_preset_names()));
  command.add_option("--layers", choice.layers, "transformer blocks (0: the preset's)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--heads", choice.heads, "attention heads per block (0: the preset's)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--width", choice.width, "channels of the residual stream (0: the preset's)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--context", choice.context, "the longest sequence in tokens (0: the preset's)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--dropout", choice.dropout, "dropout probability in training")
      ->check(CLI::Range(0.0, 0.99));
}

nn::GPTConfig model_config(const ModelChoice& choice, int64_t vocab_size) {
  nn::GPTConfig config = preset(choice.preset);
  const std::pair<int64_t*, int64_t> sizes[] = {{&config.layers, choice.layers},
                                                {&config.heads, choice.heads},
                                                {&config.width, choice.width},
                                                {&config.context, choice.context}};
  for (const auto& [field, value] : sizes) {
    if (value > 0) *field = value;
  }
  config.dropout = choice.dropout;
  config.vocab_size = vocab_size;
  config.validate();
  return config;
}

ModelChoice resolved(const ModelChoice& choice) {
  const nn::GPTConfig config = model_config(choice, 1);
  return {choice.preset, config.layers, config.heads, config.width, config.context, choice.dropout};
}

nlohmann::ordered_json describe(const nn::GPTConfig& c) {
  return {{"vocab_size", c.vocab_size},
          {"context", c.context},
          {"width", c.width},
          {"heads", c.heads},
          {"layers", c.layers},
          {"bias", c.bias},
          {"tied_output", c.tied_output},
          {"dropout", c.dropout},
          {"layer_norm_eps", c.layer_norm_eps},
          {"gelu", c.gelu == GeluApproximation::Tanh ? "tanh" : "exact"},
          {"logit_scale", c.logit_scale}};
}

}  // namespace buildgpt::cli

#include "nn/gpt_config.h"

#include <cmath>
#include <map>
#include <stdexcept>

namespace buildgpt::nn {
namespace {

GPTConfig gpt2_sized(int64_t width, int64_t heads, int64_t layers) {
  GPTConfig c;
  c.width = width;
  c.heads = heads;
  c.layers = layers;
  return c;
}

const std::map<std::string, GPTConfig>& presets() {
  static const std::map<std::string, GPTConfig> table = [] {
    std::map<std::string, GPTConfig> t;
    t["gpt2"] = gpt2_sized(768, 12, 12);
    t["gpt2-medium"] = gpt2_sized(1024, 16, 24);
    t["gpt2-large"] = gpt2_sized(1280, 20, 36);
    t["gpt2-xl"] = gpt2_sized(1600, 25, 48);
    // The course's Model 4: 12 one-head blocks of width 128 over 8 tokens, exact GELU.
    GPTConfig model4 = gpt2_sized(128, 1, 12);
    model4.context = 8;
    model4.gelu = GeluApproximation::None;
    t["model4"] = model4;
    // Model 5: GPT-2 small's sizes with the exact GELU.
    GPTConfig model5 = gpt2_sized(768, 12, 12);
    model5.gelu = GeluApproximation::None;
    t["model5"] = model5;
    return t;
  }();
  return table;
}

void require(bool ok, const std::string& problem) {
  if (!ok) throw std::invalid_argument("GPTConfig: " + problem);
}

}  // namespace

GPTConfig GPTConfig::preset(const std::string& name) {
  const auto it = presets().find(name);
  if (it == presets().end()) {
    std::string known;
    for (const std::string& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("GPTConfig: no preset named \"" + name + "\" (known: " + known +
                                ")");
  }
  return it->second;
}

std::vector<std::string> GPTConfig::preset_names() {
  std::vector<std::string> names;
  for (const auto& [name, config] : presets()) names.push_back(name);
  return names;
}

void GPTConfig::validate() const {
  const std::pair<const char*, int64_t> sizes[] = {
      {"vocab_size", vocab_size}, {"context", context}, {"width", width},
      {"heads", heads},           {"layers", layers},
  };
  for (const auto& [name, value] : sizes) {
    require(value > 0, std::string(name) + " must be positive, got " + std::to_string(value));
  }
  require(width % heads == 0, "width " + std::to_string(width) + " is not divisible by " +
                                  std::to_string(heads) + " heads");
  require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + std::to_string(dropout));
  require(layer_norm_eps > 0,
          "layer_norm_eps must be positive, got " + std::to_string(layer_norm_eps));
  require(init_std > 0, "init_std must be positive, got " + std::to_string(init_std));
  require(norm_placement != NormPlacement::DeepNorm || residual_scale == ResidualScale::One,
          "DeepNorm scales the stream by its own alpha: residual_scale must be One");
}

double GPTConfig::branch_scale() const { return 1 / std::sqrt(2.0 * static_cast<double>(layers)); }
double GPTConfig::deepnorm_alpha() const {
  return std::pow(2.0 * static_cast<double>(layers), 0.25);
}
double GPTConfig::deepnorm_beta() const {
  return std::pow(8.0 * static_cast<double>(layers), -0.25);
}

// Per block: c_attn 3C² + 3C, c_proj C² + C, c_fc 4C² + 4C, mlp c_proj 4C² + C, two layer norms
// 4C (the biases and norm shifts only with `bias`; RMS norms have no shift): 12C² + 13C with
// biases, and two learned residual scales.
int64_t GPTConfig::parameter_count(bool tied_output_twice) const {
  const int64_t c = width, biases = bias ? 1 : 0;
  const int64_t norm = (1 + (norm_kind == NormKind::Layer ? biases : 0)) * c;
  const int64_t scales = residual_scale == ResidualScale::Learned ? 2 : 0;
  const int64_t per_block = 12 * c * c + 9 * biases * c + 2 * norm + scales;
  const int64_t embeddings = vocab_size * c + context * c;
  const int64_t final_norm = norm;
  const int64_t head = (tied_output && !tied_output_twice) ? 0 : vocab_size * c;
  return layers * per_block + embeddings + final_norm + head;
}

}  // namespace buildgpt::nn

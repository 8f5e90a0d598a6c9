#include "nn/layer_grad_norms.h"

#include <algorithm>
#include <cctype>

#include "nn/clip_grad.h"

namespace buildgpt::nn {
namespace {

bool numeric(const std::string& part) {
  return !part.empty() &&
         std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string layer_of(const std::string& name) {
  size_t begin = 0;
  for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', begin)) {
    if (numeric(name.substr(begin, dot - begin))) return name.substr(0, dot);
    begin = dot + 1;
  }
  const size_t last = name.rfind('.');
  return last == std::string::npos ? name : name.substr(0, last);
}

}  // namespace

std::vector<LayerParameters> parameters_by_layer(const Module& model) {
  std::vector<LayerParameters> layers;
  for (const auto& [name, p] : model.named_parameters()) {
    const std::string layer = layer_of(name);
    auto it = std::find_if(layers.begin(), layers.end(),
                           [&](const LayerParameters& l) { return l.name == layer; });
    if (it == layers.end()) it = layers.insert(layers.end(), {layer, {}});
    it->parameters.push_back(p);
  }
  return layers;
}

std::vector<double> layer_grad_norms(const std::vector<LayerParameters>& layers) {
  std::vector<double> norms;
  for (const LayerParameters& layer : layers) norms.push_back(grad_norm(layer.parameters));
  return norms;
}

}  // namespace buildgpt::nn

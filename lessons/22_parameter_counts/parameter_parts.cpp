#include "parameter_parts.h"

#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace buildgpt::lessons {
namespace {

// Which part a Linear layer belongs to: that of the module it sits in.
enum class Within { Model, Attention, Mlp };

class Walker {
 public:
  PartCounts parts;

  void walk(const nn::Module& m, Within within) {
    if (const auto* body = dynamic_cast<const nn::GPTTransformer*>(&m)) {
      add(body->wte->weight, Part::TokenEmbedding);
      add(body->wpe->weight, Part::PositionEmbedding);
    } else if (const auto* linear = dynamic_cast<const nn::Linear*>(&m)) {
      add_linear(*linear, within);
    } else if (const auto* norm = dynamic_cast<const nn::LayerNorm*>(&m)) {
      add(norm->weight, Part::LayerNormWeights);
      add(norm->bias, Part::LayerNormBiases);
    }
    for (const auto& [name, child] : m.children()) {
      if (dynamic_cast<const nn::CausalSelfAttention*>(child.get())) {
        walk(*child, Within::Attention);
      } else if (dynamic_cast<const nn::MLP*>(child.get())) {
        walk(*child, Within::Mlp);
      } else {
        walk(*child, within);
      }
    }
  }

 private:
  void add_linear(const nn::Linear& linear, Within within) {
    switch (within) {
      case Within::Attention:
        add(linear.weight, Part::AttentionWeights);
        add(linear.bias, Part::AttentionBiases);
        return;
      case Within::Mlp:
        add(linear.weight, Part::MlpWeights);
        add(linear.bias, Part::MlpBiases);
        return;
      case Within::Model:
        add(linear.weight, Part::Output);
        add(linear.bias, Part::Output);
        return;
    }
  }

  // Counts t unless it is absent or was counted already (a tied weight).
  void add(const Tensor& t, Part part) {
    if (!t.defined() || !seen_.insert(t.raw_data()).second) return;
    parts[part] += t.numel();
  }

  std::unordered_set<const void*> seen_;
};

}  // namespace

const char* part_name(Part part) {
  static constexpr std::array<const char*, kPartCount> names = {
      "token embedding",  "position embedding", "attention weights",
      "attention biases", "MLP weights",        "MLP biases",
      "layer-norm gains", "layer-norm shifts",  "output layer"};
  return names[static_cast<size_t>(part)];
}

int64_t PartCounts::total() const {
  return std::accumulate(count.begin(), count.end(), int64_t{0});
}

int64_t PartCounts::biases() const {
  return (*this)[Part::AttentionBiases] + (*this)[Part::MlpBiases] + (*this)[Part::LayerNormBiases];
}

PartCounts& PartCounts::operator+=(const PartCounts& other) {
  for (size_t i = 0; i < kPartCount; ++i) count[i] += other.count[i];
  return *this;
}

PartCounts operator+(PartCounts a, const PartCounts& b) { return a += b; }

PartCounts operator*(int64_t times, PartCounts parts) {
  for (int64_t& n : parts.count) n *= times;
  return parts;
}

PartCounts walk_modules(const nn::Module& module) {
  Walker walker;
  walker.walk(module, Within::Model);
  if (walker.parts.total() != module.num_parameters()) {
    throw std::logic_error("walk_modules: the walk found " + std::to_string(walker.parts.total()) +
                           " parameters, the module holds " +
                           std::to_string(module.num_parameters()) +
                           ": a module type the walk does not know");
  }
  return walker.parts;
}

PartCounts walk_one_block_model(const nn::GPTConfig& config) {
  nn::GPTConfig one_block = config;
  one_block.layers = 1;
  const nn::GPT model(one_block);
  return walk_modules(model) + (config.layers - 1) * walk_modules(*model.transformer->blocks[0]);
}

}  // namespace buildgpt::lessons

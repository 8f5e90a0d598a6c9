// Where a GPT's parameters are: each tensor put in one part (embeddings, attention, MLP, layer
// norms, an untied output layer), weights apart from biases. Two ways to count them: walking the
// modules by their type, and the shortcut that makes GPT-2 XL countable without its 6 GB.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "nn/nn.h"

namespace buildgpt::lessons {

enum class Part : size_t {
  TokenEmbedding,     // wte [V, C], also the output layer when tied
  PositionEmbedding,  // wpe [context, C]
  AttentionWeights,   // attn.c_attn [3C, C] and attn.c_proj [C, C]
  AttentionBiases,
  MlpWeights,  // mlp.c_fc [4C, C] and mlp.c_proj [C, 4C]
  MlpBiases,
  LayerNormWeights,  // the gains of ln_1, ln_2 and ln_f
  LayerNormBiases,   // their shifts
  Output,            // lm_head when it is not the token embedding
};
inline constexpr size_t kPartCount = 9;

// "token embedding", "attention biases", ...
const char* part_name(Part part);

struct PartCounts {
  std::array<int64_t, kPartCount> count{};

  int64_t& operator[](Part p) { return count[static_cast<size_t>(p)]; }
  int64_t operator[](Part p) const { return count[static_cast<size_t>(p)]; }
  int64_t total() const;
  // Every tensor named "...weight" (matrices, embeddings, layer-norm gains), and every "...bias".
  int64_t weights() const { return total() - biases(); }
  int64_t biases() const;

  PartCounts& operator+=(const PartCounts& other);
  bool operator==(const PartCounts&) const = default;
};

PartCounts operator+(PartCounts a, const PartCounts& b);
PartCounts operator*(int64_t times, PartCounts parts);

// Walks `module` and everything below it by module type: the embeddings of a GPTTransformer,
// the Linear layers inside a CausalSelfAttention (attention) or an MLP (MLP) or elsewhere (the
// output layer), the LayerNorms. A tensor reached twice (the tied output) counts once. Throws
// std::logic_error when the walk does not account for every parameter that
// module.num_parameters() counts (a module type it does not know).
PartCounts walk_modules(const nn::Module& module);

// The shortcut for a model too big to build: `config` with one block instead of config.layers,
// walked, plus its block walked config.layers - 1 times more. A GPT's blocks are built from the
// config alone, so they are all alike; the model built holds the real embeddings (GPT-2 XL:
// 451 MB instead of 6.2 GB).
PartCounts walk_one_block_model(const nn::GPTConfig& config);

}  // namespace buildgpt::lessons

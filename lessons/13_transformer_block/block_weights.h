// A block's parameters gathered for the exercises' signature (exercise 2 takes them loose).
#pragma once

#include "exercises.h"
#include "transformer_block.h"

namespace buildgpt::lessons {

inline BlockWeights block_weights(const TransformerBlock& b) {
  return {b.layerNormAttn->weight,
          b.layerNormAttn->bias,
          b.attn->query->weight,
          b.attn->key->weight,
          b.attn->value->weight,
          b.attn->W0->weight,
          b.layerNormMLP->weight,
          b.layerNormMLP->bias,
          b.W1->weight,
          b.W1->bias,
          b.W2->weight,
          b.W2->bias};
}

}  // namespace buildgpt::lessons

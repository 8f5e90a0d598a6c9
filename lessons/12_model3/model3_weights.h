// Model 3's parameters gathered for the exercises' signature (exercise 2 takes them loose).
#pragma once

#include "exercises.h"
#include "model3.h"

namespace buildgpt::lessons {

inline Model3Weights model3_weights(const Model3& m) {
  return {m.embedding->weight, m.positions->weight, m.layernorm->weight,
          m.layernorm->bias,   m.query->weight,     m.key->weight,
          m.value->weight,     m.W0->weight,        m.W0->bias};
}

}  // namespace buildgpt::lessons

// The vector math of one instruction set: a table of array functions, one table per file in this
// folder, each compiled with its own -m flags (autograd/CMakeLists.txt) and picked at load time
// by vector_math.cpp.
#pragma once

#include <cstdint>

namespace buildgpt::cpu {

struct VectorMathTable {
  const char* isa;
  void (*exp)(const float*, float*, int64_t);
  void (*log)(const float*, float*, int64_t);
  void (*tanh)(const float*, float*, int64_t);
  void (*erf)(const float*, float*, int64_t);
};

extern const VectorMathTable kMathAvx512, kMathAvx2, kMathSse2;

}  // namespace buildgpt::cpu

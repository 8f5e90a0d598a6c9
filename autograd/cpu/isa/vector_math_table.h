// The vector math of one instruction set as a table of array functions: on x86-64 one table per
// file in this folder, each compiled with its own -m flags (autograd/CMakeLists.txt) and picked at
// load time by vector_math.cpp; elsewhere vector_math.cpp's own table of C library calls.
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

#if defined(BUILDGPT_SLEEF_X86)
extern const VectorMathTable kMathAvx512, kMathAvx2, kMathSse2;
#endif

}  // namespace buildgpt::cpu

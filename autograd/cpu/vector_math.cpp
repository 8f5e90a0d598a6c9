#include "autograd/cpu/vector_math.h"

#include <cmath>

#include "autograd/cpu/isa/vector_math_table.h"

namespace buildgpt::cpu {
namespace {

#if defined(BUILDGPT_SLEEF_X86)

const VectorMathTable& pick() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return kMathAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return kMathAvx2;
  return kMathSse2;
}

#else

template <float (*F)(float)>
void scalar(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = F(x[i]);
}

const VectorMathTable& pick() {
  static const VectorMathTable scalar_table = {"scalar", &scalar< ::expf>, &scalar< ::logf>,
                                               &scalar< ::tanhf>, &scalar< ::erff>};
  return scalar_table;
}

#endif

// Chosen at the first call, so a static initialiser elsewhere may call it too.
const VectorMathTable& table() {
  static const VectorMathTable& chosen = pick();
  return chosen;
}

}  // namespace

void vector_exp(const float* x, float* y, int64_t n) { table().exp(x, y, n); }
void vector_log(const float* x, float* y, int64_t n) { table().log(x, y, n); }
void vector_tanh(const float* x, float* y, int64_t n) { table().tanh(x, y, n); }
void vector_erf(const float* x, float* y, int64_t n) { table().erf(x, y, n); }
void vector_exp(float* x, int64_t n) { table().exp(x, x, n); }
void vector_tanh(float* x, int64_t n) { table().tanh(x, x, n); }
void vector_erf(float* x, int64_t n) { table().erf(x, x, n); }
const char* vector_math_isa() { return table().isa; }

}  // namespace buildgpt::cpu

// The body of an instruction set's vector math table. The including file defines
//   BUILDGPT_ISA_NAME, BUILDGPT_ISA_TABLE   the name and the table it fills
//   BUILDGPT_ISA_VECTOR, BUILDGPT_ISA_WIDTH the register type and its floats
//   BUILDGPT_ISA_LOAD, BUILDGPT_ISA_STORE   unaligned load and store
//   BUILDGPT_ISA_SLEEF(f)                   SLEEF's 1-ulp function f for that register
// Everything here has internal linkage, so no code compiled for one instruction set can stand in
// for another's at link time.
#include <sleef.h>

#include "autograd/cpu/isa/vector_math_table.h"

namespace buildgpt::cpu {
namespace {

// y[i] = F(x[i]), BUILDGPT_ISA_WIDTH at a time; the last, partial group through a padded copy.
// (SLEEF declares its functions as returning a const vector, hence `auto`.)
template <auto F>
void apply(const float* x, float* y, int64_t n) {
  constexpr int64_t w = BUILDGPT_ISA_WIDTH;
  int64_t i = 0;
  for (; i + w <= n; i += w) BUILDGPT_ISA_STORE(y + i, F(BUILDGPT_ISA_LOAD(x + i)));
  if (i == n) return;
  float pad[w] = {};
  for (int64_t j = i; j < n; ++j) pad[j - i] = x[j];
  BUILDGPT_ISA_STORE(pad, F(BUILDGPT_ISA_LOAD(pad)));
  for (int64_t j = i; j < n; ++j) y[j] = pad[j - i];
}

}  // namespace

extern const VectorMathTable BUILDGPT_ISA_TABLE = {
    BUILDGPT_ISA_NAME,
    &apply<BUILDGPT_ISA_SLEEF(exp)>,
    &apply<BUILDGPT_ISA_SLEEF(log)>,
    &apply<BUILDGPT_ISA_SLEEF(tanh)>,
    &apply<BUILDGPT_ISA_SLEEF(erf)>,
};

}  // namespace buildgpt::cpu

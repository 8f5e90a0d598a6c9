// exp, log, tanh and erf over arrays of floats through SLEEF's vector functions (each within one
// ulp of the exact value), as wide as the processor runs: AVX-512, AVX2 or SSE2, chosen once when
// the program loads. The C library's functions take one float per call; these take 16, 8 or 4.
// Kernels that need one of them inside a formula work through a row in blocks of kMathBlock
// floats: compute the argument into a buffer (a loop the compiler vectorises), apply the
// function to the buffer, finish the formula; the block stays in the first-level cache.
#pragma once

#include <cstdint>

namespace buildgpt::cpu {

constexpr int64_t kMathBlock = 256;

// y[i] = f(x[i]) for i in [0, n); y may be x.
void vector_exp(const float* x, float* y, int64_t n);
void vector_log(const float* x, float* y, int64_t n);
void vector_tanh(const float* x, float* y, int64_t n);
void vector_erf(const float* x, float* y, int64_t n);
// In place: x[i] = f(x[i]) (a block buffer that a loop has just filled).
void vector_exp(float* x, int64_t n);
void vector_tanh(float* x, int64_t n);
void vector_erf(float* x, int64_t n);

// The instruction set in use: "avx512", "avx2", "sse2", or "scalar" (no SLEEF on this
// architecture: the C library, one element at a time).
const char* vector_math_isa();

}  // namespace buildgpt::cpu

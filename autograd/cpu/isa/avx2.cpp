// Vector math with AVX2 and FMA (compiled with -mavx2 -mfma): 8 floats a call.
#define BUILDGPT_ISA_NAME "avx2"
#define BUILDGPT_ISA_TABLE kMathAvx2
#define BUILDGPT_ISA_VECTOR __m256
#define BUILDGPT_ISA_WIDTH 8
#define BUILDGPT_ISA_LOAD _mm256_loadu_ps
#define BUILDGPT_ISA_STORE _mm256_storeu_ps
#define BUILDGPT_ISA_SLEEF(f) Sleef_##f##f8_u10avx2
#include "autograd/cpu/isa/vector_math_body.h"

// Vector math with AVX-512 (compiled with -mavx512f): 16 floats a call.
#define BUILDGPT_ISA_NAME "avx512"
#define BUILDGPT_ISA_TABLE kMathAvx512
#define BUILDGPT_ISA_VECTOR __m512
#define BUILDGPT_ISA_WIDTH 16
#define BUILDGPT_ISA_LOAD _mm512_loadu_ps
#define BUILDGPT_ISA_STORE _mm512_storeu_ps
#define BUILDGPT_ISA_SLEEF(f) Sleef_##f##f16_u10avx512f
#include "autograd/cpu/isa/vector_math_body.h"

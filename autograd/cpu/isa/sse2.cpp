// Vector math with SSE2, which every x86-64 processor has: 4 floats a call.
#define BUILDGPT_ISA_NAME "sse2"
#define BUILDGPT_ISA_TABLE kMathSse2
#define BUILDGPT_ISA_VECTOR __m128
#define BUILDGPT_ISA_WIDTH 4
#define BUILDGPT_ISA_LOAD _mm_loadu_ps
#define BUILDGPT_ISA_STORE _mm_storeu_ps
#define BUILDGPT_ISA_SLEEF(f) Sleef_##f##f4_u10sse2
#include "autograd/cpu/isa/vector_math_body.h"

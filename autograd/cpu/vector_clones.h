// BUILDGPT_VECTOR_CLONES before a function compiles it twice, for AVX2 (8 floats a step) and for
// any x86-64 (4), the copy picked when the program loads: how a loop the compiler vectorises runs
// at the processor's width without building the whole program for one processor. Left out
// elsewhere and under the sanitizers, whose instrumentation does not mix with the load-time
// choice.
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BUILDGPT_NO_CLONES
#endif
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(BUILDGPT_NO_CLONES)
#define BUILDGPT_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define BUILDGPT_VECTOR_CLONES
#endif

// Which OpenBLAS kernels run, and choosing better ones than OpenBLAS's own guess.
//
// OpenBLAS picks its kernels ("core type") when it loads, from the processor's model. On virtual
// machines that report a generic model it can fall back to its oldest SSE3 kernels ("Prescott")
// although the processor has AVX2 or AVX-512, and run matrix products 4-5× slower. OpenBLAS reads
// OPENBLAS_CORETYPE only when it loads, so the fix is to run the program again with it set: at
// start-up, unless the user set OPENBLAS_CORETYPE (never overridden) or BUILDGPT_BLAS_CORE=off,
// a program whose OpenBLAS core is older than the processor supports (or than the core named by
// BUILDGPT_BLAS_CORE) first checks, in a child process, that the better core computes a small
// product correctly, then re-executes itself with it. A failed check keeps OpenBLAS's choice and
// says so in one line on stderr.
#pragma once

#include <string>

namespace buildgpt::cpu {

// The core type the processor's features allow: "SkylakeX" with AVX-512 (F, BW, DQ, VL),
// "Haswell" with AVX2 and FMA, or "" when neither (nothing better to ask for).
std::string supported_core();
// Set before main, once the core type is settled.
extern const bool kBlasCoreChosen;
// Whether OpenBLAS core type `current` is older than `wanted` (both OpenBLAS names); unknown
// names are never older.
bool core_is_older(const std::string& current, const std::string& wanted);
// The core type OpenBLAS runs ("Haswell", "SkylakeX", ...).
std::string current_core();
// One line describing the BLAS in use: library and version, threading, core type, threads, and
// whether the core type was chosen by us, by the user, or by OpenBLAS.
std::string blas_description();

}  // namespace buildgpt::cpu

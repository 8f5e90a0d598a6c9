// Adds the OpenBLAS kernel family in use (openblas_get_corename(): "Haswell", "SkylakeX", ...) to
// a benchmark program's header lines: matrix-product figures mean little without it.
#pragma once

#include <benchmark/benchmark.h>
#include <cblas.h>

namespace buildgpt {

inline const bool kOpenblasContext = [] {
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  return true;
}();

}  // namespace buildgpt

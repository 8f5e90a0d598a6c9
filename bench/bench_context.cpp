// Every benchmark run states the BLAS it measured: library, threading, threads and core type.
#include <benchmark/benchmark.h>

#include "autograd/cpu/blas_core.h"

namespace buildgpt {
namespace {

const bool kBlasContextAdded = [] {
  benchmark::AddCustomContext("blas", cpu::blas_description());
  return true;
}();

}  // namespace
}  // namespace buildgpt

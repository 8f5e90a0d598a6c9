// The unit of work of the kernels that go through vector_math: a block of at most kMathBlock
// consecutive floats of one row.
#pragma once

#include <algorithm>
#include <cstdint>

#include "autograd/cpu/parallel.h"
#include "autograd/cpu/vector_math.h"

namespace buildgpt::cpu {

// Calls block(offset, column, n) for the blocks of n <= kMathBlock floats that cover each row of
// a [rows, cols] array: offset is the block's first element, column its first column. Blocks run
// in parallel; `cost` is the work per element in elementary operations.
template <typename Block>
void for_each_block(int64_t rows, int64_t cols, int64_t cost, const Block& block) {
  const int64_t per_row = (cols + kMathBlock - 1) / kMathBlock;
  parallel_for(rows * per_row, grain_for(kMathBlock * cost), [&](int64_t begin, int64_t end) {
    for (int64_t u = begin; u < end; ++u) {
      const int64_t r = u / per_row, c = (u % per_row) * kMathBlock;
      block(r * cols + c, c, std::min(kMathBlock, cols - c));
    }
  });
}

}  // namespace buildgpt::cpu

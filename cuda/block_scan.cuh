// Running sums along a row by the threads of one block (cumsum's rows, multinomial's CDFs): the
// row in chunks of kScanThreads, each chunk a block-wide scan seeded with the total so far.
#pragma once

#include <cstdint>
#include <cub/block/block_scan.cuh>

namespace buildgpt::cuda {

constexpr int kScanThreads = 256;

template <typename Acc>
using BlockScan = cub::BlockScan<Acc, kScanThreads>;

// store(i, Σ_{j <= i} load(j)) for i in [0, n); every thread of a block of kScanThreads calls it.
template <typename Acc, typename Load, typename Store>
__device__ void block_running_sums(int64_t n, typename BlockScan<Acc>::TempStorage& temp, Load load,
                                   Store store) {
  Acc carry = 0;  // the first warp's threads keep the total of the chunks so far
  auto prefix = [&carry](Acc chunk_total) {
    const Acc before = carry;
    carry += chunk_total;
    return before;
  };
  for (int64_t c = 0; c < n; c += kScanThreads) {
    const int64_t i = c + threadIdx.x;
    Acc x = i < n ? load(i) : Acc{0};
    BlockScan<Acc>(temp).InclusiveSum(x, x, prefix);
    if (i < n) store(i, x);
    __syncthreads();  // the temporary storage is reused by the next chunk
  }
}

}  // namespace buildgpt::cuda

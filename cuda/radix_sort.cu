// The one file that instantiates CUB's radix sorts (they are slow to compile).
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_segmented_radix_sort.cuh>
#include <limits>

#include "autograd/tensor.h"
#include "cuda/allocator.h"
#include "cuda/launch.cuh"
#include "cuda/radix_sort.h"

namespace buildgpt::cuda {
namespace {

__global__ void segment_offsets_kernel(int* offsets, int64_t segments, int per_segment) {
  for (int64_t s = grid_first(); s <= segments; s += grid_stride()) {
    offsets[s] = static_cast<int>(s) * per_segment;
  }
}

}  // namespace

void sort_pairs(const char* op, const uint64_t* keys_in, uint64_t* keys_out,
                const int64_t* values_in, int64_t* values_out, int64_t segments,
                int64_t per_segment, int bits) {
  const int64_t n = segments * per_segment;
  if (n == 0) return;
  if (n > std::numeric_limits<int>::max()) {
    fail(op, "the CUDA sort handles at most 2^31 - 1 elements, got " + std::to_string(n));
  }
  const auto items = static_cast<int>(n);
  size_t temp_bytes = 0;
  if (segments == 1) {
    BUILDGPT_CUDA_CHECK(
        op, cub::DeviceRadixSort::SortPairs(nullptr, temp_bytes, keys_in, keys_out, values_in,
                                            values_out, items, 0, bits, stream()));
    DeviceBuffer temp(temp_bytes);
    BUILDGPT_CUDA_CHECK(
        op, cub::DeviceRadixSort::SortPairs(temp.as<void>(), temp_bytes, keys_in, keys_out,
                                            values_in, values_out, items, 0, bits, stream()));
    return;
  }
  DeviceBuffer offsets((segments + 1) * sizeof(int));
  launch_over(segments + 1, op, "segment_offsets_kernel", segment_offsets_kernel, offsets.as<int>(),
              segments, static_cast<int>(per_segment));
  const int* begins = offsets.as<int>();
  const auto count = static_cast<int>(segments);
  BUILDGPT_CUDA_CHECK(op, cub::DeviceSegmentedRadixSort::SortPairs(
                              nullptr, temp_bytes, keys_in, keys_out, values_in, values_out, items,
                              count, begins, begins + 1, 0, bits, stream()));
  DeviceBuffer temp(temp_bytes);
  BUILDGPT_CUDA_CHECK(op, cub::DeviceSegmentedRadixSort::SortPairs(
                              temp.as<void>(), temp_bytes, keys_in, keys_out, values_in, values_out,
                              items, count, begins, begins + 1, 0, bits, stream()));
}

}  // namespace buildgpt::cuda

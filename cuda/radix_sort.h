// Stable sorts of (key, value) pairs on the GPU, for sort/topk and for index_add's ordering of
// repeated indices. Keys are unsigned and sort ascending by their low `bits` bits; equal keys keep
// their order (a radix sort is stable), which is how ties go to the lower index.
#pragma once

#include <cstdint>

namespace buildgpt::cuda {

// Sorts `segments` consecutive segments of `per_segment` pairs each, from (keys_in, values_in)
// into (keys_out, values_out), all in device memory.
void sort_pairs(const char* op, const uint64_t* keys_in, uint64_t* keys_out,
                const int64_t* values_in, int64_t* values_out, int64_t segments,
                int64_t per_segment, int bits);

}  // namespace buildgpt::cuda

// Half-precision floats as files store them (IEEE binary16 "F16" and bfloat16 "BF16"), widened to
// float32 exactly: every value of both formats, infinities and NaNs included, is a float32.
#pragma once

#include <cstdint>

namespace buildgpt::nn {

// binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits; subnormals included.
float half_to_float(uint16_t bits);
// bfloat16: the upper 16 bits of a float32.
float bfloat16_to_float(uint16_t bits);

}  // namespace buildgpt::nn

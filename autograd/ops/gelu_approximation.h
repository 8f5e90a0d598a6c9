// Which form of GELU an op computes, shared by gelu (elementwise.h), bias_gelu (fused.h) and the
// kernels of the device seam (backend.h), which need the choice and none of the ops.
#pragma once

namespace buildgpt {

// GELU: x·Φ(x) exactly (erf form), or the tanh approximation GPT-2 was trained with.
enum class GeluApproximation { None, Tanh };

}  // namespace buildgpt
